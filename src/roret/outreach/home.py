"""The blocks outreach contributes to the home page (hook ``core.home``,
roret.core.sections): the outreach worker's latest contacts and open requests, and this
month's contacts for management."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from roret.accounts.models import Role, User
from roret.accounts.rules import role
from roret.core.sections import Section
from roret.outreach import selectors


def worker_block(*, user: User) -> Section | None:
    if not role(Role.OUTREACH_WORKER).test(user):
        return None
    home = selectors.worker_home(user=user)
    reads = (
        _("Outreach: my latest contacts"),
        _("Outreach: my application requests not yet registered"),
    )
    return Section("outreach/_home_worker.html", {"home": home}, order=30, reads=reads)


def manager_block(*, user: User) -> Section | None:
    if not role(Role.MANAGER).test(user):
        return None
    return Section(
        "outreach/_home_figures.html", {"figures": selectors.month_contacts(user=user)}, order=62
    )
