"""Reads in outreach. A page that shows one known citizen gets the decided access from the
gate, which checked need-to-know and wrote the page's one access-log entry; lists log one
entry with their criterion. Anonymous persons and the aggregate pages (area overview,
report) are not citizen data. Every page runs a fixed number of queries whatever the data
size."""

from __future__ import annotations

import base64
import binascii
import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Max, OuterRef, Q, Subquery
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import Role, User
from roret.audit.models import AccessLogEntry
from roret.casework.models import Application, LegalBasis
from roret.casework.services import PROCESSING_REPORT
from roret.core import kept
from roret.core.aggregates import DaysBetween, Histogram, histogram_mean, histogram_percentile
from roret.core.deadlines import add_months
from roret.core.paging import Pager, PageRequest, paginate
from roret.core.periods import report_period
from roret.organisation.models import Area, Team
from roret.outreach.models import (
    DEFAULT_CAPACITY,
    AnonymousPerson,
    ApplicationReferral,
    CaseloadEntry,
    Contact,
)
from roret.outreach.rules import (
    can_place_workers,
    can_read_area_overview,
    can_read_outreach_report,
    can_read_team_caseload,
    can_record_contacts,
    can_register_referrals,
)
from roret.outreach.services import OUTREACH_REPORT
from roret.people import cpr
from roret.people.access import (
    CitizenAccess,
    citizens_visible_to,
    log_citizen_access,
    log_list,
    visible_citizen_filter,
)
from roret.people.models import Citizen
from roret.people.selectors import citizen_search
from roret.plans.models import Plan

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CONTACT_OBJECT = "outreach.contact"
CITIZEN_SECTION_LIMIT = 20
NOT_SEEN_CHOICES = (14, 30, 60, 90)
DEFAULT_NOT_SEEN = 30
Action = AccessLogEntry.Action


def _log_list(user: User, purpose: StrOrPromise, criterion: str = "") -> None:
    log_list(
        user=user,
        purpose=purpose,
        criterion=criterion,
        object_type=CONTACT_OBJECT,
        action=Action.VIEW,
    )


def _visible_among(user: User, citizen_ids: Iterable[int | None]) -> set[int]:
    """Which of these citizens the user may see: one query over the few rows a page shows,
    which stays fast where the whole visible set (a subquery over every citizen) would not."""
    wanted = {pk for pk in citizen_ids if pk is not None}
    if not wanted:
        return set()
    return set(citizens_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))


def _last_contact(**by: Any) -> Subquery:
    """The date of the citizen's latest outreach contact (by ``by``: e.g. a team's members)."""
    contacts = Contact.objects.filter(citizen_id=OuterRef("citizen_id"), **by).order_by(
        "-occurred_on"
    )
    return Subquery(contacts.values("occurred_on")[:1])


# The worker's own page ----------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerPage:
    caseload: Pager[CaseloadEntry]
    anonymous_persons: Pager[AnonymousPerson]
    contacts: Pager[Contact]
    today: datetime.date


# The worker page's three lists, each paged on its own in the same URL.
WORKER_LISTS = ("caseload", "persons", "contacts")


def worker_page(
    *,
    user: User,
    area_id: int | None = None,
    paging: dict[str, PageRequest] | None = None,
    filters: str = "",
) -> WorkerPage:
    """Who the worker follows, the anonymous persons their department has met, and their
    latest contacts, each list one page with its total (``paging`` maps ``WORKER_LISTS`` to
    each list's page), narrowed to one area. One access-log entry for the page. Need-to-know
    is part of each list's query (a correlated EXISTS per row of the worker's own rows), so
    a total counts only what the worker may see.

    A citizen followed through several follow-ups (alone and with a team, or started again
    at identification) is one row: the follow-up that began first, so "since" is when the
    worker or their team began following them."""
    if not can_record_contacts.test(user):
        raise PermissionDenied
    today = timezone.localdate()
    followed = CaseloadEntry.objects.active_in(today, today).filter(
        Q(worker=user) | Q(team_id__in=user.team_ids)
    )
    first_of_citizen = (
        followed.filter(citizen_id=OuterRef("citizen_id")).order_by("starts_on", "id").values("id")
    )
    paging = paging or {}
    persons_qs = AnonymousPerson.objects.filter(
        department_id__in=user.department_ids, citizen__isnull=True
    )
    contacts_qs = Contact.objects.filter(staff=user).filter(
        visible_citizen_filter(user) | Q(citizen__isnull=True)
    )
    if area_id is not None:
        followed = followed.filter(area_id=area_id)
        persons_qs = persons_qs.filter(area_id=area_id)
        contacts_qs = contacts_qs.filter(area_id=area_id)
    caseload = paginate(
        followed.filter(id=Subquery(first_of_citizen[:1]))
        .filter(visible_citizen_filter(user))
        .select_related("citizen", "area", "team", "household")
        .annotate(last_contact=_last_contact())
        .order_by("citizen__last_name", "citizen__first_name", "id"),
        paging.get("caseload") or PageRequest(prefix="caseload"),
    )
    persons = paginate(
        persons_qs.select_related("area")
        .annotate(contact_count=Count("contacts"), last_contact=Max("contacts__occurred_on"))
        .order_by("-first_met_on", "id"),
        paging.get("persons") or PageRequest(prefix="persons"),
    )
    contacts = paginate(
        contacts_qs.select_related("citizen", "anonymous_person", "area").order_by(
            "-occurred_on", "-id"
        ),
        paging.get("contacts") or PageRequest(prefix="contacts"),
    )
    _log_list(user, _("Outreach: my caseload and contacts"), filters)
    return WorkerPage(caseload=caseload, anonymous_persons=persons, contacts=contacts, today=today)


# The home page ------------------------------------------------------------------------------

# A home block shows the first rows of its list; the list page shows the rest.
HOME_ROWS = 5
HOME_CONTACT_DAYS = 30


@dataclass(frozen=True)
class WorkerHome:
    """The outreach worker's latest contacts and their requests for an application that
    casework has not registered yet, each with its total."""

    contacts: list[Contact]
    contacts_total: int
    requests: list[ApplicationReferral]
    requests_total: int
    days: int = HOME_CONTACT_DAYS


def worker_home(*, user: User) -> WorkerHome:
    """Four queries; no access-log entry (the home page writes its one). A contact shows
    when it is anonymous or its citizen is visible to the user, as on the worker's page."""
    if not can_record_contacts.test(user):
        raise PermissionDenied
    since = timezone.localdate() - datetime.timedelta(days=HOME_CONTACT_DAYS)
    contacts = Contact.objects.filter(
        Q(citizen__isnull=True) | visible_citizen_filter(user), staff=user, occurred_on__gt=since
    )
    requests = ApplicationReferral.objects.filter(
        visible_citizen_filter(user), requested_by=user, application__isnull=True
    )
    return WorkerHome(
        contacts=list(
            contacts.select_related("citizen", "anonymous_person", "area").order_by(
                "-occurred_on", "-id"
            )[:HOME_ROWS]
        ),
        contacts_total=contacts.count(),
        requests=list(
            requests.select_related("citizen", "legal_basis").order_by("requested_on", "id")[
                :HOME_ROWS
            ]
        ),
        requests_total=requests.count(),
    )


def month_contacts(*, user: User, today: datetime.date | None = None) -> dict[str, int]:
    """This month's outreach contacts and the persons they reached (known and anonymous),
    for management: one aggregate query, no names."""
    if not can_read_outreach_report.test(user):
        raise PermissionDenied
    today = today or timezone.localdate()
    return Contact.objects.filter(
        occurred_on__gte=today.replace(day=1), occurred_on__lte=today
    ).aggregate(
        contacts=Count("pk"),
        citizens=Count("citizen", distinct=True),
        anonymous=Count("anonymous_person", distinct=True),
    )


# One contact, one anonymous person ----------------------------------------------------------
#
# The routes pass ``roret.outreach.gate.person_route`` (or the citizen gate) first: when the
# contact or the person names a citizen, ``access`` is the gate's decided and logged access
# to that citizen, and nothing here logs again; while the person is anonymous, ``access`` is
# None and the department that met them is the only one to see them.


def _check_person(
    user: User,
    *,
    citizen_id: int | None,
    department_id: int,
    access: CitizenAccess | None,
) -> Citizen | None:
    if citizen_id is not None:
        # Identified (perhaps since the gate looked): only with the access to that citizen.
        if access is None or access.citizen_id != citizen_id:
            raise Http404
        return access.citizen
    if not can_record_contacts.test(user):
        raise PermissionDenied
    if department_id not in user.department_ids:
        raise Http404
    return None


@dataclass(frozen=True)
class ContactPage:
    contact: Contact
    citizen: Citizen | None
    referrals: list[ApplicationReferral]


def contact_page(
    *, user: User, contact_id: int, access: CitizenAccess | None = None
) -> ContactPage:
    """A contact: with a known citizen under the gate's access, with an anonymous person for
    the department that met them."""
    contact = (
        Contact.objects.select_related("area", "staff", "anonymous_person", "household")
        .filter(pk=contact_id)
        .first()
    )
    if contact is None:
        raise Http404
    citizen = _check_person(
        user, citizen_id=contact.citizen_id, department_id=contact.department_id, access=access
    )
    referrals = list(
        ApplicationReferral.objects.filter(contact=contact).select_related(
            "legal_basis", "team", "application"
        )
    )
    return ContactPage(contact=contact, citizen=citizen, referrals=referrals)


def contact_of(*, access: CitizenAccess, contact_id: int) -> Contact:
    """A contact with the citizen of ``access``, for a form that acts from it."""
    return access.row(Contact.objects.select_related("area"), contact_id)


def current_plan(*, access: CitizenAccess) -> Plan | None:
    """The citizen's current plan, for an agreement recorded from a contact."""
    plan = Plan.objects.filter(citizen_id=access.citizen_id, is_current=True).first()
    if plan is not None:
        plan.citizen = access.citizen
    return plan


@dataclass(frozen=True)
class PersonPage:
    person: AnonymousPerson
    contacts: list[Contact]


def anonymous_person_page(
    *, user: User, person_id: int, access: CitizenAccess | None = None
) -> PersonPage:
    """An anonymous person with their contacts; once identified, only the fact of it (the
    contacts are the citizen's, shown on the citizen's overview)."""
    person = AnonymousPerson.objects.filter(pk=person_id).select_related("area").first()
    if person is None:
        raise Http404
    citizen = _check_person(
        user, citizen_id=person.citizen_id, department_id=person.department_id, access=access
    )
    if citizen is not None:
        person.citizen = citizen
        return PersonPage(person=person, contacts=[])
    contacts = list(person.contacts.select_related("area", "staff").order_by("-occurred_on"))
    return PersonPage(person=person, contacts=contacts)


# On the citizen's overview ------------------------------------------------------------------


@dataclass(frozen=True)
class CitizenSection:
    contacts: list[Contact]
    caseload: list[CaseloadEntry]
    can_record: bool


def citizen_section(*, access: CitizenAccess) -> CitizenSection:
    """The outreach part of the citizen overview, whose gate decided and logged the access."""
    citizen, user = access.citizen, access.user
    today = timezone.localdate()
    contacts = list(
        Contact.objects.filter(citizen=citizen)
        .select_related("area", "staff", "anonymous_person", "household")
        .order_by("-occurred_on", "-id")[:CITIZEN_SECTION_LIMIT]
    )
    caseload = list(
        CaseloadEntry.objects.active_in(today, today)
        .filter(citizen=citizen)
        .select_related("worker", "team", "area")
    )
    return CitizenSection(
        contacts=contacts, caseload=caseload, can_record=bool(can_record_contacts.test(user))
    )


# Team caseload (M-ACT) ----------------------------------------------------------------------


@dataclass(frozen=True)
class TeamRow:
    entry: CaseloadEntry
    last_contact: datetime.date | None
    not_seen: bool


@dataclass(frozen=True)
class TeamCaseload:
    teams: list[Team]
    rows: list[TeamRow]
    days: int
    today: datetime.date

    @property
    def not_seen_count(self) -> int:
        return sum(1 for row in self.rows if row.not_seen)


def team_caseload(*, user: User, days: int = DEFAULT_NOT_SEEN) -> TeamCaseload:
    """The whole team's caseload with the last contact per citizen by any team member, and
    who has not been seen for ``days`` days."""
    if not can_read_team_caseload.test(user):
        raise PermissionDenied
    if days not in NOT_SEEN_CHOICES:
        days = DEFAULT_NOT_SEEN
    today = timezone.localdate()
    limit = today - datetime.timedelta(days=days)
    entries = list(
        CaseloadEntry.objects.active_in(today, today)
        .filter(team_id__in=user.team_ids)
        .select_related("citizen", "team", "area", "household")
        .annotate(last_contact=_last_contact(staff__teams=OuterRef("team_id")))
        .order_by("team__name", "citizen__last_name", "citizen__first_name", "id")
    )
    visible = _visible_among(user, [entry.citizen_id for entry in entries])
    rows = [
        TeamRow(
            entry=entry,
            last_contact=entry.last_contact,
            not_seen=entry.last_contact is None or entry.last_contact < limit,
        )
        for entry in entries
        if entry.citizen_id in visible
    ]
    teams = list(Team.objects.filter(pk__in=user.team_ids).order_by("name"))
    _log_list(user, _("Outreach: team caseload"), criterion=f"not seen for {days} days")
    return TeamCaseload(teams=teams, rows=rows, days=days, today=today)


# Referrals to casework ----------------------------------------------------------------------


def referral_inbox(
    *,
    user: User,
    team_id: int | None = None,
    paging: PageRequest | None = None,
    filters: str = "",
) -> Pager[ApplicationReferral]:
    """Requests from outreach waiting for the user's department to register them, oldest
    first: one page with the total, of the citizens the user may see, narrowed to a team."""
    if not can_register_referrals.test(user):
        raise PermissionDenied
    queryset = ApplicationReferral.objects.filter(
        visible_citizen_filter(user),
        application__isnull=True,
        team__department_id__in=user.department_ids,
    )
    if team_id is not None:
        queryset = queryset.filter(team_id=team_id)
    rows = paginate(
        queryset.select_related(
            "citizen", "legal_basis", "team", "requested_by", "contact__area"
        ).order_by("requested_on", "id"),
        paging or PageRequest(),
    )
    _log_list(user, _("Application requests from outreach"), filters)
    return rows


# Load against capacity ----------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    label: str
    load: int
    capacity: int
    area: Area | None = None
    worker_id: int | None = None

    @property
    def share(self) -> int | None:
        return round(100 * self.load / self.capacity) if self.capacity else None

    @property
    def over(self) -> bool:
        return self.load > self.capacity


@dataclass(frozen=True)
class AreaOverview:
    year: int
    workers: list[Load]
    areas: list[Load]
    teams: list[Load]


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def area_overview(*, user: User, year: int | None = None) -> AreaOverview:
    """Persons and families followed during the year against capacity, per worker, area and
    team: counts only, no citizen data. Five queries whatever the data."""
    if not can_read_area_overview.test(user):
        raise PermissionDenied
    year = year or timezone.localdate().year
    start, end = _year_bounds(year)
    entries = CaseloadEntry.objects.active_in(start, end)
    by_worker = dict(
        entries.filter(worker__isnull=False)
        .values_list("worker_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_area = dict(entries.values_list("area_id").annotate(n=Count("id")).order_by())
    by_team = dict(
        entries.filter(team__isnull=False).values_list("team_id").annotate(n=Count("id")).order_by()
    )
    workers = list(
        User.objects.filter(
            Q(roles__code=Role.OUTREACH_WORKER, is_active=True)
            | Q(pk__in=list(by_worker))
            | Q(outreach_worker__isnull=False)
        )
        .distinct()
        .select_related("outreach_worker__area")
        .order_by("first_name", "last_name", "id")
    )
    worker_rows = []
    area_capacity: dict[int, int] = defaultdict(int)
    for worker in workers:
        profile = getattr(worker, "outreach_worker", None)
        capacity = profile.capacity if profile else DEFAULT_CAPACITY
        area = profile.area if profile else None
        if area is not None:
            area_capacity[area.pk] += capacity
        worker_rows.append(
            Load(
                label=worker.get_full_name() or worker.get_username(),
                load=by_worker.get(worker.pk, 0),
                capacity=capacity,
                area=area,
                worker_id=worker.pk,
            )
        )
    areas = [
        Load(label=area.name, load=by_area.get(area.pk, 0), capacity=area_capacity[area.pk])
        for area in Area.objects.order_by("name")
    ]
    teams = [
        Load(label=team.name, load=by_team[team.pk], capacity=0)
        for team in Team.objects.filter(pk__in=list(by_team)).order_by("name")
    ]
    return AreaOverview(year=year, workers=worker_rows, areas=areas, teams=teams)


# The report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """Days from receipt to decision for a group of decided applications, as how many
    applications took each number of days."""

    histogram: Histogram = field(default_factory=dict)

    @classmethod
    def of(cls, days: Iterable[int]) -> Timing:
        histogram: Histogram = {}
        for value in days:
            histogram[value] = histogram.get(value, 0) + 1
        return cls(histogram)

    @property
    def count(self) -> int:
        return sum(self.histogram.values())

    @property
    def median(self) -> float | None:
        return histogram_percentile(self.histogram, 0.5)

    @property
    def mean(self) -> float | None:
        return histogram_mean(self.histogram)


@dataclass(frozen=True)
class BasisComparison:
    legal_basis: LegalBasis
    fast_track: Timing
    ordinary: Timing


@dataclass(frozen=True)
class MonthRow:
    month: datetime.date
    new_anonymous: int
    new_known: int
    identified: int

    @property
    def new_persons(self) -> int:
        return self.new_anonymous + self.new_known


@dataclass(frozen=True)
class OutreachReport:
    today: datetime.date
    start: datetime.date
    end: datetime.date  # exclusive
    months: list[datetime.date]
    areas: list[tuple[Area, list[int], int]]  # area, contacts per month, total
    persons: list[MonthRow]
    anonymous_met: int
    anonymous_identified: int
    requests_raised: int
    requests_approved: int
    comparison: list[BasisComparison]

    @property
    def share_identified(self) -> float | None:
        if not self.anonymous_met:
            return None
        return 100 * self.anonymous_identified / self.anonymous_met


def _report_months(missing: list[datetime.date]) -> dict[datetime.date, Any]:
    """Per month of ``missing``: contacts per area (``{area id: n}``), anonymous persons
    first met and how many of them were identified since, and known citizens met for the
    first time (not counting persons first met anonymously): a contact with no earlier one
    of the same citizen. Three aggregate queries over the months' span."""
    first, last = min(missing), add_months(max(missing), 1)
    months: dict[datetime.date, dict[str, Any]] = {
        m: {"areas": {}, "anonymous": [0, 0], "known": 0} for m in missing
    }

    def month(value: Any) -> dict[str, Any]:
        return months.get(kept.as_date(value), {"areas": {}, "anonymous": [0, 0], "known": 0})

    span = {"occurred_on__gte": first, "occurred_on__lt": last}
    for area_id, value, n in (
        Contact.objects.filter(**span)
        .annotate(month=TruncMonth("occurred_on"))
        .values_list("area_id", "month")
        .annotate(n=Count("id"))
        .order_by()
    ):
        month(value)["areas"][str(area_id)] = n
    for value, n, identified in (
        AnonymousPerson.objects.filter(first_met_on__gte=first, first_met_on__lt=last)
        .annotate(month=TruncMonth("first_met_on"))
        .values_list("month")
        .annotate(n=Count("id"), identified=Count("id", filter=Q(citizen__isnull=False)))
        .order_by()
    ):
        month(value)["anonymous"] = [n, identified]
    met_anonymously = AnonymousPerson.objects.filter(citizen__isnull=False).values("citizen_id")
    as_known = Contact.objects.filter(anonymous_person__isnull=True, citizen__isnull=False)
    earlier = as_known.filter(
        citizen_id=OuterRef("citizen_id"), occurred_on__lt=OuterRef("occurred_on")
    )
    for value, n in (
        as_known.filter(**span)
        .exclude(citizen_id__in=met_anonymously)
        .exclude(Exists(earlier))
        .annotate(month=TruncMonth("occurred_on"))
        .values_list("month")
        .annotate(n=Count("citizen_id", distinct=True))
        .order_by()
    ):
        month(value)["known"] = n
    return months


def outreach_report(*, user: User, today: datetime.date | None = None) -> OutreachReport:
    """The last 12 months: contacts per area per month, new persons reached, the share of
    anonymous persons identified, and the fast-track requests raised from contacts with how
    fast their applications were decided against ordinary applications of the same legal
    basis. Aggregates only; a fixed number of queries."""
    if not can_read_outreach_report.test(user):
        raise PermissionDenied
    today = today or timezone.localdate()
    start, end, months = report_period(today)
    per_month = kept.monthly(
        report=OUTREACH_REPORT, months=months, today=today, compute=_report_months
    )
    areas = []
    for area in Area.objects.order_by("name"):
        counts = [per_month[m]["areas"].get(str(area.pk), 0) for m in months]
        areas.append((area, counts, sum(counts)))
    persons = [
        MonthRow(
            month=m,
            new_anonymous=per_month[m]["anonymous"][0],
            new_known=per_month[m]["known"],
            identified=per_month[m]["anonymous"][1],
        )
        for m in months
    ]

    raised = ApplicationReferral.objects.filter(
        requested_on__gte=start, requested_on__lt=end
    ).aggregate(
        raised=Count("id"),
        approved=Count("id", filter=Q(application__fast_track=True)),
    )
    return OutreachReport(
        today=today,
        start=start,
        end=end,
        months=months,
        areas=areas,
        persons=persons,
        anonymous_met=sum(row.new_anonymous for row in persons),
        anonymous_identified=sum(row.identified for row in persons),
        requests_raised=raised["raised"],
        requests_approved=raised["approved"],
        comparison=fast_track_comparison(months=months, today=today),
    )


# Kept with the processing report's months: the comparison counts the same decisions, so
# every write that forgets a month of that report forgets this part of it too.
FAST_TRACK_COMPARISON = f"{PROCESSING_REPORT}{kept.PART}outreach"


def _comparison_months(missing: list[datetime.date]) -> dict[datetime.date, Any]:
    """Per month of ``missing``: for each legal basis, the days from receipt to decision as
    ``[[days, count], ...]`` of the applications raised from outreach and of the ordinary
    ones, both for every basis (which bases are compared depends on the whole period)."""
    from_outreach = ApplicationReferral.objects.filter(application=OuterRef("pk"))
    first, last = min(missing), add_months(max(missing), 1)
    months: dict[datetime.date, dict[str, list[list[list[int]]]]] = {m: {} for m in missing}
    for month, basis_id, outreach, days, n in (
        Application.objects.filter(
            status__in=Application.DECIDED,
            own_initiative=False,
            decided_on__gte=first,
            decided_on__lt=last,
        )
        .annotate(from_outreach=Exists(from_outreach))
        .filter(Q(from_outreach=True) | Q(fast_track=False))
        .annotate(month=TruncMonth("decided_on"), days=DaysBetween("decided_on", "received_on"))
        .values_list("month", "legal_basis_id", "from_outreach", "days")
        .annotate(n=Count("id"))
        .order_by()
    ):
        figures = months.get(kept.as_date(month))
        if figures is not None:
            figures.setdefault(str(basis_id), [[], []])[0 if outreach else 1].append([days, n])
    return months


def fast_track_comparison(
    *, months: list[datetime.date], today: datetime.date
) -> list[BasisComparison]:
    """Per legal basis with a decided application raised from an outreach contact: days from
    receipt to decision of those applications, against ordinary applications (no fast track,
    not from outreach) of the same legal basis decided in the same months. Withdrawn
    applications and cases on the municipality's own initiative are not counted. Ended
    months as kept (``roret.core.kept``); the open month counted up to today."""
    per_month = kept.monthly(
        report=FAST_TRACK_COMPARISON, months=months, today=today, compute=_comparison_months
    )
    groups: dict[int, tuple[Histogram, Histogram]] = defaultdict(lambda: ({}, {}))
    for figures in per_month.values():
        for basis_id, histograms in (figures or {}).items():
            for histogram, pairs in zip(groups[int(basis_id)], histograms, strict=True):
                for days, n in pairs:
                    histogram[days] = histogram.get(days, 0) + n
    compared = [pk for pk, (outreach, _ordinary) in groups.items() if outreach]
    bases = LegalBasis.objects.filter(pk__in=compared).order_by("order", "law", "paragraph")
    return [
        BasisComparison(
            legal_basis=basis,
            fast_track=Timing(groups[basis.pk][0]),
            ordinary=Timing(groups[basis.pk][1]),
        )
        for basis in bases
    ]


@dataclass(frozen=True)
class WorkerForForm:
    name: str
    initial: dict[str, Any]


def worker_for_form(*, user: User, worker_id: int) -> WorkerForForm:
    if not can_place_workers.test(user):
        raise PermissionDenied
    worker = (
        User.objects.filter(pk=worker_id, is_active=True).select_related("outreach_worker").first()
    )
    if worker is None:
        raise Http404
    profile = getattr(worker, "outreach_worker", None)
    return WorkerForForm(
        name=worker.get_full_name() or worker.get_username(),
        initial={
            "area": profile.area_id if profile else None,
            "capacity": profile.capacity if profile else DEFAULT_CAPACITY,
        },
    )


# Identifying an anonymous person ---------------------------------------------------------

_CPR_LIKE = re.compile(r"^\s*\d{6}-?\d{4}\s*$")


@dataclass(frozen=True)
class IdentifyResult:
    """Who the person may be: by CPR the one citizen with that number among all citizens
    (``identity`` carries the number, encrypted, to the choice), by name citizens the worker
    may already see."""

    citizens: list[Citizen]
    by_cpr: bool
    identity: str = ""
    truncated: bool = False


def identify_search(*, user: User, query: str) -> IdentifyResult:
    """The identify page's search. A CPR number the person gives is looked up exactly,
    through the blind index, among all citizens (the person in front of the worker is the
    reason to know; a name is never browsed beyond the citizens the worker may see), and
    logged with its criterion masked and the citizen found. A name is the citizen search,
    which logs itself."""
    if not can_record_contacts.test(user):
        raise PermissionDenied
    if not _CPR_LIKE.match(query):
        found = citizen_search(user=user, query=query)
        return IdentifyResult(citizens=found.citizens, by_cpr=False, truncated=found.truncated)
    facts = cpr.parse(query.strip())
    match = Citizen.objects.filter(cpr_index=cpr.blind_index(facts.number)).first()
    log_citizen_access(
        actor=user,
        citizen_id=match.pk if match else None,
        action=Action.SEARCH,
        purpose=_("Identifying a person met by outreach"),
        access_department_id=min(user.department_ids, default=None),
        criterion=f"CPR: {cpr.masked(facts.number)}",
    )
    identity = base64.urlsafe_b64encode(cpr.encrypt(facts.number)).decode() if match else ""
    return IdentifyResult(citizens=[match] if match else [], by_cpr=True, identity=identity)


def identity_number(identity: str) -> str | None:
    """The CPR number an identify result carried to the choice, or None when the value was
    not made by ``identify_search`` (changed, or under another key)."""
    try:
        return cpr.decrypt(base64.urlsafe_b64decode(identity.encode()))
    except (ValueError, binascii.Error):
        return None
