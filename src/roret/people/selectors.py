"""Reads of citizen data. Each function checks need-to-know and writes one access-log entry."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.audit.selectors import CitizenAccessLogRow, citizen_access_log
from roret.people import cpr
from roret.people.access import (
    citizen_for,
    citizens_visible_to,
    log_citizen_access,
    purpose_text,
)
from roret.people.models import (
    Citizen,
    CitizenLink,
    Consent,
    HouseholdMember,
    NetworkParty,
    ProblemArea,
    Relation,
)
from roret.people.rules import can_read_citizen_access_log

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SEARCH_LIMIT = 50
# Something the user meant as a CPR number: six digits, an optional dash, four digits.
_CPR_LIKE = re.compile(r"^\s*\d{6}-?\d{4}\s*$")


@dataclass(frozen=True)
class SearchResult:
    citizens: list[Citizen]
    criterion_kind: str  # "cpr" or "name"
    truncated: bool


def citizen_search(*, user: User, query: str) -> SearchResult:
    """Search by CPR (exact, through the blind index) or by name, among visible citizens.

    Always logged with its criterion; a CPR criterion is logged masked.
    """
    query = query.strip()
    visible = citizens_visible_to(user).select_related("acting_municipality")
    if _CPR_LIKE.match(query):
        facts = cpr.parse(query)  # raises a Danish ValidationError for an impossible number
        matches: QuerySet[Citizen] = visible.filter(cpr_index=cpr.blind_index(facts.number))
        kind, criterion = "cpr", f"CPR: {cpr.masked(facts.number)}"
    else:
        words = query.split()
        if not words or len(query) < 2:
            raise ValidationError(_("Type at least two letters of a name, or a CPR number."))
        condition = Q()
        for word in words[:5]:
            condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
        matches = visible.filter(condition)
        kind, criterion = "name", f"{purpose_text(_('Name'))}: {query[:100]}"
    rows = list(matches.order_by("last_name", "first_name", "id")[: SEARCH_LIMIT + 1])
    log_citizen_access(
        actor=user,
        citizen_id=rows[0].pk if len(rows) == 1 else None,
        action=AccessLogEntry.Action.SEARCH,
        purpose=_("Citizen search"),
        access_department_id=rows[0].access_department_id if len(rows) == 1 else None,  # type: ignore[attr-defined]
        criterion=criterion,
    )
    return SearchResult(
        citizens=rows[:SEARCH_LIMIT], criterion_kind=kind, truncated=len(rows) > SEARCH_LIMIT
    )


@dataclass(frozen=True)
class CitizenOverview:
    citizen: Citizen
    household_members: list[HouseholdMember]
    relations: list[Relation]
    problem_areas: list[ProblemArea]
    network: list[NetworkParty]
    consents: list[Consent]
    links: list[CitizenLink]


def citizen_overview(*, user: User, citizen_id: int) -> CitizenOverview:
    """Everything the overview page shows, in a fixed number of queries."""
    today = timezone.localdate()
    citizen = citizen_for(
        user,
        citizen_id,
        action=AccessLogEntry.Action.VIEW,
        purpose=_("Citizen overview"),
        queryset=Citizen.objects.select_related(
            "acting_municipality", "paying_municipality"
        ).prefetch_related(
            Prefetch(
                "households__household__members",
                queryset=HouseholdMember.objects.select_related("citizen").order_by(
                    "role", "citizen__last_name"
                ),
            ),
            Prefetch(
                "relations",
                queryset=Relation.objects.select_related("relative").order_by(
                    "kind", "relative__last_name"
                ),
            ),
            Prefetch("problem_areas", queryset=ProblemArea.objects.select_related("type")),
            Prefetch(
                "network",
                queryset=NetworkParty.objects.select_related("department", "partner"),
            ),
            Prefetch("consents", queryset=Consent.objects.select_related("department", "partner")),
            Prefetch(
                "links",
                queryset=CitizenLink.objects.active_on(today)
                .select_related("department", "team")
                .order_by("department__name"),
            ),
        ),
    )
    members = [
        member
        for membership in citizen.households.all()
        for member in membership.household.members.all()
        if member.citizen_id != citizen.pk
    ]
    return CitizenOverview(
        citizen=citizen,
        household_members=members,
        relations=list(citizen.relations.all()),
        problem_areas=list(citizen.problem_areas.all()),
        network=list(citizen.network.all()),
        consents=list(citizen.consents.all()),
        links=list(citizen.links.all()),
    )


def citizen_for_form(*, user: User, citizen_id: int, purpose: StrOrPromise) -> Citizen:
    """The citizen shown on a form page (edit, add problem area, ...): one view entry."""
    return citizen_for(user, citizen_id, action=AccessLogEntry.Action.VIEW, purpose=purpose)


def citizen_access_log_for_staff(
    *, user: User, citizen_id: int
) -> tuple[Citizen, list[CitizenAccessLogRow]]:
    """The log of who looked at the citizen, for staff with a role that may read it."""
    if not can_read_citizen_access_log.test(user):
        raise PermissionDenied
    citizen = citizen_for(
        user,
        citizen_id,
        action=AccessLogEntry.Action.VIEW,
        purpose=_("Reading the citizen's access log"),
        object_type="audit.accesslogentry",
        object_id=str(citizen_id),
    )
    return citizen, citizen_access_log(citizen_id=citizen.pk, for_citizen=False)
