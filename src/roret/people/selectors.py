"""Reads of citizen data. Each function checks need-to-know and writes one access-log entry."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import User
from roret.audit.selectors import CitizenAccessLogRow, citizen_access_log_page
from roret.core.paging import Pager, PageRequest
from roret.people import cpr
from roret.people.access import (
    CitizenAccess,
    citizens_visible_to,
    log_list,
    purpose_text,
)
from roret.people.models import (
    CONSENT_LINK,
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
    pass

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
    log_list(
        user=user,
        purpose=_("Citizen search"),
        criterion=criterion,
        citizen_id=rows[0].pk if len(rows) == 1 else None,
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


def overview_queryset() -> QuerySet[Citizen]:
    """The citizen with everything the overview shows: the gate's one read of the page."""
    today = timezone.localdate()
    return Citizen.objects.select_related(
        "acting_municipality", "paying_municipality"
    ).prefetch_related(
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
            .exclude(source_type=CONSENT_LINK)
            .select_related("department", "team")
            # Earliest first within a department and team: its row shows the earliest start.
            .order_by("department__name", "department_id", "team__name", "team_id", "starts_on"),
        ),
    )


def citizen_overview(*, access: CitizenAccess) -> CitizenOverview:
    """Everything the overview page shows, from the citizen the gate read with
    ``overview_queryset`` (or read here with it, for callers without a gate)."""
    citizen = access.citizen
    if "links" not in getattr(citizen, "_prefetched_objects_cache", {}):
        citizen = overview_queryset().get(pk=citizen.pk)
    # The other members of the citizen's households in one query: through the memberships
    # it took three.
    members = list(
        HouseholdMember.objects.filter(household__members__citizen=citizen)
        .exclude(citizen=citizen)
        .select_related("citizen")
        .order_by("household_id", "role", "citizen__last_name", "pk")
        .distinct()
    )
    seen: set[tuple[int, int | None]] = set()
    links = []
    for link in citizen.links.all():
        # One line per department and team, however many cases give the same reason.
        if (link.department_id, link.team_id) not in seen:
            seen.add((link.department_id, link.team_id))
            links.append(link)
    return CitizenOverview(
        citizen=citizen,
        household_members=members,
        relations=list(citizen.relations.all()),
        problem_areas=list(citizen.problem_areas.all()),
        network=list(citizen.network.all()),
        consents=list(citizen.consents.all()),
        links=links,
    )


def citizen_access_log_for_staff(
    *,
    access: CitizenAccess,
    paging: PageRequest | None = None,
    action: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> Pager[CitizenAccessLogRow]:
    """The log of who looked at the citizen, for staff with a role that may read it (the
    gate's role: ``can_read_citizen_access_log``): one page with its total, narrowed to one
    kind of use and a period."""
    if not can_read_citizen_access_log.test(access.user):
        raise PermissionDenied
    return citizen_access_log_page(
        citizen_id=access.citizen_id,
        for_citizen=False,
        paging=paging or PageRequest(),
        action=action,
        start=start,
        end=end,
    )
