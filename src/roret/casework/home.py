"""The blocks casework contributes to the home page (hook ``core.home``, roret.core.sections):
the caseworker's open applications, the team leader's fast-track requests and the team's
overdue applications, and this month's figures for management."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import Role, User
from roret.accounts.rules import role
from roret.casework import selectors
from roret.core.sections import Section, figures_section, role_block

caseworker_block = role_block(
    role(Role.CASEWORKER),
    "casework/_home_caseworker.html",
    lambda user: {"queue": selectors.open_applications(user=user, scope="mine")},
    order=10,
    reads=(_("My open applications"),),
)


def _team_leader_home(user: User) -> dict[str, Any]:
    return {
        "pending": selectors.fast_track_pending(user=user, limit=selectors.HOME_ROWS, log=False),
        "overdue": selectors.open_applications(user=user, scope="team", overdue_only=True),
    }


team_leader_block = role_block(
    role(Role.TEAM_LEADER),
    "casework/_home_team_leader.html",
    _team_leader_home,
    order=5,
    reads=(
        _("Fast-track requests from my teams awaiting a decision"),
        _("My teams' applications past their deadline"),
    ),
)


def manager_block(*, user: User) -> Section | None:
    if not role(Role.MANAGER).test(user):
        return None
    figures = selectors.month_figures(user=user)
    return figures_section(
        id="home-application-figures",
        heading=_("Applications this month"),
        figures=[
            (_("Received"), figures.received),
            (_("Decided"), figures.decided),
            (_("Decided after the deadline"), figures.decided_late),
            (_("Open past the deadline today"), figures.open_past_deadline),
        ],
        url=reverse("casework:report"),
        link=_("See the processing-time report"),
        order=60,
    )
