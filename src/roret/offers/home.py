"""The blocks offers contributes to the home page (hook ``core.home``, roret.core.sections):
provider staff's referrals awaiting an answer and today's course sessions, and this month's
referrals and enrolments for management."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import Role, User
from roret.accounts.rules import role
from roret.core.sections import Section, figures_section, role_block
from roret.offers import selectors

provider_block = role_block(
    role(Role.PROVIDER_STAFF),
    "offers/_home_provider.html",
    lambda user: {"home": selectors.provider_home(user=user)},
    order=25,
    reads=(_("Referrals to my department's offers awaiting an answer"),),
)


def manager_block(*, user: User) -> Section | None:
    if not role(Role.MANAGER).test(user):
        return None
    figures = selectors.month_enrolments(user=user)
    return figures_section(
        id="home-offer-figures",
        heading=_("Offers this month"),
        figures=[
            (_("Referrals"), figures["referrals"]),
            (_("New enrolments"), figures["started"]),
            (_("Enrolments ended"), figures["ended"]),
        ],
        url=reverse("offers:report"),
        link=_("See the offer outcome report"),
        order=61,
    )
