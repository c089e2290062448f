"""Outreach pages: clear Danish form errors and nothing written on bad input, the agreement
prefilled from the contact, the section on the citizen overview, one access-log entry per
page with citizen data, the report as Excel and PDF, and fixed query counts."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.organisation.models import Area, Department
from roret.outreach.models import AnonymousPerson, CaseloadEntry, Contact, OutreachWorker
from roret.plans.models import Agreement
from tests.factories import AreaFactory, DepartmentFactory, UserFactory, login_staff
from tests.people.factories import CitizenFactory, link
from tests.plans.factories import plan_for

from .factories import anonymous_person, caseload, contact, outreach_worker

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def department() -> Department:
    return DepartmentFactory.create(name="Socialafdeling udfører", kind="social_provider")


@pytest.fixture
def worker(department: Department) -> User:
    return outreach_worker(department)


@pytest.fixture
def area() -> Area:
    return AreaFactory.create(name="Skovparken")


@pytest.fixture
def worker_client(client: Client, worker: User) -> Client:
    return login_staff(client, worker)


def _entries_since(before: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(id__gt=before).order_by("id"))


def _last_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


def test_a_too_long_description_is_a_danish_form_error_and_nothing_is_saved(
    worker_client: Client, area: Area
) -> None:
    response = worker_client.post(
        reverse("outreach:contact_create"),
        {
            "alias": "Kasketten",
            "description": "x" * 300,
            "occurred_on": TODAY.isoformat(),
            "area": area.pk,
            "place": "street",
        },
    )
    assert response.status_code == 200
    assert "Hold beskrivelsen kort: højst 200 tegn." in response.content.decode()
    assert not AnonymousPerson.objects.exists() and not Contact.objects.exists()


def test_recording_an_anonymous_contact_redirects_to_it(worker_client: Client, area: Area) -> None:
    response = worker_client.post(
        reverse("outreach:contact_create"),
        {
            "alias": "Kasketten",
            "description": "Mand omkring 40",
            "occurred_on": TODAY.isoformat(),
            "area": area.pk,
            "place": "street",
            "topics": ["housing", "health"],
            "next_step": "Mødes igen",
        },
    )
    made = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("outreach:contact_detail", args=[made.pk])
    assert made.topics == ["housing", "health"]
    page = worker_client.get(response["Location"]).content.decode()
    assert "Kasketten" in page and "Bolig, Sundhed" in page


def test_the_citizen_overview_shows_the_outreach_contacts_with_one_log_entry(
    worker_client: Client, worker: User, department: Department
) -> None:
    citizen = CitizenFactory.create()
    link(citizen, department)
    person = anonymous_person(worker)
    person.citizen = citizen
    person.save()
    contact(worker, citizen=citizen, person=person, next_step="Ringe til lægen")
    before = _last_id()
    page = worker_client.get(reverse("people:citizen_detail", args=[citizen.pk]))
    text = page.content.decode()
    assert "Opsøgende kontakter" in text and "mødt anonymt" in text
    assert len(_entries_since(before)) == 1


def test_the_agreement_form_is_prefilled_from_the_contact(
    worker_client: Client, worker: User, department: Department
) -> None:
    citizen = CitizenFactory.create()
    link(citizen, department)
    plan = plan_for(citizen, department=department, linked=False)
    made = contact(worker, citizen=citizen, next_step="Ringe til boligselskabet")
    url = reverse("outreach:agreement_create", args=[made.pk])
    before = _last_id()
    form_page = worker_client.get(url).content.decode()
    assert 'value="Ringe til boligselskabet"' in form_page
    assert len(_entries_since(before)) == 1
    due = (TODAY + datetime.timedelta(days=14)).isoformat()
    response = worker_client.post(
        url, {"description": "Ringe til boligselskabet", "responsible": "citizen", "due_on": due}
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert (agreement.plan, agreement.description) == (plan, "Ringe til boligselskabet")


def test_without_a_plan_the_agreement_link_explains(
    worker_client: Client, worker: User, department: Department
) -> None:
    citizen = CitizenFactory.create()
    link(citizen, department)
    made = contact(worker, citizen=citizen)
    response = worker_client.get(reverse("outreach:agreement_create", args=[made.pk]), follow=True)
    assert "Borgeren har endnu ingen plan." in response.content.decode()


def test_identifying_through_the_search_page(
    worker_client: Client, worker: User, department: Department
) -> None:
    citizen = CitizenFactory.create(first_name="Karina", last_name="Mølgaard")
    link(citizen, department)
    person = anonymous_person(worker)
    contact(worker, person=person)
    url = reverse("outreach:person_identify", args=[person.pk])
    found = worker_client.post(url, {"query": "Mølgaard"}).content.decode()
    assert "Identificér som Karina Mølgaard" in found
    before = _last_id()
    response = worker_client.post(url, {"citizen": citizen.pk})
    assert response["Location"] == reverse("people:citizen_detail", args=[citizen.pk])
    assert [(e.citizen_id, e.action) for e in _entries_since(before)] == [(citizen.pk, "update")]
    assert Contact.objects.get().citizen == citizen
    assert CaseloadEntry.objects.get().worker == worker
    # Choosing again: the person is the citizen's now; sent back, nothing changes.
    again = worker_client.post(url, {"citizen": CitizenFactory.create().pk}, follow=True)
    assert "Personen er allerede identificeret." in again.content.decode()
    assert Contact.objects.get().citizen == citizen
    # The person's page now names the citizen: citizen data, one entry for the citizen.
    before = _last_id()
    page = worker_client.get(reverse("outreach:person_detail", args=[person.pk])).content.decode()
    assert reverse("people:citizen_detail", args=[citizen.pk]) in page
    assert [(e.citizen_id, e.granted) for e in _entries_since(before)] == [(citizen.pk, True)]


def test_identifying_by_cpr_finds_any_citizen_but_a_name_only_the_visible(
    worker_client: Client, worker: User
) -> None:
    """The CPR number the person gives finds the citizen among all citizens, exactly, and
    the look-up is logged (masked, naming the citizen found); a name finds only citizens the
    worker may already see. The choice carries the number encrypted, never in clear."""
    unseen = CitizenFactory.create(first_name="Karina", last_name="Mølgaard")
    person = anonymous_person(worker)
    contact(worker, person=person)
    url = reverse("outreach:person_identify", args=[person.pk])

    before = _last_id()
    by_name = worker_client.post(url, {"query": "Mølgaard"}).content.decode()
    assert "Karina Mølgaard" not in by_name
    assert [(e.action, e.citizen_id) for e in _entries_since(before)] == [("search", None)]

    before = _last_id()
    typed = f"{unseen.cpr[:6]}-{unseen.cpr[6:]}"
    found = worker_client.post(url, {"query": typed})
    page = found.content.decode()
    assert "Identificér som Karina Mølgaard" in page
    assert unseen.cpr[6:] not in page.split("<main", 1)[1].split("</main>")[0].replace(typed, "")
    entries = _entries_since(before)
    assert [(e.action, e.citizen_id, e.criterion) for e in entries] == [
        ("search", unseen.pk, f"CPR: {unseen.cpr[:6]}-xxxx")
    ]
    identity = found.context["result"].identity
    assert identity and unseen.cpr not in identity

    # A citizen id the worker may not see is refused, as before; a changed value too.
    forged = worker_client.post(url, {"citizen": unseen.pk})
    assert forged.status_code == 404
    changed = worker_client.post(url, {"identity": identity[:-4] + "AAAA"})
    assert changed.status_code == 200 and changed.context["form"].errors
    assert AnonymousPerson.objects.get().citizen_id is None

    before = _last_id()
    response = worker_client.post(url, {"identity": identity})
    assert response["Location"] == reverse("people:citizen_detail", args=[unseen.pk])
    assert [(e.citizen_id, e.action) for e in _entries_since(before)] == [(unseen.pk, "update")]
    assert Contact.objects.get().citizen == unseen
    assert worker_client.get(response["Location"]).status_code == 200


def test_an_unknown_cpr_number_finds_no_one(worker_client: Client, worker: User) -> None:
    from tests.people.factories import new_cpr

    person = anonymous_person(worker)
    url = reverse("outreach:person_identify", args=[person.pk])
    number = new_cpr()
    response = worker_client.post(url, {"query": number})
    assert response.context["result"].citizens == []
    assert "Ingen borger har dette CPR-nummer." in response.content.decode()


def test_the_area_overview_runs_a_fixed_number_of_queries(client: Client) -> None:
    manager = UserFactory.create(roles=["manager"], departments=[DepartmentFactory.create()])
    login_staff(client, manager)

    def grow() -> None:
        area = AreaFactory.create()
        made = outreach_worker()
        OutreachWorker.objects.create(user=made, area=area, capacity=12)
        caseload(CitizenFactory.create(), worker=made, area=area)

    grow()
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("outreach:area_overview")).status_code == 200
    for _ in range(4):
        grow()
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("outreach:area_overview"))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.content.decode().count("over kapacitet") == 0


def test_the_report_downloads_as_excel_and_pdf(client: Client, worker: User) -> None:
    leader = UserFactory.create(roles=["team_leader"], departments=[DepartmentFactory.create()])
    login_staff(client, leader)
    contact(worker, person=anonymous_person(worker), occurred_on=TODAY)
    page = client.get(reverse("outreach:report"))
    assert "Kontakter pr. område og måned" in page.content.decode()
    sheet = client.get(reverse("outreach:report_xlsx"))
    workbook = load_workbook(io.BytesIO(sheet.content))
    assert "Sammendrag" in workbook.sheetnames
    pdf = client.get(reverse("outreach:report_pdf"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Rapport om opsøgende arbejde" in text


def test_team_caseload_page_filters_by_days(client: Client, department: Department) -> None:
    from tests.factories import TeamFactory

    team = TeamFactory.create(department=department, name="M-ACT-teamet")
    leader = UserFactory.create(roles=["team_leader"], departments=[department], teams=[team])
    citizen = CitizenFactory.create(first_name="Ole", last_name="Sand")
    link(citizen, department, team=team)
    caseload(citizen, team=team)
    login_staff(client, leader)
    text = client.get(reverse("outreach:team_caseload"), {"days": "x"}).content.decode()
    assert "Ole Sand" in text and "ikke set" in text


def test_the_manager_places_a_worker_from_the_area_overview(
    client: Client, worker: User, area: Area
) -> None:
    manager = UserFactory.create(roles=["manager"], departments=[DepartmentFactory.create()])
    login_staff(client, manager)
    url = reverse("outreach:worker_place", args=[worker.pk])
    assert url in client.get(reverse("outreach:area_overview")).content.decode()
    bad = client.post(url, {"area": area.pk, "capacity": "0"})
    assert "Angiv en kapacitet fra 1 til 100" in bad.content.decode()
    assert not OutreachWorker.objects.exists()
    response = client.post(url, {"area": area.pk, "capacity": "18"})
    assert response["Location"] == reverse("outreach:area_overview")
    assert OutreachWorker.objects.get(user=worker).capacity == 18


def test_a_referral_to_an_offer_from_a_contact_needs_no_retyping(
    worker_client: Client, worker: User, department: Department
) -> None:
    from roret.offers.models import Referral
    from tests.offers.factories import offer

    provider = DepartmentFactory.create(name="Socialafdeling udfører, kurser")
    course = offer(provider, name="Hverdagsøkonomi, gruppeforløb")
    citizen = CitizenFactory.create()
    link(citizen, department)
    made = contact(worker, citizen=citizen, next_step="Hjælp til at lægge et budget")
    url = reverse("outreach:offer_referral_create", args=[made.pk])

    before = _last_id()
    form_page = worker_client.get(url).content.decode()
    assert "Hjælp til at lægge et budget" in form_page and "Bolig" in form_page
    assert citizen.full_name in form_page
    assert len(_entries_since(before)) == 1

    # A missing offer is a Danish form error; nothing is written.
    missing = worker_client.post(url, {"reason": "Budget"})
    assert "Dette felt er påkrævet." in missing.content.decode()
    assert not Referral.objects.exists()

    before = _last_id()
    # The citizen comes from the contact, whatever the form says.
    other = CitizenFactory.create()
    response = worker_client.post(
        url, {"offer": course.pk, "reason": "Budget og regninger", "citizen": other.pk}
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "outreach:contact_detail", args=[made.pk]
    )
    referral = Referral.objects.get()
    assert (referral.citizen, referral.offer, referral.reason) == (
        citizen,
        course,
        "Budget og regninger",
    )
    assert [entry.citizen_id for entry in _entries_since(before)] == [citizen.pk]


def test_registering_a_request_from_the_inbox_leaves_one_entry(
    client: Client, worker: User, department: Department
) -> None:
    from roret.casework.models import Application
    from roret.outreach.models import ApplicationReferral
    from tests.casework.factories import basis
    from tests.factories import TeamFactory

    team = TeamFactory.create(department=DepartmentFactory.create(name="Myndighed"))
    citizen = CitizenFactory.create()
    link(citizen, department)
    link(citizen, team.department, team=team)
    referral = ApplicationReferral.objects.create(
        contact=contact(worker, citizen=citizen),
        citizen=citizen,
        legal_basis=basis("85"),
        applied_for="Bostøtte",
        reason="Risikerer at miste boligen",
        team=team,
        requested_by=worker,
        requested_on=TODAY,
    )
    caseworker = UserFactory.create(roles=["caseworker"], departments=[team.department])
    login_staff(client, caseworker)
    inbox = client.get(reverse("outreach:referral_inbox")).content.decode()
    url = reverse("outreach:referral_register", args=[referral.pk])
    assert url in inbox
    before = _last_id()
    response = client.post(url)
    application = Application.objects.get()
    assert response["Location"] == reverse("casework:application_detail", args=[application.pk])
    assert application.fast_track_requests.get().requested_by == worker
    assert [(e.actor_id, e.citizen_id) for e in _entries_since(before)] == [
        (caseworker.pk, citizen.pk)
    ]
    # Again: refused for the row's state, shown as a message; the page read is the entry.
    before = _last_id()
    again = client.post(url)
    assert Application.objects.count() == 1
    assert [e.action for e in _entries_since(before)] == ["view"]
    assert "Ansøgningen er allerede registreret." in client.get(again["Location"]).content.decode()


def test_ending_a_follow_up_from_the_citizen_overview(
    worker_client: Client, worker: User, department: Department
) -> None:
    citizen = CitizenFactory.create()
    link(citizen, department)
    entry = caseload(citizen, worker=worker)
    before = _last_id()
    response = worker_client.post(reverse("outreach:caseload_end", args=[entry.pk]))
    assert response["Location"] == reverse("people:citizen_detail", args=[citizen.pk])
    entry.refresh_from_db()
    assert entry.ends_on == TODAY
    assert [(e.action, e.citizen_id) for e in _entries_since(before)] == [("update", citizen.pk)]


def test_the_worker_page_pages_each_list_and_filters_by_area(
    worker_client: Client, worker: User, department: Department, area: Area
) -> None:
    elsewhere = AreaFactory.create(name="Nørrebro")
    for i in range(27):
        citizen = CitizenFactory.create(last_name=f"Efternavn {i:02}")
        link(citizen, department)
        caseload(citizen, worker=worker, area=area if i < 20 else elsewhere)
        contact(
            worker,
            citizen=citizen,
            area=area,
            occurred_on=TODAY - datetime.timedelta(days=i + 1),
        )
    hidden = CitizenFactory.create()
    caseload(hidden, worker=worker, area=area)
    contact(worker, citizen=hidden, area=area, occurred_on=TODAY)
    url = reverse("outreach:contact_list")
    page = worker_client.get(url, {"caseload_size": "25"}).context["page"]
    # The totals count only the citizens the worker may see.
    assert (page.caseload.total, page.contacts.total) == (27, 27)
    assert page.caseload.rows[0].citizen.last_name == "Efternavn 00"
    response = worker_client.get(url, {"caseload_size": "25", "caseload_page": "2"})
    page = response.context["page"]
    assert [e.citizen.last_name for e in page.caseload] == ["Efternavn 25", "Efternavn 26"]
    assert "Viser 26–27 af 27" in response.content.decode()
    narrowed = worker_client.get(url, {"area": area.pk}).context["page"]
    assert narrowed.caseload.total == 20 and narrowed.contacts.total == 27
    assert AccessLogEntry.objects.filter(criterion__contains="Skovparken").exists()


def test_the_referral_inbox_is_paged_and_counts_only_visible_citizens(
    client: Client, worker: User, department: Department
) -> None:
    from roret.outreach.models import ApplicationReferral
    from tests.casework.factories import basis
    from tests.factories import TeamFactory

    team = TeamFactory.create(department=DepartmentFactory.create(name="Myndighed"))
    other_team = TeamFactory.create(department=team.department)
    for i in range(28):
        citizen = CitizenFactory.create()
        if i < 27:
            link(citizen, team.department, team=team)
        ApplicationReferral.objects.create(
            contact=contact(worker, citizen=citizen),
            citizen=citizen,
            legal_basis=basis("107"),
            applied_for="Midlertidigt ophold",
            reason="Sover i trappeopgange",
            team=team if i % 9 else other_team,
            requested_by=worker,
            requested_on=TODAY - datetime.timedelta(days=30 - i),
        )
    caseworker = UserFactory.create(roles=["caseworker"], departments=[team.department])
    login_staff(client, caseworker)
    url = reverse("outreach:referral_inbox")
    first = client.get(url, {"size": "25"}).context["referrals"]
    assert first.total == 27 and len(first) == 25
    second = client.get(url, {"size": "25", "page": "2"}).context["referrals"]
    assert len(second) == 2
    assert {r.pk for r in first}.isdisjoint(r.pk for r in second)
    assert client.get(url, {"team": other_team.pk}).context["referrals"].total == 3
