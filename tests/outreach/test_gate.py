"""The person gate (roret.outreach.gate): a person who is still anonymous is not citizen
data — their pages are for the department that met them and a granted read is not logged —
but once identified the same pages are the citizen's, with one access-log entry each; every
refusal is logged, whichever the person is."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.organisation.models import Department
from roret.outreach.models import AnonymousPerson, Contact
from roret.people.models import Citizen
from tests.conftest import AccessLogWatch
from tests.factories import DepartmentFactory, UserFactory, login_staff
from tests.people.factories import CitizenFactory, link

from .factories import anonymous_person, contact, outreach_worker

pytestmark = pytest.mark.django_db

# The routes whose URL names a person (or a contact with them) who may still be anonymous.
PERSON_PAGES = [
    ("outreach:person_detail", "person"),
    ("outreach:person_contact_create", "person"),
    ("outreach:person_identify", "person"),
    ("outreach:contact_detail", "contact"),
]


@pytest.fixture
def department() -> Department:
    return DepartmentFactory.create(name="Socialafdeling udfører", kind="social_provider")


@pytest.fixture
def worker(department: Department) -> User:
    return outreach_worker(department)


@pytest.fixture
def met(worker: User) -> Contact:
    """A contact with an anonymous person, made by the worker's department."""
    return contact(worker, person=anonymous_person(worker))


def _identify(met: Contact, department: Department) -> Citizen:
    citizen = CitizenFactory.create()
    link(citizen, department)
    person = met.anonymous_person
    assert person is not None
    person.citizen = met.citizen = citizen
    person.identified_on = met.occurred_on
    person.save()
    met.save()
    return citizen


def _url(name: str, kind: str, met: Contact) -> str:
    pk = met.anonymous_person_id if kind == "person" else met.pk
    return reverse(name, args=[pk])


def _entries(log: AccessLogWatch) -> list[tuple[int | None, bool, str]]:
    return [(e.citizen_id, e.granted, e.object_type) for e in log.new()]


@pytest.mark.parametrize(("name", "kind"), PERSON_PAGES)
def test_an_anonymous_persons_page_is_for_the_department_and_not_logged(
    client: Client, worker: User, met: Contact, access_log: AccessLogWatch, name: str, kind: str
) -> None:
    login_staff(client, worker)
    access_log.reset()
    response = client.get(_url(name, kind, met))
    assert response.status_code == 200
    assert access_log.new() == []  # no one's personal data was shown


@pytest.mark.parametrize(("name", "kind"), PERSON_PAGES)
def test_another_department_is_refused_an_anonymous_person_and_it_is_logged(
    client: Client, met: Contact, access_log: AccessLogWatch, name: str, kind: str
) -> None:
    stranger = outreach_worker(DepartmentFactory.create(name="Andet sted"))
    login_staff(client, stranger)
    access_log.reset()
    assert client.get(_url(name, kind, met)).status_code == 404
    expected_type = "outreach.anonymousperson" if kind == "person" else "outreach.contact"
    assert _entries(access_log) == [(None, False, expected_type)]


@pytest.mark.parametrize("identified", [False, True], ids=["anonymous", "identified"])
@pytest.mark.parametrize(("name", "kind"), PERSON_PAGES)
def test_provider_staff_get_403_on_an_outreach_contact_and_it_is_logged(
    client: Client,
    department: Department,
    met: Contact,
    access_log: AccessLogWatch,
    name: str,
    kind: str,
    identified: bool,
) -> None:
    citizen = _identify(met, department) if identified else None
    provider = UserFactory.create(roles=["provider_staff"], departments=[department])
    login_staff(client, provider)
    access_log.reset()
    assert client.get(_url(name, kind, met)).status_code == 403
    entries = access_log.new()
    assert len(entries) == 1 and not entries[0].granted
    assert entries[0].citizen_id == (citizen.pk if citizen else None)


def test_an_identified_persons_page_logs_one_entry_for_the_citizen(
    client: Client, worker: User, department: Department, met: Contact, access_log: AccessLogWatch
) -> None:
    citizen = _identify(met, department)
    login_staff(client, worker)
    access_log.reset()
    page = client.get(reverse("outreach:person_detail", args=[met.anonymous_person_id]))
    assert page.status_code == 200
    assert reverse("people:citizen_detail", args=[citizen.pk]) in page.content.decode()
    assert _entries(access_log) == [(citizen.pk, True, "outreach.anonymousperson")]
    access_log.reset()
    assert client.get(reverse("outreach:contact_detail", args=[met.pk])).status_code == 200
    assert _entries(access_log) == [(citizen.pk, True, "outreach.contact")]


def test_an_identified_person_is_refused_without_a_reason_to_know_the_citizen(
    client: Client, worker: User, met: Contact, access_log: AccessLogWatch
) -> None:
    """The department met the person, but the citizen they turned out to be is not linked
    to it (any more): the citizen's need-to-know decides, not who met the person."""
    citizen = CitizenFactory.create()
    person = met.anonymous_person
    assert person is not None
    AnonymousPerson.objects.filter(pk=person.pk).update(citizen=citizen)
    Contact.objects.filter(pk=met.pk).update(citizen=citizen)
    login_staff(client, worker)
    for url in (
        reverse("outreach:person_detail", args=[person.pk]),
        reverse("outreach:contact_detail", args=[met.pk]),
    ):
        access_log.reset()
        assert client.get(url).status_code == 404
        assert [(e.citizen_id, e.granted) for e in access_log.new()] == [(citizen.pk, False)]


def test_a_contact_with_an_identified_person_is_recorded_on_the_citizen(
    client: Client, worker: User, department: Department, met: Contact, access_log: AccessLogWatch
) -> None:
    citizen = _identify(met, department)
    login_staff(client, worker)
    access_log.reset()
    response = client.get(reverse("outreach:person_contact_create", args=[met.anonymous_person_id]))
    assert response["Location"] == reverse(
        "outreach:citizen_contact_create", kwargs={"citizen_pk": citizen.pk}
    )
    assert [(e.citizen_id, e.granted) for e in access_log.new()] == [(citizen.pk, True)]


def test_a_missing_person_is_404_and_logged(
    client: Client, worker: User, access_log: AccessLogWatch
) -> None:
    login_staff(client, worker)
    access_log.reset()
    assert client.get(reverse("outreach:person_detail", args=[987654])).status_code == 404
    assert _entries(access_log) == [(None, False, "outreach.anonymousperson")]


def test_recording_a_contact_with_an_anonymous_person_logs_nothing(
    client: Client, worker: User, met: Contact, access_log: AccessLogWatch
) -> None:
    login_staff(client, worker)
    access_log.reset()
    response = client.post(
        reverse("outreach:person_contact_create", args=[met.anonymous_person_id]),
        {"occurred_on": met.occurred_on.isoformat(), "area": met.area_id, "place": "phone"},
    )
    assert response.status_code == 302
    assert Contact.objects.filter(anonymous_person_id=met.anonymous_person_id).count() == 2
    assert AccessLogEntry.objects.count() == 0
