"""The block plans contributes to the home page (hook ``core.home``, roret.core.sections):
the coordinator's agreements overdue or due this week."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from roret.accounts.models import Role, User
from roret.accounts.rules import role
from roret.core.sections import Section
from roret.plans import selectors


def coordinator_block(*, user: User) -> Section | None:
    if not role(Role.COORDINATOR).test(user):
        return None
    due = selectors.agreements_due(user=user)
    return Section(
        "plans/_home_agreements.html",
        {"due": due},
        order=20,
        reads=(_("Agreements in plans I coordinate"),),
    )
