"""The block plans contributes to the home page (hook ``core.home``, roret.core.sections):
the coordinator's agreements overdue or due this week."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from roret.accounts.models import Role
from roret.accounts.rules import role
from roret.core.sections import role_block
from roret.plans import selectors

coordinator_block = role_block(
    role(Role.COORDINATOR),
    "plans/_home_agreements.html",
    lambda user: {"due": selectors.agreements_due(user=user)},
    order=20,
    reads=(_("Agreements in plans I coordinate"),),
)
