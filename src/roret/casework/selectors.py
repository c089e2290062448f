"""Reads in casework. Pages with citizen data check need-to-know and write one access-log
entry; the processing-time figures are aggregates computed in SQL and need no entry."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework.models import Application, FastTrackRequest, LegalBasis, ProcessingStandard
from roret.casework.rules import (
    can_decide_fast_track,
    can_read_applications,
    can_read_processing_report,
)
from roret.casework.services import APPLICATION_OBJECT, PROCESSING_REPORT
from roret.core import kept
from roret.core.aggregates import DaysBetween, Histogram, histogram_percentile
from roret.core.deadlines import add_months
from roret.core.paging import Pager, PageRequest, paginate
from roret.core.periods import report_period
from roret.people.access import (
    CitizenAccess,
    log_list,
    purpose_text,
    visible_citizen_filter,
)
from roret.people.models import Citizen

# Figures from fewer decisions than this are not shown: they could point at a person.
MIN_COUNT = 5

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


# Queues -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Queue:
    scope: str  # "mine" or "team"
    applications: Pager[Application]
    legal_bases: list[LegalBasis]
    today: datetime.date


QUEUE_STATUSES = ("open", *Application.Status.values, "all")


def _with_pending_request(queryset: QuerySet[Application]) -> QuerySet[Application]:
    pending = FastTrackRequest.objects.filter(
        application=OuterRef("pk"), status=FastTrackRequest.Status.PENDING
    )
    return queryset.annotate(has_pending_request=Exists(pending))


def _log_list(user: User, action: str, purpose: StrOrPromise, criterion: str) -> None:
    """A list's one access-log entry: no citizen, the list and its filters as the criterion."""
    log_list(
        user=user,
        action=action,
        purpose=purpose,
        object_type=APPLICATION_OBJECT,
        criterion=criterion,
    )


def _queue_base(user: User, scope: str) -> QuerySet[Application]:
    """The applications a queue starts from: the visible citizens' applications the user
    handles (``mine``) or their teams handle (``team``)."""
    queryset = Application.objects.filter(visible_citizen_filter(user))
    if scope == "mine":
        return queryset.filter(caseworker=user)
    return queryset.filter(team_id__in=user.team_ids)


def application_queue(
    *,
    user: User,
    scope: str,
    legal_basis_id: int | None = None,
    status: str = "open",
    team_id: int | None = None,
    received_from: datetime.date | None = None,
    received_until: datetime.date | None = None,
    paging: PageRequest | None = None,
) -> Queue:
    """The caseworker's own or their teams' applications: fast track first, then by deadline
    (the order of the open-queue partial indexes), one page at a time with the total.

    One access-log entry for the page, with the queue and filters as the criterion."""
    if not can_read_applications.test(user):
        raise PermissionDenied
    today = timezone.localdate()
    queryset = _queue_base(user, scope)
    label = _("My applications") if scope == "mine" else _("My team's applications")
    criterion = [purpose_text(label)]
    if status == "open":
        queryset = queryset.filter(status__in=Application.OPEN)
    elif status in Application.Status.values:
        queryset = queryset.filter(status=status)
    if status != "all":
        criterion.append(f"status: {status}")
    legal_bases = list(LegalBasis.objects.filter(is_active=True))
    if legal_basis_id is not None:
        queryset = queryset.filter(legal_basis_id=legal_basis_id)
        basis = next((b for b in legal_bases if b.pk == legal_basis_id), None)
        criterion.append(str(basis) if basis else f"legal basis {legal_basis_id}")
    if team_id is not None:
        # Only among the user's own teams: a team filter never widens the queue.
        queryset = queryset.filter(team_id=team_id, team_id__in=user.team_ids)
        criterion.append(f"team {team_id}")
    if received_from is not None:
        queryset = queryset.filter(received_on__gte=received_from)
        criterion.append(f"received from {received_from.isoformat()}")
    if received_until is not None:
        queryset = queryset.filter(received_on__lte=received_until)
        criterion.append(f"received until {received_until.isoformat()}")
    applications = paginate(
        _with_pending_request(queryset)
        .select_related("citizen", "legal_basis", "team", "caseworker")
        .order_by("-fast_track", F("deadline").asc(nulls_last=True), "received_on", "id"),
        paging or PageRequest(),
    )
    _log_list(user, AccessLogEntry.Action.VIEW, _("Application queue"), "; ".join(criterion))
    return Queue(
        scope=scope,
        applications=applications,
        legal_bases=legal_bases,
        today=today,
    )


# The home page and the team leader's fast-track list ---------------------------------------

# A home block shows the first rows of its list; the list page shows the rest.
HOME_ROWS = 5


@dataclass(frozen=True)
class OpenApplications:
    """The first open applications of a queue by deadline, with the queue's totals."""

    applications: list[Application]
    total: int
    overdue: int
    today: datetime.date


def open_applications(*, user: User, scope: str, overdue_only: bool = False) -> OpenApplications:
    """The home page's view of a queue (``mine`` or ``team``): open applications by deadline
    (the overdue first), or only those past their deadline. Two queries; no access-log
    entry (the home page writes its one)."""
    if not can_read_applications.test(user):
        raise PermissionDenied
    today = timezone.localdate()
    queryset = _queue_base(user, scope).filter(status__in=Application.OPEN)
    overdue_q = Q(deadline__lt=today)
    totals = queryset.aggregate(total=Count("pk"), overdue=Count("pk", filter=overdue_q))
    if overdue_only:
        queryset = queryset.filter(overdue_q)
    rows = list(
        queryset.select_related("citizen", "legal_basis", "caseworker").order_by(
            F("deadline").asc(nulls_last=True), "received_on", "id"
        )[:HOME_ROWS]
    )
    return OpenApplications(
        applications=rows, total=totals["total"], overdue=totals["overdue"], today=today
    )


@dataclass(frozen=True)
class PendingFastTrack:
    requests: list[FastTrackRequest]
    total: int
    truncated: bool = False


def _pending_fast_track(user: User) -> QuerySet[FastTrackRequest]:
    return FastTrackRequest.objects.filter(
        visible_citizen_filter(user, field="application__citizen"),
        status=FastTrackRequest.Status.PENDING,
        application__status__in=Application.OPEN,
        application__team_id__in=user.team_ids,
        application__department_id__in=user.department_ids,
    )


# Requests wait days, not weeks: a team leader's list is short, and says so if it is not.
FAST_TRACK_LIMIT = 100


def fast_track_pending(
    *, user: User, limit: int = FAST_TRACK_LIMIT, log: bool = True
) -> PendingFastTrack:
    """Requests for grøn bølge waiting for the team leader: open applications of their teams
    (in their departments, where they may decide) of citizens they may see, oldest first.

    Two queries; the list page logs one entry, the home page (``log=False``) its own."""
    if not can_decide_fast_track.test(user):
        raise PermissionDenied
    pending = _pending_fast_track(user)
    total = pending.count()
    rows = list(
        pending.select_related(
            "application__citizen", "application__legal_basis", "application__team", "requested_by"
        ).order_by("requested_at", "id")[:limit]
    )
    if log:
        _log_list(
            user,
            AccessLogEntry.Action.SEARCH,
            _("Fast track awaiting approval"),
            purpose_text(_("Fast-track requests from my teams awaiting a decision")),
        )
    return PendingFastTrack(requests=rows, total=total, truncated=total > len(rows))


@dataclass(frozen=True)
class MonthFigures:
    """This month's applications for management: received, decided, and open past their
    deadline today (the processing-time report's scope: every application, no names)."""

    month: datetime.date
    received: int
    decided: int
    decided_late: int
    open_past_deadline: int


def month_figures(*, user: User, today: datetime.date | None = None) -> MonthFigures:
    """One aggregate query."""
    if not can_read_processing_report.test(user):
        raise PermissionDenied
    today = today or timezone.localdate()
    month = today.replace(day=1)
    received = Q(received_on__gte=month, received_on__lte=today)
    decided = Q(status__in=Application.DECIDED, decided_on__gte=month, decided_on__lte=today)
    past_deadline = Q(status__in=Application.OPEN, deadline__lt=today)
    # Only the rows one of the figures counts, each kind found on its own index: counting
    # over every application ever received grew with the municipality's history.
    figures = Application.objects.filter(
        received | Q(decided_on__gte=month, decided_on__lte=today) | past_deadline
    ).aggregate(
        received=Count("pk", filter=received),
        decided=Count("pk", filter=decided),
        decided_late=Count("pk", filter=decided & Q(decided_on__gt=F("deadline"))),
        open_past_deadline=Count("pk", filter=past_deadline),
    )
    return MonthFigures(month=month, **figures)


# One citizen's applications, one application ------------------------------------------------


@dataclass(frozen=True)
class CitizenApplications:
    citizen: Citizen
    applications: list[Application]
    today: datetime.date


def citizen_applications(*, access: CitizenAccess) -> CitizenApplications:
    """The citizen's applications (the gate has checked ``can_read_applications``)."""
    applications = _with_pending_request(
        Application.objects.filter(citizen_id=access.citizen_id).select_related(
            "legal_basis", "team", "caseworker"
        )
    )
    return CitizenApplications(
        citizen=access.citizen,
        applications=list(applications),
        today=timezone.localdate(),
    )


@dataclass(frozen=True)
class ApplicationPage:
    application: Application
    citizen: Citizen
    requests: list[FastTrackRequest]
    today: datetime.date

    @property
    def pending_request(self) -> FastTrackRequest | None:
        return next((r for r in self.requests if r.status == FastTrackRequest.Status.PENDING), None)


def application_page(*, access: CitizenAccess, application_id: int) -> ApplicationPage:
    """One application of the citizen the gate decided on."""
    application = access.row(
        Application.objects.select_related(
            "legal_basis", "team", "department", "caseworker", "standard"
        ).prefetch_related(
            Prefetch(
                "fast_track_requests",
                queryset=FastTrackRequest.objects.select_related("requested_by", "decided_by"),
            )
        ),
        application_id,
    )
    return ApplicationPage(
        application=application,
        citizen=access.citizen,
        requests=list(application.fast_track_requests.all()),
        today=timezone.localdate(),
    )


# Processing times ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """Decisions in a period; ``median`` and ``p90`` in days from receipt to decision."""

    decisions: int = 0
    median: float | None = None
    p90: float | None = None
    measured: int = 0  # decisions with a deadline
    within: int = 0  # of those, decided on or before the deadline

    @property
    def suppressed(self) -> bool:
        return 0 < self.decisions < MIN_COUNT

    @property
    def share_within(self) -> float | None:
        return 100 * self.within / self.measured if self.measured else None

    def shown(self) -> ShownFigures:
        """The figures as they may be published: a small group shows no numbers at all."""
        if self.suppressed:
            return ShownFigures(str(_("fewer than %(n)s") % {"n": MIN_COUNT}), None, None, None)
        if not self.decisions:
            return ShownFigures(0, None, None, None)
        return ShownFigures(
            self.decisions,
            _round(self.median),
            _round(self.p90),
            _round(self.share_within),
        )


@dataclass(frozen=True)
class ShownFigures:
    decisions: int | str
    median: float | None
    p90: float | None
    share_within: float | None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# A month's decisions as JSON-safe rows: legal basis, days from receipt to decision, how many
# decisions took that many days, how many of them had a deadline and how many met it.
MonthRows = list[list[int]]


def _month_rows(months: list[datetime.date], end: datetime.date) -> dict[datetime.date, MonthRows]:
    """The decisions of ``months`` (first days; the last one open up to ``end``), grouped in
    SQL by legal basis, month and days: one query, rows in the hundreds whatever the volume.

    Withdrawn applications and cases on the municipality's own initiative are not counted."""
    if not months:
        return {}
    wanted = set(months)
    rows = (
        Application.objects.filter(
            status__in=Application.DECIDED,
            own_initiative=False,
            decided_on__gte=min(months),
            decided_on__lt=min(end, add_months(max(months), 1)),
        )
        .annotate(month=TruncMonth("decided_on"), days=DaysBetween("decided_on", "received_on"))
        .values("legal_basis_id", "month", "days")
        .annotate(
            n=Count("id"),
            measured=Count("id", filter=Q(deadline__isnull=False)),
            within=Count("id", filter=Q(deadline__isnull=False, decided_on__lte=F("deadline"))),
        )
        .order_by()
    )
    result: dict[datetime.date, MonthRows] = {month: [] for month in months}
    for row in rows:
        month = kept.as_date(row["month"])
        if month in wanted:
            result[month].append(
                [row["legal_basis_id"], row["days"], row["n"], row["measured"], row["within"]]
            )
    return result


def _figures(rows: Sequence[Sequence[int]]) -> Figures:
    days: Histogram = {}
    measured = within = 0
    for _basis, value, n, has_deadline, met in rows:
        days[value] = days.get(value, 0) + n
        measured += has_deadline
        within += met
    return Figures(
        decisions=sum(days.values()),
        median=histogram_percentile(days, 0.5),
        p90=histogram_percentile(days, 0.9),
        measured=measured,
        within=within,
    )


def monthly_decisions(
    *, today: datetime.date, months: list[datetime.date], end: datetime.date
) -> dict[datetime.date, MonthRows]:
    """Each month's decision rows: ended months as kept (``roret.core.kept``), the rest
    from ``_month_rows``."""
    return kept.monthly(
        report=PROCESSING_REPORT,
        months=months,
        today=today,
        compute=lambda missing: _month_rows(missing, end),
    )


def open_past_deadline(*, today: datetime.date) -> dict[int, int]:
    rows = (
        Application.objects.filter(status__in=Application.OPEN, deadline__lt=today)
        .values("legal_basis_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["legal_basis_id"]: row["n"] for row in rows}


@dataclass(frozen=True)
class BasisFigures:
    legal_basis: LegalBasis
    standard: ProcessingStandard | None
    total: Figures
    months: list[tuple[datetime.date, Figures]]
    open_past_deadline: int = 0

    @property
    def has_decisions(self) -> bool:
        return self.total.decisions > 0


@dataclass(frozen=True)
class ProcessingReport:
    today: datetime.date
    start: datetime.date
    end: datetime.date
    months: list[datetime.date]
    bases: list[BasisFigures] = field(default_factory=list)


def _current_standards(today: datetime.date) -> list[tuple[LegalBasis, ProcessingStandard | None]]:
    bases = LegalBasis.objects.filter(is_active=True).prefetch_related(
        Prefetch(
            "standards",
            queryset=ProcessingStandard.objects.valid_on(today).order_by("-valid_from"),
            to_attr="current_standards",
        )
    )
    return [(basis, next(iter(basis.current_standards), None)) for basis in bases]


def processing_report(*, user: User, today: datetime.date | None = None) -> ProcessingReport:
    """The monthly processing-time report for management: five queries whatever the data."""
    if not can_read_processing_report.test(user):
        raise PermissionDenied
    return _report(today or timezone.localdate(), with_months=True)


def public_processing_times(*, today: datetime.date | None = None) -> ProcessingReport:
    """What the municipality publishes (Legal Certainty Act §3): standards and actual times."""
    report = _report(today or timezone.localdate(), with_months=False)
    return ProcessingReport(
        today=report.today,
        start=report.start,
        end=report.end,
        months=report.months,
        bases=[b for b in report.bases if b.standard is not None],
    )


def _report(today: datetime.date, *, with_months: bool) -> ProcessingReport:
    start, end, months = report_period(today)
    by_month = monthly_decisions(today=today, months=months, end=end)
    overdue = open_past_deadline(today=today) if with_months else {}
    per_basis: dict[int, dict[datetime.date, MonthRows]] = defaultdict(dict)
    for month, month_rows in by_month.items():
        for row in month_rows:
            per_basis[row[0]].setdefault(month, []).append(row)
    bases = []
    for basis, standard in _current_standards(today):
        of_basis = per_basis.get(basis.pk, {})
        total = _figures([row for month in months for row in of_basis.get(month, [])])
        if standard is None and not total.decisions and not overdue.get(basis.pk):
            continue
        bases.append(
            BasisFigures(
                legal_basis=basis,
                standard=standard,
                total=total,
                months=[(m, _figures(of_basis.get(m, []))) for m in months] if with_months else [],
                open_past_deadline=overdue.get(basis.pk, 0),
            )
        )
    return ProcessingReport(today=today, start=start, end=end, months=months, bases=bases)


def months_label(months: Sequence[datetime.date]) -> str:
    return f"{months[0]:%Y-%m} – {months[-1]:%Y-%m}" if months else ""
