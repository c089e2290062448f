"""Reads for offer pages and the outcome report. A page about one citizen's referral or
enrolment passed the citizen gate, which decided and logged it: its selector takes the
``CitizenAccess`` and logs nothing. Lists of several citizens (the intake queue, a course
run's participants, a session's attendance) check need-to-know here and write one search
entry for the list. Every function runs a fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.core import kept
from roret.core.aggregates import DaysBetween
from roret.core.deadlines import add_months
from roret.core.paging import Pager, PageRequest, paginate
from roret.offers.models import (
    Attendance,
    CounsellingTally,
    CourseRun,
    CourseSession,
    Enrolment,
    Offer,
    Participant,
    Referral,
)
from roret.offers.rules import can_provide, can_read_outcomes, can_refer, provides_offer
from roret.offers.services import OUTCOME_REPORT, SEL85_TREND_REPORT
from roret.people.access import (
    CitizenAccess,
    citizens_visible_to,
    log_citizen_access,
    log_list,
    visible_citizen_filter,
)
from roret.people.models import Citizen

Action = AccessLogEntry.Action

# An enrolment this close to its offer's maximum duration is flagged on the provider's page.
ALERT_DAYS = 30
# Long lists show the first rows and say so; filters narrow them.
LIST_LIMIT = 200
SEL_85 = "85"


def _running_on(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


# The catalogue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueRow:
    offer: Offer
    running: int

    @property
    def free_places(self) -> int:
        return max(self.offer.capacity - self.running, 0)


def offer_catalogue(*, query: str = "", today: datetime.date | None = None) -> list[CatalogueRow]:
    """Offers open today, with free places computed by one aggregate (no per-offer query).
    No citizen data: nothing is logged."""
    today = today or timezone.localdate()
    offers = (
        Offer.objects.filter(active_from__lte=today)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
        .select_related("legal_basis", "department", "team__department", "partner")
        .annotate(
            running=Count(
                "enrolments",
                filter=Q(enrolments__starts_on__lte=today, enrolments__ends_on__isnull=True),
            )
        )
    )
    words = query.strip()
    if words:
        paragraph = words.replace("§", "").strip()
        offers = offers.filter(
            Q(name__icontains=words)
            | Q(description__icontains=words)
            | Q(target_group__icontains=words)
            | Q(legal_basis__paragraph__iexact=paragraph)
        )
    return [CatalogueRow(offer=offer, running=offer.running) for offer in offers]


def offers_for_referral() -> QuerySet[Offer]:
    today = timezone.localdate()
    return (
        Offer.objects.filter(department__isnull=False, active_from__lte=today)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=today))
        .select_related("legal_basis")
    )


def referral_citizen(*, user: User, citizen_id: int | None) -> Citizen | None:
    """The citizen chosen for a referral, when the user may see them (by name; logs
    nothing: the page that shows the name calls ``referral_form_shown``, a valid POST logs
    only its write). Citizens are found with the citizen search, never listed."""
    if citizen_id is None:
        return None
    return (
        citizens_visible_to(user)
        .filter(pk=citizen_id)
        .only("pk", "first_name", "last_name")
        .first()
    )


def referral_form_shown(*, user: User, citizen_id: int) -> None:
    """The one entry of the referral page when it shows the chosen citizen."""
    log_list(
        user=user,
        citizen_id=citizen_id,
        action=Action.VIEW,
        purpose=gettext_lazy("Referring the citizen to an offer"),
        object_type="offers.referral",
    )


# The referrer's list ------------------------------------------------------------------------


def _in_period(
    queryset: QuerySet[Any], field: str, start: datetime.date | None, end: datetime.date | None
) -> QuerySet[Any]:
    if start is not None:
        queryset = queryset.filter(**{f"{field}__gte": start})
    if end is not None:
        queryset = queryset.filter(**{f"{field}__lte": end})
    return queryset


def _criterion(base: str, filters: str) -> str:
    return f"{base}; {filters}" if filters else base


def referrals_sent(
    *,
    user: User,
    status: str = "",
    offer_id: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    paging: PageRequest | None = None,
    filters: str = "",
) -> Pager[Referral]:
    """Referrals from the user's departments, newest first, with the provider's answer: one
    page with the total, narrowed by status, offer and referral date (``filters`` describes
    them for the log)."""
    if not can_refer.test(user):
        raise PermissionDenied
    queryset = Referral.objects.filter(
        referring_department_id__in=user.department_ids,
        citizen__in=citizens_visible_to(user).values("pk"),
    )
    if status in Referral.Status.values:
        queryset = queryset.filter(status=status)
    if offer_id is not None:
        queryset = queryset.filter(offer_id=offer_id)
    queryset = _in_period(queryset, "referred_on", start, end)
    rows = paginate(
        queryset.select_related("citizen", "offer", "referred_by", "enrolment").order_by(
            "-referred_on", "-id"
        ),
        paging or PageRequest(),
    )
    log_list(
        user=user,
        purpose=gettext_lazy("Following up on referrals"),
        object_type="offers.referral",
        criterion=_criterion(_("Referrals from my departments"), filters),
    )
    return rows


# The provider's intake queue and overview ---------------------------------------------------


@dataclass(frozen=True)
class EnrolmentRow:
    enrolment: Enrolment
    today: datetime.date

    @property
    def past_max(self) -> bool:
        end = self.enrolment.max_end_on
        return end is not None and end < self.today

    @property
    def days_left(self) -> int | None:
        end = self.enrolment.max_end_on
        return None if end is None else (end - self.today).days


@dataclass(frozen=True)
class IntakePage:
    referrals: Pager[Referral]
    alerts: Pager[EnrolmentRow]
    running: Pager[EnrolmentRow]
    course_runs: Sequence[CourseRun]
    offers: list[Offer]
    today: datetime.date
    enrolment_status: str = "running"


# The intake page's three lists, each paged on its own in the same URL.
INTAKE_LISTS = ("referrals", "alerts", "enrolments")


def provided_offers(user: User) -> QuerySet[Offer]:
    return Offer.objects.filter(department_id__in=user.department_ids)


def intake_page(
    *,
    user: User,
    today: datetime.date | None = None,
    offer_id: int | None = None,
    enrolment_status: str = "running",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    paging: dict[str, PageRequest] | None = None,
    filters: str = "",
) -> IntakePage:
    """The provider's overview: referrals awaiting an answer (oldest first), running
    enrolments near or past the offer's maximum duration (nearest first), enrolments
    (running by default, newest first) and current course runs. Each list is one page with
    its total, narrowed to one offer and a period (referral or start date); ``paging`` maps
    ``INTAKE_LISTS`` to each list's page."""
    if not can_provide.test(user):
        raise PermissionDenied
    today = today or timezone.localdate()
    paging = paging or {}
    offers = provided_offers(user)
    chosen = offers.filter(pk=offer_id) if offer_id is not None else offers
    visible = citizens_visible_to(user).values("pk")
    referrals = paginate(
        _in_period(
            Referral.objects.filter(
                offer__in=chosen, status=Referral.Status.PENDING, citizen__in=visible
            ),
            "referred_on",
            start,
            end,
        )
        .select_related("citizen", "offer", "referred_by", "referring_department")
        .order_by("referred_on", "id"),
        paging.get("referrals") or PageRequest(prefix="referrals"),
    )
    enrolments = Enrolment.objects.filter(offer__in=chosen, citizen__in=visible).select_related(
        "citizen", "offer"
    )
    running_qs = enrolments.filter(ends_on__isnull=True)
    alerts = paginate(
        _in_period(running_qs, "starts_on", start, end)
        .filter(max_end_on__lte=today + datetime.timedelta(days=ALERT_DAYS))
        .order_by("max_end_on", "id"),
        paging.get("alerts") or PageRequest(prefix="alerts"),
    ).map(lambda row: EnrolmentRow(row, today))
    if enrolment_status == "ended":
        listed = enrolments.filter(ends_on__isnull=False)
    elif enrolment_status == "all":
        listed = enrolments
    else:
        listed = running_qs
    running = paginate(
        _in_period(listed, "starts_on", start, end).order_by("-starts_on", "-id"),
        paging.get("enrolments") or PageRequest(prefix="enrolments"),
    ).map(lambda row: EnrolmentRow(row, today))
    course_runs = list(
        CourseRun.objects.filter(offer__in=chosen, ends_on__gte=today)
        .select_related("offer")
        .annotate(participant_count=Count("participants"))
        .order_by("starts_on", "id")
    )
    log_list(
        user=user,
        purpose=gettext_lazy("The intake queue of my offers"),
        object_type="offers.referral",
        criterion=_criterion(_("Referrals and enrolments in my department's offers"), filters),
    )
    return IntakePage(
        referrals=referrals,
        alerts=alerts,
        running=running,
        course_runs=course_runs,
        offers=list(offers.order_by("name")),
        today=today,
        enrolment_status=enrolment_status,
    )


# A home block shows the first rows of its list; the intake page shows the rest.
HOME_ROWS = 5


@dataclass(frozen=True)
class ProviderHome:
    """Referrals to the user's department's offers awaiting an answer (oldest first) and
    today's course sessions, each with its total."""

    referrals: list[Referral]
    referrals_total: int
    sessions: list[CourseSession]
    today: datetime.date


def provider_home(*, user: User, today: datetime.date | None = None) -> ProviderHome:
    """Three queries; no access-log entry (the home page writes its one). The referrals are
    those of the intake queue, of citizens the user may see; sessions name no citizen."""
    if not can_provide.test(user):
        raise PermissionDenied
    today = today or timezone.localdate()
    offers = provided_offers(user)
    referrals = Referral.objects.filter(
        visible_citizen_filter(user), offer__in=offers, status=Referral.Status.PENDING
    )
    sessions = (
        CourseSession.objects.filter(course_run__offer__in=offers, date=today)
        .select_related("course_run__offer", "module")
        .order_by("starts_at", "id")
    )
    return ProviderHome(
        referrals=list(
            referrals.select_related("citizen", "offer").order_by("referred_on", "id")[:HOME_ROWS]
        ),
        referrals_total=referrals.count(),
        sessions=list(sessions[:HOME_ROWS]),
        today=today,
    )


def month_enrolments(*, user: User, today: datetime.date | None = None) -> dict[str, int]:
    """This month's referrals and new and ended enrolments, for management: one aggregate
    query per table, no names."""
    if not can_read_outcomes.test(user):
        raise PermissionDenied
    today = today or timezone.localdate()
    month = today.replace(day=1)
    started = Q(starts_on__gte=month, starts_on__lte=today)
    ended = Q(ends_on__gte=month, ends_on__lte=today)
    # Only this month's rows, found on the start and end indexes, not every enrolment ever.
    enrolments = Enrolment.objects.filter(started | ended).aggregate(
        started=Count("pk", filter=started), ended=Count("pk", filter=ended)
    )
    referrals = Referral.objects.filter(referred_on__gte=month, referred_on__lte=today).count()
    return {"referrals": referrals, **enrolments}


def _provider_object(user: User, offer: Offer) -> None:
    if not can_provide.test(user):
        raise PermissionDenied
    if not provides_offer.test(user, offer):
        raise Http404


def referral_for_answer(*, access: CitizenAccess, referral_id: int) -> Referral:
    """One referral of the citizen the gate decided on, for the accept/decline form (the
    gate logged the page)."""
    return access.row(
        Referral.objects.select_related("offer__department", "referring_department", "referred_by"),
        referral_id,
    )


def upcoming_course_runs(*, referral_id: int) -> QuerySet[CourseRun]:
    """The runs a referred citizen can join: those of the referral's offer not yet over."""
    return CourseRun.objects.filter(
        offer__referrals__pk=referral_id, ends_on__gte=timezone.localdate()
    ).order_by("starts_on", "id")


def enrolment_for_end(*, access: CitizenAccess, enrolment_id: int) -> Enrolment:
    """One enrolment of the citizen the gate decided on, for the end form."""
    return access.row(Enrolment.objects.select_related("offer__department"), enrolment_id)


# Course runs and attendance -----------------------------------------------------------------


@dataclass(frozen=True)
class CourseRunPage:
    course_run: CourseRun
    participants: list[Participant]
    sessions: Sequence[CourseSession]
    candidates: list[Enrolment]


def course_run_for_provider(*, user: User, course_run_id: int) -> CourseRun:
    """A run the user's department provides (for its set-up pages; no citizen data)."""
    course_run = (
        CourseRun.objects.select_related("offer")
        .prefetch_related("modules")
        .filter(pk=course_run_id)
        .first()
    )
    if course_run is None:
        raise Http404
    _provider_object(user, course_run.offer)
    return course_run


def participant_candidates(*, user: User, course_run_id: int) -> list[Enrolment]:
    """Running enrolments in the run's offer not yet in the run, for the add form (the
    service checks the provider; this shows nothing, so it logs nothing)."""
    return list(
        Enrolment.objects.filter(
            offer__course_runs__pk=course_run_id,
            ends_on__isnull=True,
            citizen__in=citizens_visible_to(user).values("pk"),
        )
        .exclude(participations__course_run_id=course_run_id)
        .select_related("citizen")
        .order_by("citizen__last_name", "citizen__first_name", "id")[:LIST_LIMIT]
    )


def course_run_page(*, user: User, course_run_id: int) -> CourseRunPage:
    course_run = course_run_for_provider(user=user, course_run_id=course_run_id)
    visible = citizens_visible_to(user).values("pk")
    participants = list(
        Participant.objects.filter(course_run=course_run, enrolment__citizen__in=visible)
        .select_related("enrolment__citizen")
        .order_by("enrolment__citizen__last_name", "enrolment__citizen__first_name", "id")
    )
    sessions = list(
        CourseSession.objects.filter(course_run=course_run)
        .select_related("module")
        .annotate(present=Count("attendances", filter=Q(attendances__status="present")))
    )
    candidates = participant_candidates(user=user, course_run_id=course_run.pk)
    log_citizen_access(
        actor=user,
        citizen_id=None,
        action=Action.SEARCH,
        purpose=gettext_lazy("Participants of a course run"),
        access_department_id=course_run.offer.department_id,
        object_type="offers.courserun",
        object_id=str(course_run.pk),
        criterion=course_run.name,
    )
    return CourseRunPage(
        course_run=course_run, participants=participants, sessions=sessions, candidates=candidates
    )


@dataclass(frozen=True)
class AttendanceRow:
    participant: Participant
    status: str


@dataclass(frozen=True)
class AttendancePage:
    session: CourseSession
    rows: list[AttendanceRow]
    today: datetime.date

    @property
    def in_future(self) -> bool:
        return self.session.date > self.today


def attendance_page(*, user: User, session_id: int) -> AttendancePage:
    """Every participant of the run the user may see, with the session's registered status
    (or none yet). Logs nothing: the page that shows it calls ``attendance_page_shown``,
    a save logs only its writes."""
    session = (
        CourseSession.objects.select_related("course_run__offer", "module")
        .prefetch_related("facilitators", "volunteer_partners")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    _provider_object(user, session.course_run.offer)
    participants = list(
        Participant.objects.filter(
            course_run_id=session.course_run_id,
            enrolment__citizen__in=citizens_visible_to(user).values("pk"),
        )
        .select_related("enrolment__citizen")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(session=session),
                to_attr="this_session",
            )
        )
        .order_by("enrolment__citizen__last_name", "enrolment__citizen__first_name", "id")
    )
    rows = [
        AttendanceRow(
            participant=p,
            status=p.this_session[0].status if p.this_session else "",
        )
        for p in participants
    ]
    return AttendancePage(session=session, rows=rows, today=timezone.localdate())


def attendance_page_shown(*, user: User, session: CourseSession) -> None:
    """The one entry of the attendance page, which lists the run's participants."""
    log_citizen_access(
        actor=user,
        citizen_id=None,
        action=Action.SEARCH,
        purpose=gettext_lazy("Registering attendance at a course session"),
        access_department_id=session.course_run.offer.department_id,
        object_type="offers.coursesession",
        object_id=str(session.pk),
        criterion=str(session),
    )


def counselling_recent(*, user: User, days: int = 90) -> list[CounsellingTally]:
    """The tallies of the user's offers over the last ``days``; no citizen data."""
    if not can_provide.test(user):
        raise PermissionDenied
    since = timezone.localdate() - datetime.timedelta(days=days)
    return list(
        CounsellingTally.objects.filter(
            offer__department_id__in=user.department_ids, held_on__gte=since
        )
        .select_related("offer")
        .order_by("-held_on", "offer__name", "topic")[:LIST_LIMIT]
    )


# The outcome report -------------------------------------------------------------------------


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date
    citizens: int


@dataclass(frozen=True)
class OutcomeReport:
    offer: Offer | None
    start: datetime.date
    end: datetime.date
    referrals: int
    accepted: int
    declined: int
    enrolled: int
    ended: int
    completed: int
    other_measure: int
    dropped_out: int
    moved_to: list[tuple[str, int]]
    average_days: float | None
    capacity: int
    place_days: int
    sel85_trend: list[MonthCount]

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def _share(self, part: int) -> float | None:
        return round(100 * part / self.ended, 1) if self.ended else None

    @property
    def share_completed(self) -> float | None:
        return self._share(self.completed)

    @property
    def share_other_measure(self) -> float | None:
        return self._share(self.other_measure)

    @property
    def share_dropped_out(self) -> float | None:
        return self._share(self.dropped_out)

    @property
    def utilisation(self) -> float | None:
        """Occupied place-days as a percentage of the places the offer had in the period."""
        available = self.capacity * self.days
        return round(100 * self.place_days / available, 1) if available else None


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve calendar months, the current one up to today (as the other reports):
    whole months, so that every ended month of it is read as kept."""
    return add_months(today.replace(day=1), -11), today


def trend_months(today: datetime.date) -> list[datetime.date]:
    """The last day of each of the last 36 months, the current month counted up to today."""
    first_of_month = today.replace(day=1)
    months = []
    for back in range(35, -1, -1):
        start = add_months(first_of_month, -back)
        months.append(min(add_months(start, 1) - datetime.timedelta(days=1), today))
    return months


def _sel85_counts(days: list[datetime.date]) -> dict[datetime.date, int]:
    """Citizens with an active enrolment in a § 85 offer on each of ``days``: conditional
    distinct counts in one query."""
    figures = Enrolment.objects.filter(
        offer__legal_basis__law="SEL", offer__legal_basis__paragraph=SEL_85
    ).aggregate(
        **{
            f"m{index}": Count("citizen", distinct=True, filter=_running_on(day))
            for index, day in enumerate(days)
        }
    )
    return {day: figures[f"m{index}"] or 0 for index, day in enumerate(days)}


def sel85_trend(*, today: datetime.date) -> list[MonthCount]:
    """Citizens with an active enrolment in a § 85 offer on the last day of each month (today
    for the current one): ended months as kept (``roret.core.kept``), the others counted."""
    last_days = {day.replace(day=1): day for day in trend_months(today)}
    counts = kept.monthly(
        report=SEL85_TREND_REPORT,
        months=list(last_days),
        today=today,
        compute=lambda missing: {
            day.replace(day=1): n
            for day, n in _sel85_counts([last_days[m] for m in missing]).items()
        },
    )
    return [MonthCount(month=day, citizens=counts[first]) for first, day in last_days.items()]


_COUNTS = (
    "referrals",
    "accepted",
    "declined",
    "enrolled",
    "ended",
    "completed",
    "other_measure",
    "dropped_out",
    "ended_days",
    "place_days",
)
Span = tuple[datetime.date, datetime.date]  # first and last day, both counted


def _span_figures(spans: Sequence[Span]) -> list[dict[str, dict[str, Any]]]:
    """For each span, per offer (its id as text): the counts of ``_COUNTS`` and
    ``moved_to`` (legal basis paragraph -> enrolments ended to it). Three aggregate queries
    over the spans' whole range, each span a set of filtered aggregates."""
    low, high = min(lo for lo, _hi in spans), max(hi for _lo, hi in spans)
    result: list[dict[str, dict[str, Any]]] = [{} for _ in spans]

    def offer_of(index: int, offer_id: int) -> dict[str, Any]:
        return result[index].setdefault(
            str(offer_id), {**dict.fromkeys(_COUNTS, 0), "moved_to": {}}
        )

    status = Referral.Status
    referral_columns: dict[str, Any] = {}
    for i, (lo, hi) in enumerate(spans):
        within = Q(referred_on__gte=lo, referred_on__lte=hi)
        referral_columns |= {
            f"referrals_{i}": Count("id", filter=within),
            f"accepted_{i}": Count("id", filter=within & Q(status=status.ACCEPTED)),
            f"declined_{i}": Count("id", filter=within & Q(status=status.DECLINED)),
        }
    for row in _rows(
        Referral.objects.filter(referred_on__gte=low, referred_on__lte=high)
        .values("offer_id")
        .annotate(**referral_columns)
        .order_by()
    ):
        for i in range(len(spans)):
            for key in ("referrals", "accepted", "declined"):
                offer_of(i, row["offer_id"])[key] = row[f"{key}_{i}"]

    reason = Enrolment.EndReason
    enrolment_columns: dict[str, Any] = {}
    for i, (lo, hi) in enumerate(spans):
        ended = Q(ends_on__gte=lo, ends_on__lte=hi)
        enrolment_columns |= {
            f"enrolled_{i}": Count("id", filter=Q(starts_on__gte=lo, starts_on__lte=hi)),
            f"ended_{i}": Count("id", filter=ended),
            f"completed_{i}": Count("id", filter=ended & Q(end_reason=reason.COMPLETED)),
            f"other_measure_{i}": Count("id", filter=ended & Q(end_reason=reason.OTHER_MEASURE)),
            f"dropped_out_{i}": Count("id", filter=ended & Q(end_reason=reason.DROPPED_OUT)),
            f"ended_days_{i}": Sum(DaysBetween("ends_on", "starts_on"), filter=ended),
            # Days running within the span, both ends included.
            f"place_days_{i}": Sum(
                DaysBetween(
                    Least(Coalesce("ends_on", Value(hi)), Value(hi)),
                    Greatest("starts_on", Value(lo)),
                )
                + 1,
                filter=_running_between(lo, hi),
            ),
        }
    for row in _rows(
        Enrolment.objects.filter(_running_between(low, high))
        .values("offer_id")
        .annotate(**enrolment_columns)
        .order_by()
    ):
        for i in range(len(spans)):
            figures = offer_of(i, row["offer_id"])
            for key in _COUNTS[3:]:
                figures[key] = row[f"{key}_{i}"] or 0

    moved_columns = {
        f"n_{i}": Count("id", filter=Q(ends_on__gte=lo, ends_on__lte=hi))
        for i, (lo, hi) in enumerate(spans)
    }
    for row in _rows(
        Enrolment.objects.filter(
            ends_on__gte=low,
            ends_on__lte=high,
            end_reason=reason.OTHER_MEASURE,
            next_legal_basis__isnull=False,
        )
        .exclude(next_legal_basis__paragraph="")
        .values("offer_id", "next_legal_basis__paragraph")
        .annotate(**moved_columns)
        .order_by()
    ):
        for i in range(len(spans)):
            if row[f"n_{i}"]:
                offer_of(i, row["offer_id"])["moved_to"][row["next_legal_basis__paragraph"]] = row[
                    f"n_{i}"
                ]
    return result


def _rows(values: Iterable[Any]) -> Iterator[Mapping[str, Any]]:
    """Rows of a ``values()`` query whose column names are built at run time."""
    yield from values


def _running_between(first: datetime.date, last: datetime.date) -> Q:
    return Q(starts_on__lte=last) & (Q(ends_on__isnull=True) | Q(ends_on__gte=first))


def _period_figures(
    start: datetime.date, end: datetime.date, today: datetime.date
) -> list[dict[str, dict[str, Any]]]:
    """The period's figures per offer, in pieces: each ended calendar month wholly inside
    the period as kept (``roret.core.kept``), the rest (a month the period starts or ends
    within, the open month) counted from the rows."""
    open_month = kept.month_of(min(today, timezone.localdate()))
    whole: list[datetime.date] = []
    pieces: list[Span] = []
    month = kept.month_of(start)
    while month <= end:
        last_day = add_months(month, 1) - datetime.timedelta(days=1)
        if month >= start and last_day <= end and month < open_month:
            whole.append(month)
        else:
            pieces.append((max(start, month), min(end, last_day)))
        month = add_months(month, 1)
    figures: list[dict[str, dict[str, Any]]] = []
    if whole:
        kept_months = kept.monthly(
            report=OUTCOME_REPORT,
            months=whole,
            today=today,
            compute=lambda missing: dict(
                zip(
                    missing,
                    _span_figures(
                        [(m, add_months(m, 1) - datetime.timedelta(days=1)) for m in missing]
                    ),
                    strict=True,
                )
            ),
        )
        figures.extend(kept_months[m] for m in whole)
    # Each piece on its own: one span per query keeps each scan to its own dates.
    for piece in pieces:
        figures.extend(_span_figures([piece]))
    return figures


def outcome_report(
    *,
    user: User,
    offer_id: int | None,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date | None = None,
) -> OutcomeReport:
    """The figures of one offer (or all offers) in a period; aggregate, nothing logged.

    Referrals count by referral date, enrolled by start, the endings by end date; the shares
    are of the enrolments that ended in the period. Capacity utilisation is the place-days
    of enrolments running in the period over places × days. Every count is a sum over the
    period's days, so the period's figures are the sums of its months' (``_period_figures``).
    """
    if not can_read_outcomes.test(user):
        raise PermissionDenied
    today = today or timezone.localdate()
    offer = None
    offers = Offer.objects.all()
    if offer_id is not None:
        offer = Offer.objects.select_related("legal_basis").filter(pk=offer_id).first()
        if offer is None:
            raise Http404
        offers = offers.filter(pk=offer_id)
    capacity = sum(
        offers.filter(active_from__lte=end)
        .filter(Q(active_to__isnull=True) | Q(active_to__gte=start))
        .values_list("capacity", flat=True)
    )
    totals = dict.fromkeys(_COUNTS, 0)
    moved: dict[str, int] = {}
    for piece in _period_figures(start, end, today):
        for key, figures in piece.items():
            if offer_id is not None and key != str(offer_id):
                continue
            for name in _COUNTS:
                totals[name] += figures[name]
            for paragraph, n in figures["moved_to"].items():
                moved[paragraph] = moved.get(paragraph, 0) + n
    ended_count = totals["ended"]
    return OutcomeReport(
        offer=offer,
        start=start,
        end=end,
        referrals=totals["referrals"],
        accepted=totals["accepted"],
        declined=totals["declined"],
        enrolled=totals["enrolled"],
        ended=ended_count,
        completed=totals["completed"],
        other_measure=totals["other_measure"],
        dropped_out=totals["dropped_out"],
        moved_to=sorted((f"SEL § {paragraph}", n) for paragraph, n in moved.items()),
        average_days=round(totals["ended_days"] / ended_count, 1) if ended_count else None,
        capacity=capacity,
        place_days=totals["place_days"],
        sel85_trend=sel85_trend(today=today),
    )
