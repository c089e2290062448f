"""The one write path (roret.people.writes): refusals logged before the transaction, the row
locked, stale versions refused with what changed, validation and limits before saving, one
log entry in the transaction — shown on the citizen's basic data and problem areas."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from roret.audit.models import AccessLogEntry
from roret.core.errors import StaleWriteError
from roret.people import services
from roret.people.models import Citizen, ProblemArea, ProblemAreaType
from tests.factories import DepartmentFactory, UserFactory, login_staff
from tests.races import race

from .factories import CitizenFactory, link

TODAY = timezone.localdate()


@pytest.fixture
def social():
    return DepartmentFactory.create(name="Socialafdeling")


@pytest.fixture
def citizen(social) -> Citizen:
    made = CitizenFactory.create(first_name="Ida", last_name="Holm", address="Vej 1")
    link(made, social)
    return made


def _worker(social):
    return UserFactory.create(roles=["caseworker"], departments=[social])


@pytest.mark.django_db
def test_a_stale_edit_of_the_basic_data_is_refused_and_changes_nothing(
    social, citizen, access_log
) -> None:
    first, second = _worker(social), _worker(social)
    read_at = citizen.version
    services.citizen_update(actor=first, citizen_id=citizen.pk, version=read_at, address="Nyvej 2")
    access_log.reset()
    with pytest.raises(StaleWriteError) as refused:
        services.citizen_update(
            actor=second, citizen_id=citizen.pk, version=read_at, phone="12345678"
        )
    citizen.refresh_from_db()
    assert (citizen.address, citizen.phone, citizen.version) == ("Nyvej 2", "", read_at + 1)
    assert refused.value.current.address == "Nyvej 2"
    assert refused.value.changed_by == str(first)
    assert access_log.new() == []


@pytest.mark.django_db(transaction=True)
def test_two_edits_of_the_basic_data_at_the_same_moment(social, citizen) -> None:
    first, second = _worker(social), _worker(social)
    read_at = citizen.version
    results = race(
        lambda: services.citizen_update(
            actor=first, citizen_id=citizen.pk, version=read_at, address="A-vej 1"
        ),
        lambda: services.citizen_update(
            actor=second, citizen_id=citizen.pk, version=read_at, address="B-vej 2"
        ),
        hold_model=Citizen,
    )
    assert sorted(type(r).__name__ for r in results) == ["Citizen", "StaleWriteError"]
    updates = AccessLogEntry.objects.filter(
        citizen_id=citizen.pk, action=AccessLogEntry.Action.UPDATE, granted=True
    )
    assert updates.count() == 1


@pytest.mark.django_db
def test_a_refusal_is_logged_once_and_survives_the_failed_write(social, citizen, access_log):
    stranger = UserFactory.create(roles=["caseworker"], departments=[DepartmentFactory()])
    roleless = UserFactory.create(roles=["finance"], departments=[social])
    with pytest.raises(Http404):
        services.citizen_update(actor=stranger, citizen_id=citizen.pk, phone="1")
    with pytest.raises(PermissionDenied):
        services.citizen_update(actor=roleless, citizen_id=citizen.pk, phone="1")
    assert [(e.granted, e.citizen_id, e.action) for e in access_log.new()] == [
        (False, citizen.pk, "update"),
        (False, citizen.pk, "update"),
    ]


@pytest.mark.django_db
def test_an_object_of_another_citizen_is_refused_and_logged(social, citizen, access_log):
    worker = _worker(social)
    other = CitizenFactory.create()
    link(other, social)
    area = ProblemArea.objects.create(
        citizen=other, type=ProblemAreaType.objects.all()[0], started_on=TODAY
    )
    access_log.reset()
    with pytest.raises(Http404):
        services.problem_area_end(
            actor=worker, citizen_id=citizen.pk, problem_area_id=area.pk, ended_on=TODAY
        )
    [entry] = access_log.new()
    assert (entry.granted, entry.object_type, entry.object_id) == (
        False,
        "people.problemarea",
        str(area.pk),
    )
    area.refresh_from_db()
    assert area.ended_on is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "started_on", [datetime.date(1800, 1, 1), datetime.date(2200, 1, 1)], ids=["1800", "2200"]
)
def test_implausible_history_dates_are_refused_in_danish(
    social, citizen, access_log, started_on
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.problem_area_add(
            actor=_worker(social),
            citizen_id=citizen.pk,
            type=ProblemAreaType.objects.all()[0],
            started_on=started_on,
        )
    assert "Datoen skal ligge mellem 1. januar 1900 og 31. december 2100" in str(
        refused.value.message_dict["started_on"]
    )
    assert not ProblemArea.objects.exists()
    assert [e.granted for e in access_log.new()] == []


@pytest.mark.django_db
def test_the_form_shows_what_a_colleague_changed_and_saving_again_applies(social, citizen) -> None:
    mine, theirs = Client(), Client()
    login_staff(mine, _worker(social))
    colleague = _worker(social)
    login_staff(theirs, colleague)
    url = reverse("people:citizen_edit", args=[citizen.pk])
    form = mine.get(url).context["form"]
    token = mine.get(url).context["write_token"]
    read = {name: value or "" for name, value in form.initial.items()}
    read.update(_version=token.version, _read=token.read)
    data = dict(read, phone="87654321")
    theirs_data = dict(read, address="Kollegavej 9")
    assert theirs.post(url, theirs_data).status_code == 302

    response = mine.post(url, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kollegavej 9" in page and "Vej 1" in page  # what changed: then and now
    assert str(colleague) in page
    citizen.refresh_from_db()
    assert (citizen.address, citizen.phone) == ("Kollegavej 9", "")

    # Saving again from the re-shown form applies the user's change over the current row.
    token = response.context["write_token"]
    again = dict(data, address="Kollegavej 9", _version=token.version, _read=token.read)
    assert mine.post(url, again).status_code == 302
    citizen.refresh_from_db()
    assert (citizen.address, citizen.phone) == ("Kollegavej 9", "87654321")
