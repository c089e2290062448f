"""Casework writes: deadlines stored at receipt, need-to-know links, fast track, decisions;
bad input writes nothing; every write is one access-log entry."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework import rules, services
from roret.casework.models import Application, FastTrackRequest, ProcessingStandard
from roret.core.deadlines import deadline
from roret.organisation.models import Team
from roret.people.models import Citizen, CitizenLink
from tests.factories import DepartmentFactory, TeamFactory, UserFactory
from tests.people.factories import CitizenFactory, link

from .factories import application, basis

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def team() -> Team:
    return TeamFactory.create(department=DepartmentFactory.create(name="Socialafdeling"))


@pytest.fixture
def caseworker(team: Team) -> User:
    return UserFactory.create(roles=["caseworker"], departments=[team.department], teams=[team])


@pytest.fixture
def citizen(team: Team) -> Citizen:
    made = CitizenFactory.create()
    link(made, team.department, team=team)
    return made


def _create(actor: User, citizen: Citizen, team: Team, **fields: object) -> Application:
    values: dict[str, object] = {
        "legal_basis": basis("85"),
        "received_on": TODAY - datetime.timedelta(days=3),
        "channel": "self",
        "applied_for": "Bostøtte",
        "team": team,
    }
    values.update(fields)
    return services.application_create(actor=actor, citizen_id=citizen.pk, **values)  # type: ignore[arg-type]


def test_the_deadline_comes_from_the_standard_valid_on_the_day_of_receipt(
    caseworker: User, citizen: Citizen, team: Team
) -> None:
    old = ProcessingStandard.objects.get(legal_basis=basis("85"))
    change = TODAY - datetime.timedelta(days=5)
    old.valid_to = change - datetime.timedelta(days=1)
    old.save()
    ProcessingStandard.objects.create(
        legal_basis=basis("85"), amount=30, unit="working_days", valid_from=change
    )
    before = _create(caseworker, citizen, team, received_on=change - datetime.timedelta(days=2))
    after = _create(caseworker, citizen, team, received_on=change)
    assert before.deadline == deadline(before.received_on, 8, "weeks")
    assert after.deadline == deadline(change, 30, "working_days")
    assert [e.action for e in AccessLogEntry.objects.all()] == ["create", "create"]


def test_own_initiative_cases_have_no_deadline(
    caseworker: User, citizen: Citizen, team: Team
) -> None:
    made = _create(caseworker, citizen, team, own_initiative=True)
    assert made.deadline is None and made.standard is None
    assert not made.needs_notice(TODAY + datetime.timedelta(days=365))


def test_an_application_links_its_team_until_a_year_after_the_decision(
    caseworker: User, citizen: Citizen, team: Team
) -> None:
    made = _create(caseworker, citizen, team)
    links = CitizenLink.objects.filter(source_type="casework.application", source_id=str(made.pk))
    assert [(x.department_id, x.team_id, x.ends_on) for x in links] == [
        (team.department_id, team.pk, None)
    ]
    services.application_decide(
        actor=caseworker,
        application_id=made.pk,
        outcome="granted",
        decided_on=TODAY,
        decision_text="Bevilget",
    )
    assert links.get().ends_on == TODAY + datetime.timedelta(days=365)
    made.refresh_from_db()
    assert (made.status, made.decided_on) == ("granted", TODAY)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"received_on": TODAY + datetime.timedelta(days=1)}, "received_on"),
        ({"applied_for": "  "}, "applied_for"),
        ({"channel": "pigeon"}, "channel"),
    ],
)
def test_bad_input_is_a_field_error_and_writes_nothing(
    caseworker: User, citizen: Citizen, team: Team, fields: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(caseworker, citizen, team, **fields)
    assert field in caught.value.message_dict
    assert not Application.objects.exists()
    assert not AccessLogEntry.objects.exists()


def test_a_team_in_another_department_is_refused(caseworker: User, citizen: Citizen) -> None:
    with pytest.raises(ValidationError) as caught:
        _create(caseworker, citizen, TeamFactory.create())
    assert "team" in caught.value.message_dict


def test_a_citizen_without_a_link_is_404_and_logged(caseworker: User, team: Team) -> None:
    stranger = CitizenFactory.create()
    with pytest.raises(Http404):
        _create(caseworker, stranger, team)
    assert [(e.granted, e.citizen_id) for e in AccessLogEntry.objects.all()] == [
        (False, stranger.pk)
    ]


def test_deciding_validates_dates_and_text(caseworker: User, team: Team) -> None:
    made = application(team)
    for outcome, decided_on, text, field in [
        ("granted", made.received_on - datetime.timedelta(days=1), "x", "decided_on"),
        ("granted", TODAY + datetime.timedelta(days=1), "x", "decided_on"),
        ("granted", TODAY, "", "decision_text"),
        ("received", TODAY, "x", "outcome"),
    ]:
        with pytest.raises(ValidationError) as caught:
            services.application_decide(
                actor=caseworker,
                application_id=made.pk,
                outcome=outcome,
                decided_on=decided_on,
                decision_text=text,
            )
        assert field in caught.value.message_dict
    made.refresh_from_db()
    assert made.is_open and made.decided_on is None


def test_withdrawal_needs_no_text(caseworker: User, team: Team) -> None:
    made = application(team)
    services.application_decide(
        actor=caseworker,
        application_id=made.pk,
        outcome="withdrawn",
        decided_on=TODAY,
        decision_text="",
    )
    made.refresh_from_db()
    assert made.status == "withdrawn"


def test_the_notice_prompt_and_recording_it(caseworker: User, team: Team) -> None:
    made = application(team, deadline=TODAY + datetime.timedelta(days=3))
    assert made.needs_notice(TODAY)
    assert not made.needs_notice(TODAY - datetime.timedelta(days=10))
    with pytest.raises(ValidationError):
        services.application_record_notice(
            actor=caseworker,
            application_id=made.pk,
            notice_sent_on=TODAY,
            expected_decision_on=TODAY - datetime.timedelta(days=1),
        )
    services.application_record_notice(
        actor=caseworker,
        application_id=made.pk,
        notice_sent_on=TODAY,
        expected_decision_on=TODAY + datetime.timedelta(days=20),
    )
    made.refresh_from_db()
    assert not made.needs_notice(TODAY)


def test_fast_track_is_requested_by_outreach_and_approved_by_a_team_leader(
    team: Team,
) -> None:
    made = application(team)
    outreach = UserFactory.create(roles=["outreach_worker"], departments=[team.department])
    leader = UserFactory.create(roles=["team_leader"], departments=[team.department])
    caseworker = UserFactory.create(roles=["caseworker"], departments=[team.department])
    with pytest.raises(PermissionDenied):
        services.fast_track_request(actor=caseworker, application_id=made.pk, reason="x")
    request = services.fast_track_request(
        actor=outreach, application_id=made.pk, reason="Kendt af opsøgende team"
    )
    with pytest.raises(ValidationError):
        services.fast_track_request(actor=outreach, application_id=made.pk, reason="igen")
    with pytest.raises(PermissionDenied):
        services.fast_track_decide(actor=outreach, request_id=request.pk, approve=True)
    services.fast_track_decide(actor=leader, request_id=request.pk, approve=True)
    made.refresh_from_db()
    request.refresh_from_db()
    assert made.fast_track and request.status == FastTrackRequest.Status.APPROVED
    with pytest.raises(ValidationError):
        services.fast_track_decide(actor=leader, request_id=request.pk, approve=False)


def test_a_team_leader_elsewhere_cannot_approve(team: Team) -> None:
    made = application(team)
    request = FastTrackRequest.objects.create(
        application=made, reason="x", requested_by=UserFactory.create()
    )
    elsewhere = UserFactory.create(roles=["team_leader"], departments=[DepartmentFactory.create()])
    with pytest.raises(Http404):
        services.fast_track_decide(actor=elsewhere, request_id=request.pk, approve=True)


def test_predicates_give_a_superuser_no_bypass() -> None:
    superuser = UserFactory.create(is_superuser=True)
    for predicate in (
        rules.can_handle_applications,
        rules.can_request_fast_track,
        rules.can_decide_fast_track,
        rules.can_read_processing_report,
    ):
        assert not predicate.test(superuser)
    assert rules.can_read_processing_report.test(UserFactory.create(roles=["manager"]))
    assert rules.can_decide_fast_track.test(UserFactory.create(roles=["team_leader"]))
