"""Writes: permission, one log entry each, and nothing written on bad input."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from roret.audit.models import AccessLogEntry
from roret.people import services
from roret.people.access import citizens_visible_to
from roret.people.models import (
    Citizen,
    CitizenLink,
    Consent,
    HouseholdMember,
    ProblemAreaType,
    Relation,
)
from tests.factories import DepartmentFactory, UserFactory

from .factories import CitizenFactory, consent, link, new_cpr

pytestmark = pytest.mark.django_db


@pytest.fixture
def social():
    return DepartmentFactory.create(name="Socialafdeling myndighed")


@pytest.fixture
def caseworker(social):
    return UserFactory.create(roles=["caseworker"], departments=[social])


def _counts() -> tuple[int, int, int]:
    return Citizen.objects.count(), CitizenLink.objects.count(), AccessLogEntry.objects.count()


def _create(caseworker, social, **overrides):
    data = {
        "actor": caseworker,
        "cpr_number": new_cpr(),
        "first_name": "Karen",
        "last_name": "Nielsen",
        "department": social,
    }
    data.update(overrides)
    return services.citizen_create(**data)


def test_registering_a_citizen_links_the_department_and_logs_once(caseworker, social) -> None:
    number = new_cpr(birth_date=datetime.date(1984, 6, 2), sex="F")
    citizen = _create(caseworker, social, cpr_number=f"{number[:6]}-{number[6:]}")

    assert citizen.cpr == number
    assert citizen.birth_date == datetime.date(1984, 6, 2)
    assert citizen.sex == "F"
    assert list(citizens_visible_to(caseworker)) == [citizen]
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.citizen_id, entry.actor_department_id) == (
        "create",
        citizen.pk,
        social.pk,
    )
    assert number not in entry.purpose + entry.criterion + entry.object_id


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"cpr_number": "12-34"}, "cpr_number", "10 cifre"),
        ({"cpr_number": "3213801234"}, "cpr_number", "gyldig dato"),
        (
            {"date_of_death": datetime.date(1950, 1, 1)},
            "date_of_death",
            "før fødselsdatoen",
        ),
        ({"first_name": ""}, "first_name", "ikke være tomt"),
    ],
)
def test_invalid_input_gives_a_danish_error_and_writes_nothing(
    caseworker, social, overrides, field, message
) -> None:
    before = _counts()
    with pytest.raises(ValidationError) as raised:
        _create(caseworker, social, **overrides)
    assert field in raised.value.message_dict
    assert message in " ".join(raised.value.message_dict[field])
    assert _counts() == before


def test_a_duplicate_cpr_is_refused_and_writes_nothing(caseworker, social) -> None:
    number = new_cpr()
    _create(caseworker, social, cpr_number=number)
    before = _counts()
    with pytest.raises(ValidationError) as raised:
        _create(caseworker, social, cpr_number=f"{number[:6]}-{number[6:]}", first_name="Anden")
    assert "allerede registreret" in raised.value.message_dict["cpr_number"][0]
    assert _counts() == before


def test_registering_requires_a_role_and_an_own_department(social) -> None:
    finance = UserFactory.create(roles=["finance"], departments=[social])
    with pytest.raises(PermissionDenied):
        _create(finance, social)
    caseworker = UserFactory.create(roles=["caseworker"], departments=[DepartmentFactory.create()])
    with pytest.raises(ValidationError):
        _create(caseworker, social)
    assert Citizen.objects.count() == 0


def test_update_changes_fields_and_logs_once(caseworker, social) -> None:
    citizen = CitizenFactory.create()
    link(citizen, social)
    services.citizen_update(
        actor=caseworker, citizen_id=citizen.pk, phone="12345678", city="Faaborg"
    )
    citizen.refresh_from_db()
    assert (citizen.phone, citizen.city) == ("12345678", "Faaborg")
    assert list(AccessLogEntry.objects.values_list("action", flat=True)) == ["update"]


def test_date_of_death_before_birth_is_refused_on_update(caseworker, social) -> None:
    citizen = CitizenFactory.create(cpr_number=new_cpr(birth_date=datetime.date(1970, 5, 5)))
    link(citizen, social)
    with pytest.raises(ValidationError) as raised:
        services.citizen_update(
            actor=caseworker, citizen_id=citizen.pk, date_of_death=datetime.date(1969, 1, 1)
        )
    assert "date_of_death" in raised.value.message_dict
    citizen.refresh_from_db()
    assert citizen.date_of_death is None
    assert AccessLogEntry.objects.count() == 0


def test_writing_to_an_unlinked_citizen_is_refused_and_the_attempt_logged(caseworker) -> None:
    citizen = CitizenFactory.create()
    with pytest.raises(Http404):
        services.citizen_update(actor=caseworker, citizen_id=citizen.pk, phone="1")
    entry = AccessLogEntry.objects.get()
    assert entry.granted is False
    assert entry.citizen_id == citizen.pk


@pytest.mark.django_db(transaction=True)
def test_a_refused_write_is_logged_in_autocommit_mode_too(caseworker) -> None:
    # Requests run in autocommit: the refusal is logged without a surrounding transaction.
    citizen = CitizenFactory.create()
    with pytest.raises(Http404):
        services.citizen_update(actor=caseworker, citizen_id=citizen.pk, phone="1")
    assert AccessLogEntry.objects.get().granted is False


def test_revoking_a_consent_ends_access_at_once_and_cannot_be_repeated(caseworker, social) -> None:
    jobcentre = DepartmentFactory.create(name="Jobcenter")
    citizen = CitizenFactory.create()
    link(citizen, social)
    given = consent(citizen, jobcentre)
    jobcentre_user = UserFactory.create(roles=["caseworker"], departments=[jobcentre])
    assert citizens_visible_to(jobcentre_user).filter(pk=citizen.pk).exists()

    services.consent_revoke(actor=caseworker, citizen_id=citizen.pk, consent_id=given.pk)
    assert not citizens_visible_to(jobcentre_user).filter(pk=citizen.pk).exists()

    logged = AccessLogEntry.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.consent_revoke(actor=caseworker, citizen_id=citizen.pk, consent_id=given.pk)
    assert "allerede tilbagekaldt" in raised.value.messages[0]
    assert AccessLogEntry.objects.count() == logged


def test_a_consent_revoked_after_it_ran_out_gives_no_access_after_its_last_day(social) -> None:
    jobcentre = DepartmentFactory.create(name="Jobcenter")
    citizen = CitizenFactory.create()
    link(citizen, social)
    today = timezone.localdate()
    last_day = today - datetime.timedelta(days=30)
    consent(
        citizen,
        jobcentre,
        valid_from=today - datetime.timedelta(days=400),
        valid_to=last_day,
        revoked_at=timezone.now() - datetime.timedelta(days=5),
    )
    jobcentre_user = UserFactory.create(roles=["caseworker"], departments=[jobcentre])

    visible = citizens_visible_to(jobcentre_user, day=last_day).filter(pk=citizen.pk)
    assert visible.exists()
    after = last_day + datetime.timedelta(days=1)
    assert not citizens_visible_to(jobcentre_user, day=after).filter(pk=citizen.pk).exists()


def test_a_consent_needs_exactly_one_recipient_and_a_sane_period(caseworker, social) -> None:
    citizen = CitizenFactory.create()
    link(citizen, social)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.consent_add(
            actor=caseworker, citizen_id=citizen.pk, purpose_text="x", valid_from=today
        )
    with pytest.raises(ValidationError) as raised:
        services.consent_add(
            actor=caseworker,
            citizen_id=citizen.pk,
            purpose_text="x",
            department=social,
            valid_from=today,
            valid_to=today - datetime.timedelta(days=1),
        )
    assert "valid_to" in raised.value.message_dict
    assert Consent.objects.count() == 0


def test_problem_areas_are_dated_and_can_be_ended(caseworker, social) -> None:
    citizen = CitizenFactory.create()
    link(citizen, social)
    homelessness = ProblemAreaType.objects.get(code="homelessness")
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.problem_area_add(
            actor=caseworker,
            citizen_id=citizen.pk,
            type=homelessness,
            started_on=today,
            ended_on=today - datetime.timedelta(days=3),
        )
    area = services.problem_area_add(
        actor=caseworker, citizen_id=citizen.pk, type=homelessness, started_on=today
    )
    services.problem_area_end(
        actor=caseworker, citizen_id=citizen.pk, problem_area_id=area.pk, ended_on=today
    )
    area.refresh_from_db()
    assert area.ended_on == today
    with pytest.raises(ValidationError):
        services.problem_area_end(
            actor=caseworker, citizen_id=citizen.pk, problem_area_id=area.pk, ended_on=today
        )


def test_relations_are_stored_both_ways_and_can_form_a_household(caseworker, social) -> None:
    parent = CitizenFactory.create()
    child_cpr = new_cpr(birth_date=datetime.date(2004, 2, 2))
    child = CitizenFactory.create(cpr_number=child_cpr)
    link(parent, social)
    link(child, social)
    services.relation_add(
        actor=caseworker,
        citizen_id=parent.pk,
        relative_cpr=child_cpr,
        kind="child",
        same_household=True,
    )
    assert Relation.objects.get(citizen=parent).kind == "child"
    assert Relation.objects.get(citizen=child).kind == "parent"
    household = HouseholdMember.objects.get(citizen=parent).household
    assert set(household.members.values_list("citizen_id", "role")) == {
        (parent.pk, "adult"),
        (child.pk, "child"),
    }
    with pytest.raises(ValidationError):
        services.relation_add(
            actor=caseworker, citizen_id=parent.pk, relative_cpr=child_cpr, kind="child"
        )


def test_a_relation_to_an_invisible_citizen_is_refused(caseworker, social) -> None:
    citizen = CitizenFactory.create()
    link(citizen, social)
    hidden_cpr = new_cpr()
    CitizenFactory.create(cpr_number=hidden_cpr)
    with pytest.raises(ValidationError) as raised:
        services.relation_add(
            actor=caseworker, citizen_id=citizen.pk, relative_cpr=hidden_cpr, kind="partner"
        )
    assert "adgang til" in raised.value.message_dict["relative_cpr"][0]
    assert Relation.objects.count() == 0


def test_links_register_once_per_source_and_end(social) -> None:
    citizen = CitizenFactory.create()
    today = timezone.localdate()
    for _ in range(2):
        services.citizen_link_register(
            citizen=citizen,
            department=social,
            source_type="casework.application",
            source_id="7",
            starts_on=today,
        )
    assert CitizenLink.objects.count() == 1
    assert (
        services.citizen_link_end(source_type="casework.application", source_id="7", ends_on=today)
        == 1
    )
