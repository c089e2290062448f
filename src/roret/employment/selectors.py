"""Reads for the employment pages, the sections other pages show, and the yearly report.

A page about one citizen (or one of their cards or jobs) is behind the citizen gate
(``roret.people.gate``), which decided the access and logged the page's one entry: its
selector takes that ``CitizenAccess`` and logs nothing more. The overview, a list, logs one
``search`` entry; the sections shown on people's and plans' pages log nothing (their page
already has). Each read runs a fixed number of queries: totals are summed in the database,
grouped by citizen and year."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.core.paging import Pager, PageRequest, paginate
from roret.employment.models import Earning, EarningYear, Frikort, FrikortCap, Job
from roret.employment.rules import can_manage_employment
from roret.people.access import CitizenAccess, citizens_visible_to, log_list
from roret.people.models import Citizen
from roret.plans.models import Plan

Action = AccessLogEntry.Action

NEAR_SHARE = Decimal(80)
FULL_SHARE = Decimal(100)
# The reminder appears this many days before the eligibility check is due.
REMINDER_DAYS = 60
# A list page shows at most this many rows per list; the heading gives the full count.
LIST_LIMIT = 200


@dataclass(frozen=True)
class YearStatus:
    """A citizen's earnings under the frikort in one calendar year against that year's cap."""

    year: int
    total: Decimal
    cap: Decimal | None

    @property
    def share(self) -> Decimal | None:
        """Percent of the cap used, to one decimal; None when the year has no cap."""
        if self.cap is None:
            return None
        return (self.total * 100 / self.cap).quantize(Decimal("0.1"))

    @property
    def remaining(self) -> Decimal | None:
        return None if self.cap is None else self.cap - self.total

    @property
    def level(self) -> str:
        """``no_cap``, ``ok``, ``near`` (80 % or more) or ``full`` (100 % or more)."""
        if self.cap is None:
            return "no_cap"
        used = self.total * 100 / self.cap
        if used >= FULL_SHARE:
            return "full"
        if used >= NEAR_SHARE:
            return "near"
        return "ok"

    @property
    def warns(self) -> bool:
        return self.level in ("near", "full")


def caps_for(years: Iterable[int]) -> dict[int, Decimal]:
    return dict(FrikortCap.objects.filter(year__in=list(years)).values_list("year", "amount"))


def year_totals(
    citizen_ids: Iterable[int] | None, years: Iterable[int]
) -> dict[tuple[int, int], Decimal]:
    """(citizen id, year) -> the sum of earnings registered for months of that year (kept
    in ``EarningYear`` as each earning is registered)."""
    kept = EarningYear.objects.filter(year__in=list(years))
    if citizen_ids is not None:
        kept = kept.filter(citizen_id__in=list(citizen_ids))
    return {
        (citizen_id, year): total
        for citizen_id, year, total in kept.values_list("citizen_id", "year", "total")
    }


def year_status(*, citizen_id: int, year: int) -> YearStatus:
    """The citizen's kept total for the year and the year's cap, read in one query."""
    row = (
        Citizen.objects.filter(pk=citizen_id)
        .values(
            total=Subquery(
                EarningYear.objects.filter(citizen_id=OuterRef("pk"), year=year).values("total")
            ),
            cap=Subquery(FrikortCap.objects.filter(year=year).values("amount")),
        )
        .first()
    ) or {"total": None, "cap": None}
    return YearStatus(year=year, total=row["total"] or Decimal("0.00"), cap=row["cap"])


def check_reminder(frikort: Frikort | None, today: datetime.date) -> str:
    """``overdue``, ``due`` (within the reminder window) or an empty string."""
    if frikort is None or frikort.deactivated_on is not None:
        return ""
    if frikort.next_check_due < today:
        return "overdue"
    if frikort.next_check_due <= today + datetime.timedelta(days=REMINDER_DAYS):
        return "due"
    return ""


@dataclass(frozen=True)
class EarningRow:
    earning: Earning
    running_total: Decimal


@dataclass(frozen=True)
class CitizenEmployment:
    citizen: Citizen
    year: int
    today: datetime.date
    frikorts: list[Frikort]
    active_frikort: Frikort | None
    jobs: list[Job]
    status: YearStatus
    earnings: list[EarningRow]
    other_years: list[YearStatus]
    reminder: str


def citizen_employment(*, access: CitizenAccess, year: int | None = None) -> CitizenEmployment:
    """The citizen's employment page: frikort decisions, jobs, and the chosen year's
    earnings month by month with the running total against that year's cap (the gate has
    checked ``can_manage_employment``)."""
    citizen = access.citizen
    today = timezone.localdate()
    year = year or today.year
    frikorts = list(
        Frikort.objects.filter(citizen=citizen).select_related("department", "decided_by")
    )
    jobs = list(Job.objects.filter(citizen=citizen).select_related("department"))
    earnings = list(
        Earning.objects.filter(frikort__citizen=citizen, month__year=year)
        .select_related("job")
        .order_by("month", "job__employer_name", "id")
    )
    totals_by_year = (
        Earning.objects.filter(frikort__citizen=citizen)
        .annotate(year=ExtractYear("month"))
        .values("year")
        .annotate(total=Sum("amount"))
        .order_by("-year")
    )
    totals = {row["year"]: row["total"] for row in totals_by_year}
    caps = dict(FrikortCap.objects.values_list("year", "amount"))
    running = Decimal("0.00")
    rows = []
    for earning in earnings:
        running += earning.amount
        rows.append(EarningRow(earning=earning, running_total=running))
    active = next((f for f in frikorts if f.deactivated_on is None), None)
    return CitizenEmployment(
        citizen=citizen,
        year=year,
        today=today,
        frikorts=frikorts,
        active_frikort=active,
        jobs=jobs,
        status=YearStatus(year=year, total=running, cap=caps.get(year)),
        earnings=rows,
        other_years=[
            YearStatus(year=y, total=total, cap=caps.get(y)) for y, total in totals.items()
        ],
        reminder=check_reminder(active, today),
    )


@dataclass(frozen=True)
class CapWarning:
    citizen: Citizen
    status: YearStatus


@dataclass(frozen=True)
class EmploymentOverview:
    today: datetime.date
    year: int
    cap: Decimal | None
    checks: Pager[Frikort]
    warnings: Pager[CapWarning]


# The overview's two lists, each paged on its own in the same URL.
OVERVIEW_LISTS = ("checks", "warnings")
CHECK_STATUSES = ("overdue", "soon")


def _near_cap(citizens: QuerySet[Any], year: int, cap: Decimal) -> QuerySet[Citizen]:
    """Citizens among ``citizens`` (a subquery of ids) whose earnings this year reach 80 %
    of the cap, highest first, each with its ``year_total``.

    Read from the kept year totals (``EarningYear``) in their index's order, each row's
    need-to-know checked as it is read: summing every visible citizen's earnings on every
    page cost a large municipality's whole year of earnings."""
    return (
        Citizen.objects.filter(
            pk__in=citizens,
            earning_years__year=year,
            earning_years__total__gte=cap * NEAR_SHARE / 100,
        )
        .annotate(year_total=F("earning_years__total"))
        .order_by("-year_total", "id")
    )


def _warning(person: Citizen, year: int, cap: Decimal) -> CapWarning:
    return CapWarning(
        citizen=person,
        status=YearStatus(year=year, total=person.year_total, cap=cap),  # type: ignore[attr-defined]
    )


def _warnings(citizens: QuerySet[Any], year: int, cap: Decimal | None) -> list[CapWarning]:
    """The first ``LIST_LIMIT`` of ``_near_cap`` as warnings; nothing when the year has no
    cap. One query whatever the data."""
    if cap is None:
        return []
    return [_warning(person, year, cap) for person in _near_cap(citizens, year, cap)[:LIST_LIMIT]]


def employment_overview(
    *,
    user: User,
    today: datetime.date | None = None,
    check_status: str = "",
    paging: dict[str, PageRequest] | None = None,
) -> EmploymentOverview:
    """The caseworker's overview over the citizens they may see: eligibility checks due
    within the reminder window or overdue (``check_status`` narrows to one of them), and
    this year's earnings at 80 % of the cap; each list one page with its total."""
    if not can_manage_employment.test(user):
        raise PermissionDenied
    today = today or timezone.localdate()
    paging = paging or {}
    visible = citizens_visible_to(user).values("pk")
    due = Frikort.objects.filter(
        deactivated_on__isnull=True,
        next_check_due__lte=today + datetime.timedelta(days=REMINDER_DAYS),
        citizen_id__in=visible,
    )
    if check_status == "overdue":
        due = due.filter(next_check_due__lt=today)
    elif check_status == "soon":
        due = due.filter(next_check_due__gte=today)
    checks = paginate(
        due.select_related("citizen").order_by("next_check_due", "id"),
        paging.get("checks") or PageRequest(prefix="checks"),
    )
    cap = caps_for([today.year]).get(today.year)
    warnings_page = paging.get("warnings") or PageRequest(prefix="warnings")
    if cap is None:
        warnings: Pager[CapWarning] = paginate([], warnings_page)
    else:
        warnings = paginate(_near_cap(visible, today.year, cap), warnings_page).map(
            lambda person: _warning(person, today.year, cap)
        )
    log_list(
        user=user,
        purpose=gettext_lazy("Employment overview: eligibility checks and frikort warnings"),
        criterion=_("Citizens I may see: checks due and earnings near the cap"),
        object_type="employment.frikort",
    )
    return EmploymentOverview(
        today=today,
        year=today.year,
        cap=cap,
        checks=checks,
        warnings=warnings,
    )


@dataclass(frozen=True)
class CitizenSummary:
    citizen: Citizen
    frikort: Frikort | None
    status: YearStatus
    reminder: str
    active_jobs: list[Job]


def citizen_summary(*, access: CitizenAccess) -> CitizenSummary | None:
    """For the citizen's overview page (its gate has decided and logged the access)."""
    if not can_manage_employment.test(access.user):
        return None
    citizen = access.citizen
    today = timezone.localdate()
    frikort = Frikort.objects.filter(citizen=citizen, deactivated_on__isnull=True).first()
    jobs = [
        job
        for job in Job.objects.filter(citizen=citizen, starts_on__lte=today).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today)
        )
    ]
    return CitizenSummary(
        citizen=citizen,
        frikort=frikort,
        status=year_status(citizen_id=citizen.pk, year=today.year),
        reminder=check_reminder(frikort, today),
        active_jobs=jobs,
    )


def follow_up_warnings(*, user: User) -> list[CapWarning]:
    """For the coordinator's follow-up list (which has logged its search): citizens in the
    current plans the user coordinates whose earnings this year reach 80 % of the cap."""
    year = timezone.localdate().year
    coordinated = Plan.objects.filter(
        coordinator=user,
        is_current=True,
        citizen__in=citizens_visible_to(user).values("pk"),
    ).values("citizen_id")
    return _warnings(coordinated, year, caps_for([year]).get(year))


@dataclass(frozen=True)
class KindCounts:
    kind: str
    label: str
    at_start: int
    at_end: int


@dataclass(frozen=True)
class YearlyReport:
    year: int
    start: datetime.date
    end: datetime.date
    cap: Decimal | None
    holders_at_start: int
    holders_at_end: int
    holders_during: int
    used_in_job: int
    total_earnings: Decimal
    reached_cap: int
    klap_at_start: int
    klap_at_end: int
    jobs: list[KindCounts]


def _active_frikort_on(day: datetime.date) -> Q:
    return Q(decided_on__lte=day) & (Q(deactivated_on__isnull=True) | Q(deactivated_on__gt=day))


def _active_job_on(day: datetime.date) -> Q:
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))


def yearly_report(*, year: int) -> YearlyReport:
    """Municipality-wide counts for one calendar year (aggregates, no citizen data).

    Holders: citizens with a frikort active on 1 January / 31 December (decided on or before
    the day, not deactivated on or before it). Used in a job: citizens with earnings above
    0 kr. registered for a month of the year. Jobs: citizens with a job of the kind running
    on the day (start and end both included)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    holders = Frikort.objects.aggregate(
        at_start=Count("citizen", distinct=True, filter=_active_frikort_on(start)),
        at_end=Count("citizen", distinct=True, filter=_active_frikort_on(end)),
        during=Count(
            "citizen",
            distinct=True,
            filter=Q(decided_on__lte=end)
            & (Q(deactivated_on__isnull=True) | Q(deactivated_on__gt=start)),
        ),
    )
    # From the kept year totals: one row per citizen with earnings in the year (every
    # earning is above 0 kr.), so the year's earnings are not summed again per report.
    cap = caps_for([year]).get(year)
    kept = EarningYear.objects.filter(year=year)
    earnings = kept.aggregate(total=Sum("total"), citizens=Count("pk"))
    reached = kept.filter(total__gte=cap).count() if cap is not None else 0
    job_rows: dict[str, dict[str, int]] = {
        row["kind"]: {"at_start": row["at_start"], "at_end": row["at_end"]}
        for row in Job.objects.values("kind")
        .annotate(
            at_start=Count("citizen", distinct=True, filter=_active_job_on(start)),
            at_end=Count("citizen", distinct=True, filter=_active_job_on(end)),
        )
        .order_by()
    }
    jobs = [
        KindCounts(
            kind=kind,
            label=str(label),
            at_start=job_rows.get(kind, {}).get("at_start", 0),
            at_end=job_rows.get(kind, {}).get("at_end", 0),
        )
        for kind, label in Job.Kind.choices
    ]
    klap = next(row for row in jobs if row.kind == Job.Kind.KLAP)
    return YearlyReport(
        year=year,
        start=start,
        end=end,
        cap=cap,
        holders_at_start=holders["at_start"],
        holders_at_end=holders["at_end"],
        holders_during=holders["during"],
        used_in_job=earnings["citizens"],
        total_earnings=earnings["total"] or Decimal("0.00"),
        reached_cap=reached,
        klap_at_start=klap.at_start,
        klap_at_end=klap.at_end,
        jobs=jobs,
    )


@dataclass(frozen=True)
class FrikortPage:
    """A form page about one frikort: the card, its citizen and the citizen's paid jobs
    (the employers earnings can be registered from)."""

    frikort: Frikort
    citizen: Citizen
    paid_jobs: list[Job]


def frikort_page(*, access: CitizenAccess, frikort_id: int) -> FrikortPage:
    """One frikort of the citizen the gate decided on."""
    frikort = access.row(Frikort.objects.select_related("department"), frikort_id)
    jobs = list(
        Job.objects.filter(citizen_id=access.citizen_id, kind__in=Job.PAID_KINDS).order_by(
            "employer_name", "id"
        )
    )
    return FrikortPage(frikort=frikort, citizen=access.citizen, paid_jobs=jobs)


@dataclass(frozen=True)
class JobPage:
    job: Job
    citizen: Citizen


def job_page(*, access: CitizenAccess, job_id: int) -> JobPage:
    """One job of the citizen the gate decided on."""
    job = access.row(Job.objects.select_related("department"), job_id)
    return JobPage(job=job, citizen=access.citizen)
