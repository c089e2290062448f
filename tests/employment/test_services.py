"""Employment services: the year's running total against that year's cap, the plan mirror
and need-to-know link, one log entry per write, and nothing written on bad input."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone, translation

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.employment import selectors, services
from roret.employment.models import Earning, EarningYear, Frikort, FrikortCap, Job
from roret.employment.rules import can_manage_employment
from roret.organisation.models import Department
from roret.people.access import citizen_for_write, citizens_visible_to
from roret.people.models import Citizen, CitizenLink
from roret.plans.models import Goal, Intervention
from tests.factories import DepartmentFactory, UserFactory
from tests.people.factories import CitizenFactory, link

from .factories import CVR_A, CVR_B, caps, earning, frikort, job

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _caps() -> None:
    caps()


@pytest.fixture
def jobcentre() -> Department:
    return DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)


@pytest.fixture
def caseworker(jobcentre) -> User:
    return UserFactory.create(roles=["caseworker"], departments=[jobcentre])


@pytest.fixture
def citizen(jobcentre) -> Citizen:
    made = CitizenFactory.create()
    link(made, jobcentre)
    return made


def _last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def _entries(since: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(id__gt=since).order_by("id"))


def _register(actor: User, card: Frikort, on_job: Job, month: D, amount: str) -> str:
    services.earning_register(
        actor=actor, frikort_id=card.pk, job_id=on_job.pk, month=month, amount=Decimal(amount)
    )
    return selectors.year_status(citizen_id=card.citizen_id, year=month.year).level


def test_earnings_across_the_year_boundary_count_against_each_years_own_cap(
    caseworker, citizen, jobcentre
) -> None:
    """Must show 1: two years, two caps (41.280 kr. and 42.766 kr.), warnings at 80 % and
    100 % of each year's own cap."""
    card = services.frikort_decide(
        actor=caseworker, citizen_id=citizen.pk, department=jobcentre, decided_on=D(2024, 1, 10)
    )
    bike_shop = services.job_add(
        actor=caseworker,
        citizen_id=citizen.pk,
        department=jobcentre,
        kind=Job.Kind.ORDINARY_FRIKORT,
        employer_name="Svendborg Cykler ApS",
        employer_cvr=CVR_A,
        starts_on=D(2024, 1, 1),
        hours_per_week=Decimal("6.5"),
    )
    cafe = services.job_add(
        actor=caseworker,
        citizen_id=citizen.pk,
        department=jobcentre,
        kind=Job.Kind.KLAP,
        employer_name="Havnecaféen",
        employer_cvr=CVR_B,
        starts_on=D(2024, 6, 1),
        hours_per_week=Decimal("4"),
    )
    # 2024: eleven months of 3.000 kr. = 33.000 kr. = 79,9 % of 41.280 kr.: no warning yet.
    for month in range(1, 12):
        assert _register(caseworker, card, bike_shop, D(2024, month, 1), "3000.00") == "ok"
    assert _register(caseworker, card, bike_shop, D(2024, 12, 1), "100.00") == "near"
    status_2024 = selectors.year_status(citizen_id=citizen.pk, year=2024)
    assert status_2024.total == Decimal("33100.00")
    assert status_2024.cap == Decimal("41280.00")
    assert status_2024.share == Decimal("80.2")

    # January 2025 starts from zero against the 2025 cap; 2024 keeps its own total.
    assert _register(caseworker, card, bike_shop, D(2025, 1, 1), "8400.00") == "ok"
    assert selectors.year_status(citizen_id=citizen.pk, year=2024).total == Decimal("33100.00")

    # A late registration for December 2024 (another employer) fills up the 2024 cap exactly.
    assert _register(caseworker, card, cafe, D(2024, 12, 1), "8180.00") == "full"
    status_2024 = selectors.year_status(citizen_id=citizen.pk, year=2024)
    assert status_2024.total == Decimal("41280.00") and status_2024.share == Decimal("100.0")
    assert status_2024.remaining == Decimal("0.00")

    # 2025: 8.400 + 25.812,80 = 34.212,80 kr. = exactly 80 % of 42.766 kr.
    assert _register(caseworker, card, cafe, D(2025, 2, 1), "25812.79") == "ok"
    assert _register(caseworker, card, cafe, D(2025, 3, 1), "0.01") == "near"
    assert selectors.year_status(citizen_id=citizen.pk, year=2025).total == Decimal("34212.80")
    # 41.500 kr. would use up the 2024 cap but is below the 2025 cap.
    assert _register(caseworker, card, bike_shop, D(2025, 2, 1), "7287.20") == "near"
    status_2025 = selectors.year_status(citizen_id=citizen.pk, year=2025)
    assert status_2025.total == Decimal("41500.00") and status_2025.share == Decimal("97.0")
    assert _register(caseworker, card, bike_shop, D(2025, 3, 1), "1266.00") == "full"
    status_2025 = selectors.year_status(citizen_id=citizen.pk, year=2025)
    assert status_2025.total == Decimal("42766.00") and status_2025.cap == Decimal("42766.00")

    # The citizen's page shows the chosen year's months with the running total.
    access = citizen_for_write(
        actor=caseworker, citizen_id=citizen.pk, predicate=can_manage_employment
    )
    page = selectors.citizen_employment(access=access, year=2024)
    assert [row.running_total for row in page.earnings][-1] == Decimal("41280.00")
    assert page.status.level == "full"
    # The totals the warnings read are kept as each earning is registered.
    kept = dict(EarningYear.objects.filter(citizen=citizen).values_list("year", "total"))
    assert kept == {2024: Decimal("41280.00"), 2025: Decimal("42766.00")}
    assert {s.year: s.level for s in page.other_years} == {2024: "full", 2025: "full"}


def test_a_year_without_a_registered_cap_says_so_and_guesses_nothing(caseworker, citizen) -> None:
    FrikortCap.objects.filter(year=2025).delete()
    card = frikort(citizen, decided_on=D(2024, 3, 1), by=caseworker)
    earning(card, job(citizen, starts_on=D(2024, 3, 1)), D(2025, 5, 1), "50000.00")
    status = selectors.year_status(citizen_id=citizen.pk, year=2025)
    assert status.cap is None and status.share is None and status.remaining is None
    assert status.level == "no_cap" and not status.warns
    assert status.total == Decimal("50000.00")


def test_deciding_a_frikort_mirrors_it_in_the_plan_and_links_the_job_centre(
    caseworker, jobcentre
) -> None:
    social = DepartmentFactory.create(name="Socialafdeling myndighed")
    citizen = CitizenFactory.create()
    link(citizen, social)
    consent_user = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    # The job centre caseworker sees the citizen through a consent at first.
    from tests.people.factories import consent

    consent(citizen, jobcentre)
    before = _last_id()
    card = services.frikort_decide(
        actor=consent_user, citizen_id=citizen.pk, department=jobcentre, decided_on=D(2025, 2, 1)
    )
    assert [e.action for e in _entries(before)] == ["create"]
    mirror = Intervention.objects.get(source_type="employment.frikort", source_id=str(card.pk))
    assert mirror.status == Intervention.Status.ACTIVE
    assert mirror.life_area == Goal.LifeArea.WORK and mirror.department == jobcentre
    assert mirror.plan.citizen == citizen
    assert (
        CitizenLink.objects.active_on(timezone.localdate())
        .filter(citizen=citizen, department=jobcentre, source_type="plans.intervention")
        .exists()
    )
    assert card.next_check_due == D(2026, 12, 31)

    services.frikort_deactivate(
        actor=consent_user,
        frikort_id=card.pk,
        deactivated_on=timezone.localdate(),
        reason="Flyttet fra kommunen",
    )
    mirror.refresh_from_db()
    assert mirror.status == Intervention.Status.ENDED
    assert mirror.end_reason == "Flyttet fra kommunen"
    assert (
        not CitizenLink.objects.active_on(timezone.localdate() + datetime.timedelta(days=1))
        .filter(citizen=citizen, department=jobcentre, source_type="plans.intervention")
        .exists()
    )


def test_a_job_shows_in_the_plan_while_it_runs_and_ends_there_when_it_ends(
    caseworker, citizen, jobcentre
) -> None:
    today = timezone.localdate()
    klap = services.job_add(
        actor=caseworker,
        citizen_id=citizen.pk,
        department=jobcentre,
        kind=Job.Kind.KLAP,
        employer_name="Brugsen",
        employer_cvr="1358 5628",
        starts_on=today - datetime.timedelta(days=40),
        hours_per_week=Decimal("10"),
    )
    assert klap.employer_cvr == CVR_A
    mirror = Intervention.objects.get(source_type="employment.job", source_id=str(klap.pk))
    assert mirror.status == Intervention.Status.ACTIVE and mirror.life_area == "work"
    assert mirror.description == "KLAP-job: Brugsen"
    services.job_end(actor=caseworker, job_id=klap.pk, ends_on=today - datetime.timedelta(days=1))
    mirror.refresh_from_db()
    assert mirror.status == Intervention.Status.ENDED


def test_an_eligibility_check_moves_the_next_due_date(caseworker, citizen) -> None:
    card = frikort(citizen, decided_on=D(2024, 1, 5), by=caseworker)
    assert card.next_check_due == D(2025, 12, 31)
    today = timezone.localdate()
    services.frikort_check(actor=caseworker, frikort_id=card.pk, checked_on=today)
    card.refresh_from_db()
    assert card.last_checked_on == today
    assert card.next_check_due == D(today.year + 1, 12, 31)
    with pytest.raises(ValidationError) as error:
        services.frikort_check(
            actor=caseworker,
            frikort_id=card.pk,
            checked_on=today,
            next_check_due=D(today.year + 2, 1, 1),
        )
    assert "next_check_due" in error.value.message_dict


def _counts() -> tuple[int, int, int, int, int]:
    return (
        Earning.objects.count(),
        Job.objects.count(),
        Frikort.objects.count(),
        Intervention.objects.count(),
        AccessLogEntry.objects.filter(granted=True).count(),
    )


def _refused(call, field: str, danish: str) -> None:
    before = _counts()
    with translation.override("da"), pytest.raises(ValidationError) as error:
        call()
    messages = error.value.message_dict[field] if field else error.value.messages
    with translation.override("da"):
        assert any(danish in str(message) for message in messages), messages
    assert _counts() == before


def test_invalid_earnings_give_a_danish_error_and_write_nothing(caseworker, citizen) -> None:
    """Must show 3 (earnings): negative amount, deactivated card, future month, ..."""
    card = frikort(citizen, decided_on=D(2024, 1, 1), by=caseworker)
    shop = job(citizen, starts_on=D(2024, 1, 1))
    volunteer = job(citizen, starts_on=D(2024, 1, 1), kind=Job.Kind.VOLUNTEER, employer_cvr="")

    may = D(2024, 5, 1)

    def register(amount: str = "1000.00", month: D = may, **kwargs):
        kwargs.setdefault("job_id", shop.pk)
        kwargs.setdefault("frikort_id", card.pk)
        return lambda: services.earning_register(
            actor=caseworker, month=month, amount=Decimal(amount), **kwargs
        )

    _refused(register("-250.00"), "amount", "Beløbet skal være over 0 kr.")
    _refused(register("0"), "amount", "Beløbet skal være over 0 kr.")
    _refused(register("10.005"), "amount", "højst to decimaler")
    next_month = (timezone.localdate().replace(day=28) + datetime.timedelta(days=5)).replace(day=1)
    _refused(register(month=next_month), "month", "fremtidig måned")
    _refused(register(month=D(2023, 12, 1)), "month", "endnu ikke tilkendt")
    _refused(register(job_id=volunteer.pk), "job", "Frivilligt arbejde giver ingen indtægt")
    other_citizens_job = job(CitizenFactory.create(), starts_on=D(2024, 1, 1))
    _refused(register(job_id=other_citizens_job.pk), "job", "Vælg et af borgerens job")
    earning(card, shop, D(2024, 5, 1), "500.00")
    _refused(register(), "month", "allerede registreret")

    card.deactivated_on, card.deactivation_reason = D(2024, 9, 15), "Ikke i målgruppen"
    card.save()
    _refused(register(month=D(2024, 10, 1)), "month", "deaktiveret den 15-09-2024")
    # The month the card was deactivated in was partly covered: still accepted.
    services.earning_register(
        actor=caseworker,
        frikort_id=card.pk,
        job_id=shop.pk,
        month=D(2024, 9, 1),
        amount=Decimal("700.50"),
    )


def test_invalid_jobs_give_a_danish_error_and_write_nothing(caseworker, citizen, jobcentre) -> None:
    """Must show 3 (jobs): a bad CVR, a job ending before it starts."""

    def add(**kwargs):
        data = {
            "actor": caseworker,
            "citizen_id": citizen.pk,
            "department": jobcentre,
            "kind": Job.Kind.ORDINARY_FRIKORT,
            "employer_name": "Svendborg Cykler ApS",
            "employer_cvr": CVR_A,
            "starts_on": D(2025, 3, 1),
            "hours_per_week": Decimal("8"),
        } | kwargs
        return lambda: services.job_add(**data)

    _refused(add(employer_cvr="13585629"), "employer_cvr", "ikke et gyldigt CVR-nummer")
    _refused(add(employer_cvr="1234"), "employer_cvr", "ikke et gyldigt CVR-nummer")
    _refused(add(employer_cvr=""), "employer_cvr", "Skriv arbejdsgiverens CVR-nummer")
    _refused(add(ends_on=D(2025, 2, 28)), "ends_on", "Jobbet kan ikke slutte, før det begynder")
    _refused(add(employer_name="  "), "employer_name", "arbejdsgiverens navn")
    _refused(add(hours_per_week=Decimal("0")), "hours_per_week", "")
    social = DepartmentFactory.create(name="Socialafdeling myndighed")
    _refused(add(department=social), "department", "jobcenter")

    made = job(citizen, starts_on=D(2025, 3, 1), department=jobcentre)
    _refused(
        lambda: services.job_end(actor=caseworker, job_id=made.pk, ends_on=D(2025, 2, 1)),
        "ends_on",
        "Jobbet kan ikke slutte, før det begynder",
    )
    # Volunteer work needs no CVR.
    services.job_add(
        actor=caseworker,
        citizen_id=citizen.pk,
        department=jobcentre,
        kind=Job.Kind.VOLUNTEER,
        employer_name="Kirkens Korshær",
        employer_cvr="",
        starts_on=D(2025, 3, 1),
        hours_per_week=Decimal("3"),
    )


def test_invalid_frikort_decisions_write_nothing(caseworker, citizen, jobcentre) -> None:
    def decide(**kwargs):
        data = {
            "actor": caseworker,
            "citizen_id": citizen.pk,
            "department": jobcentre,
            "decided_on": D(2025, 1, 2),
        } | kwargs
        return lambda: services.frikort_decide(**data)

    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _refused(decide(decided_on=tomorrow), "decided_on", "fremtiden")
    _refused(decide(next_check_due=D(2027, 1, 1)), "next_check_due", "31-12-2026")
    _refused(decide(next_check_due=D(2024, 12, 1)), "next_check_due", "før afgørelsen")
    frikort(citizen, decided_on=D(2024, 1, 1), by=caseworker)
    _refused(decide(), "", "allerede et aktivt frikort")
    card = Frikort.objects.get(citizen=citizen)
    _refused(
        lambda: services.frikort_deactivate(
            actor=caseworker, frikort_id=card.pk, deactivated_on=D(2024, 6, 1), reason=" "
        ),
        "deactivation_reason",
        "årsagen",
    )


def test_writes_need_the_role_and_need_to_know(citizen, jobcentre) -> None:
    provider = UserFactory.create(roles=["provider_staff"], departments=[jobcentre])
    with pytest.raises(PermissionDenied):
        services.frikort_decide(
            actor=provider, citizen_id=citizen.pk, department=jobcentre, decided_on=D(2025, 1, 1)
        )
    stranger = UserFactory.create(
        roles=["caseworker"], departments=[DepartmentFactory.create(name="Boligafdeling")]
    )
    assert not citizens_visible_to(stranger).filter(pk=citizen.pk).exists()
    with pytest.raises(Http404):
        services.frikort_decide(
            actor=stranger, citizen_id=citizen.pk, department=jobcentre, decided_on=D(2025, 1, 1)
        )
    admin = UserFactory.create(roles=["administrator"], departments=[jobcentre], is_superuser=True)
    with pytest.raises(PermissionDenied):
        services.job_add(
            actor=admin,
            citizen_id=citizen.pk,
            department=jobcentre,
            kind=Job.Kind.KLAP,
            employer_name="Brugsen",
            employer_cvr=CVR_A,
            starts_on=D(2025, 1, 1),
            hours_per_week=Decimal("5"),
        )
    assert Frikort.objects.count() == 0 and Job.objects.count() == 0


def test_the_daily_refresh_carries_out_job_dates_in_the_plan(
    caseworker, citizen, jobcentre
) -> None:
    from io import StringIO

    from django.core.management import call_command

    today = timezone.localdate()
    ending = services.job_add(
        actor=caseworker,
        citizen_id=citizen.pk,
        department=jobcentre,
        kind=Job.Kind.FLEXJOB,
        employer_name="Brugsen",
        employer_cvr=CVR_A,
        starts_on=today - datetime.timedelta(days=100),
        ends_on=today + datetime.timedelta(days=10),
        hours_per_week=Decimal("12"),
    )
    starting = services.job_add(
        actor=caseworker,
        citizen_id=citizen.pk,
        department=jobcentre,
        kind=Job.Kind.KLAP,
        employer_name="Havnecaféen",
        employer_cvr=CVR_B,
        starts_on=today + datetime.timedelta(days=5),
        hours_per_week=Decimal("6"),
    )

    def mirror(job: Job) -> Intervention:
        return Intervention.objects.get(source_type="employment.job", source_id=str(job.pk))

    assert mirror(ending).status == "active" and mirror(starting).status == "planned"
    assert services.job_mirrors_refresh(today=today) == 0
    assert services.job_mirrors_refresh(today=today + datetime.timedelta(days=5)) == 1
    assert mirror(starting).status == "active"
    assert services.job_mirrors_refresh(today=today + datetime.timedelta(days=11)) == 1
    ended = mirror(ending)
    assert ended.status == "ended" and ended.end_reason == "Jobbet er ophørt"
    link = CitizenLink.objects.get(source_type="plans.intervention", source_id=str(ended.pk))
    assert link.ends_on == ending.ends_on
    out = StringIO()
    call_command("employment", "refresh", stdout=out)
    assert "0 job interventions" in out.getvalue()


def test_a_jobs_dates_decide_the_job_centres_access_without_the_daily_refresh(
    caseworker, citizen
) -> None:
    """Issue 16: no access decision depends on a scheduled job. A job from tomorrow gives the
    job centre that follows it access from tomorrow, and a job ending tomorrow none the day
    after, with the clock moved and nothing run in between."""
    import time_machine

    other_centre = DepartmentFactory.create(name="Jobcenter Syd", kind=Department.Kind.JOBCENTRE)
    follower = UserFactory.create(roles=["caseworker"], departments=[other_centre])

    def sees() -> bool:
        return citizens_visible_to(follower).filter(pk=citizen.pk).exists()

    # Midday today (the citizen's link to the caseworker's centre starts today), so moving
    # a day never crosses midnight in either time zone.
    noon = datetime.datetime.combine(timezone.localdate(), datetime.time(12), tzinfo=datetime.UTC)
    with time_machine.travel(noon, tick=False) as clock:
        today = timezone.localdate()
        tomorrow = today + datetime.timedelta(days=1)
        starting = services.job_add(
            actor=caseworker,
            citizen_id=citizen.pk,
            department=other_centre,
            kind=Job.Kind.KLAP,
            employer_name="Havnecaféen",
            employer_cvr=CVR_B,
            starts_on=tomorrow,
            ends_on=tomorrow + datetime.timedelta(days=1),
            hours_per_week=Decimal("6"),
        )
        assert not sees()
        clock.shift(datetime.timedelta(days=1))
        assert sees()
        clock.shift(datetime.timedelta(days=1))
        assert sees(), "the job's last day still gives access"
        clock.shift(datetime.timedelta(days=1))
        assert not sees()
        mirror = Intervention.objects.get(source_type="employment.job", source_id=str(starting.pk))
        assert mirror.status == "planned", "no refresh ran: only the dates decided"
