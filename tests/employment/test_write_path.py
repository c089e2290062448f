"""Employment on the one write path (roret.people.writes): one log entry per write naming
the row written, the card or job locked and checked again on the locked row, a form read at
an older version refused with nothing changed, and the limits of roret.core.limits applied."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import override_settings
from django.utils import timezone, translation

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.core.errors import StaleWriteError
from roret.employment import services
from roret.employment.models import Earning, Frikort, Job
from roret.organisation.models import Department
from roret.people.models import Citizen
from roret.plans.models import Intervention
from tests.conftest import AccessLogWatch
from tests.factories import DepartmentFactory, UserFactory
from tests.people.factories import CitizenFactory, link
from tests.races import race

from .factories import CVR_A, caps, earning, frikort, job

TODAY = timezone.localdate()
D = datetime.date
Action = AccessLogEntry.Action


@pytest.fixture(autouse=True)
def _caps(db: None) -> None:
    caps()


@pytest.fixture
def jobcentre(db: None) -> Department:
    return DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)


@pytest.fixture
def citizen(jobcentre: Department) -> Citizen:
    made = CitizenFactory.create()
    link(made, jobcentre)
    return made


def _worker(jobcentre: Department) -> User:
    return UserFactory.create(roles=["caseworker"], departments=[jobcentre])


@pytest.fixture
def caseworker(jobcentre: Department) -> User:
    return _worker(jobcentre)


def _add_job(actor: User, citizen: Citizen, jobcentre: Department, **changes: object) -> Job:
    data: dict[str, object] = {
        "actor": actor,
        "citizen_id": citizen.pk,
        "department": jobcentre,
        "kind": Job.Kind.KLAP,
        "employer_name": "Brugsen",
        "employer_cvr": CVR_A,
        "starts_on": TODAY - datetime.timedelta(days=60),
        "hours_per_week": Decimal("10"),
    } | changes
    return services.job_add(**data)  # type: ignore[arg-type]


def _granted(entries: list[AccessLogEntry]) -> list[tuple[str, str, str, int | None]]:
    return [(e.action, e.object_type, e.object_id, e.citizen_id) for e in entries if e.granted]


# --- one entry per write, naming what was written ---------------------------------------


@pytest.mark.django_db
def test_each_write_logs_one_entry_naming_the_row_it_wrote(
    caseworker: User, citizen: Citizen, jobcentre: Department, access_log: AccessLogWatch
) -> None:
    card, entries = access_log.during(
        lambda: services.frikort_decide(
            actor=caseworker,
            citizen_id=citizen.pk,
            department=jobcentre,
            decided_on=TODAY - datetime.timedelta(days=90),
        )
    )
    assert _granted(entries) == [("create", "employment.frikort", str(card.pk), citizen.pk)]
    assert len(entries) == 1

    shop, entries = access_log.during(lambda: _add_job(caseworker, citizen, jobcentre))
    assert _granted(entries) == [("create", "employment.job", str(shop.pk), citizen.pk)]
    assert len(entries) == 1

    made, entries = access_log.during(
        lambda: services.earning_register(
            actor=caseworker,
            frikort_id=card.pk,
            job_id=shop.pk,
            month=TODAY,
            amount=Decimal("1200.00"),
        )
    )
    assert _granted(entries) == [("create", "employment.earning", str(made.pk), citizen.pk)]
    assert len(entries) == 1

    _checked, entries = access_log.during(
        lambda: services.frikort_check(actor=caseworker, frikort_id=card.pk, checked_on=TODAY)
    )
    assert _granted(entries) == [("update", "employment.frikort", str(card.pk), citizen.pk)]
    assert len(entries) == 1

    _ended, entries = access_log.during(
        lambda: services.job_end(actor=caseworker, job_id=shop.pk, ends_on=TODAY)
    )
    assert _granted(entries) == [("update", "employment.job", str(shop.pk), citizen.pk)]
    assert len(entries) == 1


@pytest.mark.django_db
def test_a_refused_write_logs_the_refusal_and_writes_nothing(
    citizen: Citizen, jobcentre: Department, access_log: AccessLogWatch
) -> None:
    card = frikort(citizen, decided_on=TODAY - datetime.timedelta(days=90), department=jobcentre)
    stranger = UserFactory.create(roles=["caseworker"], departments=[DepartmentFactory.create()])
    access_log.reset()
    with pytest.raises(Http404):
        services.frikort_check(actor=stranger, frikort_id=card.pk, checked_on=TODAY)
    entries = access_log.new()
    assert [(e.granted, e.object_type, e.object_id) for e in entries] == [
        (False, "employment.frikort", str(card.pk))
    ]
    card.refresh_from_db()
    assert card.last_checked_on == card.decided_on and card.version == 1


# --- versions: a form read before a colleague's change is refused -----------------------


@pytest.mark.django_db
def test_a_stale_check_of_the_frikort_is_refused_and_changes_nothing(
    citizen: Citizen, jobcentre: Department, access_log: AccessLogWatch
) -> None:
    first, second = _worker(jobcentre), _worker(jobcentre)
    card = frikort(citizen, decided_on=D(TODAY.year - 1, 3, 1), department=jobcentre)
    read_at = card.version
    services.frikort_check(actor=first, frikort_id=card.pk, checked_on=TODAY, version=read_at)
    card.refresh_from_db()
    assert card.version == read_at + 1
    access_log.reset()
    with pytest.raises(StaleWriteError) as refused:
        services.frikort_deactivate(
            actor=second,
            frikort_id=card.pk,
            deactivated_on=TODAY,
            reason="Flyttet fra kommunen",
            version=read_at,
        )
    assert refused.value.current.last_checked_on == TODAY
    assert refused.value.changed_by == str(first)
    card.refresh_from_db()
    assert card.deactivated_on is None and card.version == read_at + 1
    assert access_log.new() == []
    # Read again at the new version, the deactivation goes through.
    services.frikort_deactivate(
        actor=second,
        frikort_id=card.pk,
        deactivated_on=TODAY,
        reason="Flyttet fra kommunen",
        version=card.version,
    )
    card.refresh_from_db()
    assert card.deactivated_on == TODAY and card.version == read_at + 2


@pytest.mark.django_db
def test_a_stale_end_of_a_job_is_refused(
    caseworker: User, citizen: Citizen, jobcentre: Department
) -> None:
    shop = _add_job(caseworker, citizen, jobcentre, ends_on=TODAY + datetime.timedelta(days=30))
    read_at = shop.version
    services.job_end(actor=caseworker, job_id=shop.pk, ends_on=TODAY + datetime.timedelta(days=10))
    with pytest.raises(StaleWriteError):
        services.job_end(actor=caseworker, job_id=shop.pk, ends_on=TODAY, version=read_at)
    shop.refresh_from_db()
    assert shop.ends_on == TODAY + datetime.timedelta(days=10)
    assert shop.version == read_at + 1


# --- the job is checked again on the locked row ------------------------------------------


@pytest.mark.django_db
def test_a_job_that_has_ended_cannot_be_ended_again(
    caseworker: User, citizen: Citizen, jobcentre: Department, access_log: AccessLogWatch
) -> None:
    shop = _add_job(caseworker, citizen, jobcentre)
    services.job_end(actor=caseworker, job_id=shop.pk, ends_on=TODAY)
    access_log.reset()
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        services.job_end(
            actor=caseworker, job_id=shop.pk, ends_on=TODAY - datetime.timedelta(days=1)
        )
    with translation.override("da"):
        assert "Jobbet er allerede ophørt." in refused.value.messages
    shop.refresh_from_db()
    assert shop.ends_on == TODAY
    assert _granted(access_log.new()) == []


@pytest.mark.django_db
def test_a_job_with_a_later_end_date_can_be_ended_earlier(
    caseworker: User, citizen: Citizen, jobcentre: Department
) -> None:
    shop = _add_job(caseworker, citizen, jobcentre, ends_on=TODAY + datetime.timedelta(days=30))
    services.job_end(actor=caseworker, job_id=shop.pk, ends_on=TODAY - datetime.timedelta(days=1))
    mirror = Intervention.objects.get(source_type="employment.job", source_id=str(shop.pk))
    assert mirror.status == Intervention.Status.ENDED
    assert mirror.ends_on == TODAY - datetime.timedelta(days=1)


@pytest.mark.django_db
def test_ending_a_job_before_its_registered_earnings_writes_nothing(
    caseworker: User, citizen: Citizen, jobcentre: Department
) -> None:
    card = frikort(citizen, decided_on=TODAY - datetime.timedelta(days=400), department=jobcentre)
    shop = _add_job(caseworker, citizen, jobcentre, starts_on=TODAY - datetime.timedelta(days=400))
    earning(card, shop, TODAY, "500.00")
    with pytest.raises(ValidationError) as refused:
        services.job_end(
            actor=caseworker, job_id=shop.pk, ends_on=TODAY - datetime.timedelta(days=45)
        )
    assert "ends_on" in refused.value.message_dict
    shop.refresh_from_db()
    assert shop.ends_on is None and shop.version == 1
    mirror = Intervention.objects.get(source_type="employment.job", source_id=str(shop.pk))
    assert mirror.status == Intervention.Status.ACTIVE


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_end_the_same_job_at_the_same_moment(
    citizen: Citizen, jobcentre: Department
) -> None:
    first, second = _worker(jobcentre), _worker(jobcentre)
    shop = _add_job(first, citizen, jobcentre)
    results = race(
        lambda: services.job_end(actor=first, job_id=shop.pk, ends_on=TODAY),
        lambda: services.job_end(
            actor=second, job_id=shop.pk, ends_on=TODAY - datetime.timedelta(days=1)
        ),
        hold_model=Job,
    )
    ended = [r for r in results if isinstance(r, Job)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(ended) == 1 and len(refused) == 1, results
    shop.refresh_from_db()
    assert shop.ends_on == ended[0].ends_on and shop.version == 2
    updates = AccessLogEntry.objects.filter(
        object_type="employment.job", object_id=str(shop.pk), action=Action.UPDATE, granted=True
    )
    assert updates.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_same_months_earnings_registered_twice_at_once_count_once(
    citizen: Citizen, jobcentre: Department
) -> None:
    caps()  # a transactional test starts without the migration's amounts
    first, second = _worker(jobcentre), _worker(jobcentre)
    card = frikort(citizen, decided_on=TODAY - datetime.timedelta(days=90), department=jobcentre)
    shop = job(citizen, starts_on=TODAY - datetime.timedelta(days=90), department=jobcentre)

    def register(actor: User) -> Callable[[], Earning]:
        return lambda: services.earning_register(
            actor=actor, frikort_id=card.pk, job_id=shop.pk, month=TODAY, amount=Decimal("900")
        )

    results = race(register(first), register(second), hold_model=Earning)
    assert sorted(type(r).__name__ for r in results) == ["Earning", "ValidationError"]
    refusal = next(r for r in results if isinstance(r, ValidationError))
    assert "month" in refusal.message_dict
    assert Earning.objects.count() == 1


@pytest.mark.django_db
def test_no_earnings_on_a_card_deactivated_before_the_month(
    caseworker: User, citizen: Citizen, jobcentre: Department
) -> None:
    card = frikort(citizen, decided_on=D(TODAY.year - 1, 1, 1), department=jobcentre)
    shop = job(citizen, starts_on=D(TODAY.year - 1, 1, 1), department=jobcentre)
    services.frikort_deactivate(
        actor=caseworker,
        frikort_id=card.pk,
        deactivated_on=D(TODAY.year - 1, 6, 1),
        reason="Ikke i målgruppen",
    )
    with pytest.raises(ValidationError) as refused:
        services.earning_register(
            actor=caseworker,
            frikort_id=card.pk,
            job_id=shop.pk,
            month=D(TODAY.year - 1, 7, 1),
            amount=Decimal("100"),
        )
    assert "month" in refused.value.message_dict
    assert not Earning.objects.exists()


@pytest.mark.django_db
def test_a_second_active_frikort_is_refused_on_the_locked_citizen(
    caseworker: User, citizen: Citizen, jobcentre: Department
) -> None:
    services.frikort_decide(
        actor=caseworker, citizen_id=citizen.pk, department=jobcentre, decided_on=TODAY
    )
    with pytest.raises(ValidationError):
        services.frikort_decide(
            actor=caseworker, citizen_id=citizen.pk, department=jobcentre, decided_on=TODAY
        )
    assert Frikort.objects.filter(citizen=citizen).count() == 1


# --- limits ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_more_than_80_hours_a_week_is_refused_with_a_danish_message(
    caseworker: User, citizen: Citizen, jobcentre: Department
) -> None:
    with translation.override("da"), pytest.raises(ValidationError) as refused:
        _add_job(caseworker, citizen, jobcentre, hours_per_week=Decimal("80.5"))
    with translation.override("da"):
        assert refused.value.message_dict["hours_per_week"] == [
            "Værdien skal ligge mellem 0 og 80."
        ]
    assert not Job.objects.exists()


@pytest.mark.django_db
@override_settings(RORET_LIMITS={"ranges": {"employment.job.hours_per_week": (0, 80)}})
def test_the_weekly_hours_limit_is_applied_by_the_write_path(
    caseworker: User, citizen: Citizen, jobcentre: Department, access_log: AccessLogWatch
) -> None:
    for hours in ("80.5", "168", "999.9"):
        with translation.override("da"), pytest.raises(ValidationError) as refused:
            _add_job(caseworker, citizen, jobcentre, hours_per_week=Decimal(hours))
        with translation.override("da"):
            assert refused.value.message_dict["hours_per_week"] == [
                "Værdien skal ligge mellem 0 og 80."
            ]
    assert not Job.objects.exists() and not Intervention.objects.exists()
    assert _granted(access_log.new()) == []
    assert _add_job(caseworker, citizen, jobcentre, hours_per_week=Decimal("80")).pk
