"""The blocks outreach contributes to the home page (hook ``core.home``,
roret.core.sections): the outreach worker's latest contacts and open requests, and this
month's contacts for management."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import Role, User
from roret.accounts.rules import role
from roret.core.sections import Section, figures_section, role_block
from roret.outreach import selectors

worker_block = role_block(
    role(Role.OUTREACH_WORKER),
    "outreach/_home_worker.html",
    lambda user: {"home": selectors.worker_home(user=user)},
    order=30,
    reads=(
        _("Outreach: my latest contacts"),
        _("Outreach: my application requests not yet registered"),
    ),
)


def manager_block(*, user: User) -> Section | None:
    if not role(Role.MANAGER).test(user):
        return None
    figures = selectors.month_contacts(user=user)
    return figures_section(
        id="home-outreach-figures",
        heading=_("Outreach this month"),
        figures=[
            (_("Contacts"), figures["contacts"]),
            (_("Known citizens met"), figures["citizens"]),
            (_("Anonymous persons met"), figures["anonymous"]),
        ],
        url=reverse("outreach:report"),
        link=_("See the outreach report"),
        order=62,
    )
