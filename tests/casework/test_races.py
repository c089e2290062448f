"""Two caseworkers decide the same open application at the same moment: one decision
stands, the other is refused with the conflict message, one update is logged."""

from __future__ import annotations

import datetime
import time
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from roret.audit.models import AccessLogEntry
from roret.casework import services
from roret.casework.models import Application
from roret.casework.selectors import processing_report
from roret.core import kept
from roret.core.deadlines import add_months
from roret.core.errors import StaleWriteError
from roret.core.models import KeptMonth
from tests.factories import DepartmentFactory, TeamFactory, UserFactory
from tests.people.factories import CitizenFactory, link
from tests.races import race

from .factories import application

TODAY = timezone.localdate()


def _setup() -> tuple[Application, list]:
    team = TeamFactory.create(department=DepartmentFactory.create(name="Socialafdeling"))
    citizen = CitizenFactory.create()
    link(citizen, team.department, team=team)
    made = application(team, citizen=citizen, received_on=TODAY - datetime.timedelta(days=5))
    workers = [
        UserFactory.create(roles=["caseworker"], departments=[team.department], teams=[team])
        for _ in range(2)
    ]
    return made, workers


def _decide(actor, made: Application, outcome: str, version: int | None):
    return lambda: services.application_decide(
        actor=actor,
        application_id=made.pk,
        outcome=outcome,
        decided_on=TODAY,
        decision_text=f"Afgørelse: {outcome}",
        version=version,
    )


def _updates(made: Application) -> list[AccessLogEntry]:
    return list(
        AccessLogEntry.objects.filter(
            object_type="casework.application",
            object_id=str(made.pk),
            action=AccessLogEntry.Action.UPDATE,
            granted=True,
        )
    )


@pytest.mark.django_db(transaction=True)
def test_two_opposite_decisions_from_pages_read_at_the_same_version() -> None:
    made, (first, second) = _setup()
    read_at = made.version
    results = race(
        _decide(first, made, "granted", read_at),
        _decide(second, made, "refused", read_at),
        hold_model=Application,
    )
    successes = [r for r in results if isinstance(r, Application)]
    refusals = [r for r in results if isinstance(r, StaleWriteError)]
    assert len(successes) == 1 and len(refusals) == 1, results
    made.refresh_from_db()
    assert made.status == successes[0].status
    assert made.version == read_at + 1
    # The refusal names the row as it is now, and who decided it.
    assert refusals[0].current.status == made.status
    assert refusals[0].changed_by
    assert len(_updates(made)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_decisions_without_a_version_still_decide_once() -> None:
    # A write that carries no version (another module's service) is serialised by the row
    # lock and refused by the state check made on the locked row.
    made, (first, second) = _setup()
    results = race(
        _decide(first, made, "granted", None),
        _decide(second, made, "refused", None),
        hold_model=Application,
    )
    successes = [r for r in results if isinstance(r, Application)]
    refusals = [r for r in results if isinstance(r, ValidationError)]
    assert len(successes) == 1 and len(refusals) == 1, results
    assert "already been decided" in " ".join(refusals[0].messages) or "allerede" in " ".join(
        refusals[0].messages
    )
    assert len(_updates(made)) == 1


@pytest.mark.django_db
def test_a_decision_from_a_stale_page_changes_nothing() -> None:
    made, (first, second) = _setup()
    read_at = made.version
    services.application_record_notice(
        actor=first,
        application_id=made.pk,
        notice_sent_on=TODAY,
        expected_decision_on=TODAY + datetime.timedelta(days=10),
        version=read_at,
    )
    before = AccessLogEntry.objects.count()
    with pytest.raises(StaleWriteError):
        _decide(second, made, "granted", read_at)()
    made.refresh_from_db()
    assert made.is_open and made.decision_text == ""
    assert AccessLogEntry.objects.count() == before


@pytest.mark.django_db
def test_a_decision_text_over_its_limit_is_refused_and_the_limit_is_a_setting(settings) -> None:
    made, (first, _second) = _setup()
    long_text = "x" * 100_001
    with pytest.raises(ValidationError) as refused:
        _decide_with_text(first, made, long_text)
    assert "højst 100.000 tegn" in str(refused.value.message_dict["decision_text"])
    made.refresh_from_db()
    assert made.is_open
    settings.RORET_LIMITS = {"text_fields": {"casework.application.decision_text": 200_000}}
    _decide_with_text(first, made, long_text)
    made.refresh_from_db()
    assert not made.is_open


def _decide_with_text(actor, made: Application, text: str) -> Application:
    return services.application_decide(
        actor=actor,
        application_id=made.pk,
        outcome="granted",
        decided_on=TODAY,
        decision_text=text,
    )


@pytest.mark.django_db(transaction=True)
def test_a_report_read_during_a_back_dated_decision_keeps_no_out_of_date_month(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The report computes last month while a back-dated decision into it is written but not
    yet committed: what it computed is not kept, so the next read counts the decision."""
    made, (caseworker, _other) = _setup()
    last_month = add_months(TODAY.replace(day=1), -1)
    Application.objects.filter(pk=made.pk).update(received_on=last_month)
    manager = UserFactory.create(roles=["manager"])

    def decisions_last_month() -> int:
        report = processing_report(user=manager, today=TODAY)
        return sum(dict(b.months)[last_month].decisions for b in report.bases)

    assert decisions_last_month() == 0
    KeptMonth.objects.all().delete()  # last month has just ended: not kept yet
    forget = kept.forget

    def forget_and_wait(**kwargs: Any) -> None:
        forget(**kwargs)
        time.sleep(0.6)  # the decision's transaction stays open while the report computes

    monkeypatch.setattr(kept, "forget", forget_and_wait)

    def decide() -> Application:
        return services.application_decide(
            actor=caseworker,
            application_id=made.pk,
            outcome="granted",
            decided_on=last_month,
            decision_text="Bevilget",
        )

    def read_meanwhile() -> int:
        time.sleep(0.2)
        return decisions_last_month()

    decided, _read = race(decide, read_meanwhile)
    assert isinstance(decided, Application), decided
    assert decisions_last_month() == 1
