"""The journal through the browser: a note is corrected by a new version, never lost; a
meeting reaches the staff calendar; a department that sees the citizen only through consent
does not see another department's internal notes."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from roret.audit.models import AccessLogEntry
from roret.journal.models import Appointment, Note
from roret.organisation.models import Department, Partner
from tests.factories import DepartmentFactory, UserFactory
from tests.people.factories import CitizenFactory, consent, link

from .conftest import assert_no_axe_violations
from .helpers import browser_login

PASSWORD = "korrekt-hest-batteri-42"


def _save(page: Page) -> None:
    page.locator("main form button[type=submit]", has_text="Gem").click()


@pytest.mark.django_db(transaction=True)
def test_a_caseworker_corrects_a_note_and_books_a_meeting_the_consent_reader_sees_no_internal_note(
    live_server: LiveServer, page: Page, browser, axe
) -> None:
    social = DepartmentFactory.create(name="Socialafdeling myndighed")
    jobcentre = DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)
    citizen = CitizenFactory.create(first_name="Mette", last_name="Lund")
    link(citizen, social)
    consent(citizen, jobcentre)
    caseworker = UserFactory.create(roles=["caseworker"], departments=[social], password=PASSWORD)
    jobcentre_user = UserFactory.create(
        roles=["caseworker"], departments=[jobcentre], password=PASSWORD
    )

    browser_login(page, live_server.url, caseworker, PASSWORD)
    page.goto(f"{live_server.url}/journal/borger/{citizen.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal for Mette Lund")

    page.get_by_role("link", name="Nyt notat").click()
    print(page.inner_text("main")[:1500])
    page.get_by_label("Notat", exact=True).fill("Mette fortalte om huslejerestance på 4.000 kr.")
    page.get_by_label("Synlighed").select_option("internal")
    assert_no_axe_violations(axe, page)
    _save(page)
    expect(page.get_by_text("huslejerestance på 4.000 kr.")).to_be_visible()
    assert_no_axe_violations(axe, page)

    page.get_by_role("link", name="Ret dette notat").click()
    page.get_by_label("Rettet notat").fill("Mette fortalte om huslejerestance på 6.000 kr.")
    assert_no_axe_violations(axe, page)
    _save(page)
    expect(page.get_by_text("huslejerestance på 6.000 kr.")).to_be_visible()
    page.get_by_text("Tidligere versioner").click()
    expect(page.get_by_text("huslejerestance på 4.000 kr.")).to_be_visible()
    assert Note.objects.filter(citizen=citizen).count() == 2

    starts = timezone.localtime() + datetime.timedelta(days=1)
    starts = starts.replace(hour=10, minute=0, second=0, microsecond=0)
    page.get_by_role("link", name="Nyt møde").click()
    page.get_by_label("Emne").fill("Møde om budget")
    page.get_by_label("Starter").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Slutter").fill(
        (starts + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Sted").fill("Borgerservice, mødelokale 2")
    assert_no_axe_violations(axe, page)
    _save(page)
    expect(page.get_by_text("Møde om budget · Borgerservice, mødelokale 2")).to_be_visible()
    assert Appointment.objects.filter(citizen=citizen).count() == 1

    page.goto(f"{live_server.url}/journal/kalender/")
    expect(page.get_by_text("Møde om budget").first).to_be_visible()
    assert_no_axe_violations(axe, page)

    # The job centre sees the citizen through consent only: the meeting, not the internal note.
    context = browser.new_context(locale="da-DK")
    other = context.new_page()
    browser_login(other, live_server.url, jobcentre_user, PASSWORD)
    other.goto(f"{live_server.url}/journal/borger/{citizen.pk}/")
    expect(other.get_by_role("heading", level=1)).to_have_text("Journal for Mette Lund")
    expect(other.get_by_text("andre afdelingers interne notater", exact=False)).to_be_visible()
    expect(other.get_by_text("huslejerestance")).to_have_count(0)
    expect(other.get_by_text("Møde om budget · Borgerservice, mødelokale 2")).to_be_visible()
    assert_no_axe_violations(axe, other)
    assert AccessLogEntry.objects.filter(citizen_id=citizen.pk, actor_id=jobcentre_user.pk).exists()
    context.close()


@pytest.mark.django_db(transaction=True)
def test_a_meeting_is_booked_with_colleagues_and_partners_ticked_and_then_changed(
    live_server: LiveServer, page: Page, axe
) -> None:
    """The staff and partner lists are checkboxes a person can tick (``check()`` without
    ``force`` fails when a box is covered or off the page); colleagues by name."""
    social = DepartmentFactory.create(name="Socialafdeling myndighed")
    citizen = CitizenFactory.create(first_name="Mette", last_name="Lund")
    link(citizen, social)
    caseworker = UserFactory.create(roles=["caseworker"], departments=[social], password=PASSWORD)
    colleague = UserFactory.create(
        roles=["caseworker"],
        departments=[social],
        first_name="Hanne",
        last_name="Holm",
        username="hh1234",
    )
    UserFactory.create(
        roles=["caseworker"], departments=[social], first_name="Ib", last_name="Berg"
    )
    partner = Partner.objects.create(name="Kirkens Korshær", kind=Partner.Kind.VOLUNTEER)
    Partner.objects.create(name="Blå Kors")

    browser_login(page, live_server.url, caseworker, PASSWORD)
    page.goto(f"{live_server.url}/journal/borger/{citizen.pk}/")
    page.get_by_role("link", name="Nyt møde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nyt møde")
    starts = timezone.localtime() + datetime.timedelta(days=2)
    starts = starts.replace(hour=13, minute=0, second=0, microsecond=0)
    page.get_by_label("Emne").fill("Netværksmøde")
    page.get_by_label("Starter").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Slutter").fill(
        (starts + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Sted").fill("Borgerservice")
    staff = page.get_by_role("group", name="Andre medarbejdere, der deltager")
    expect(staff.get_by_label("hh1234")).to_have_count(0)
    staff.get_by_label("Hanne Holm").check()
    page.get_by_role("group", name="Samarbejdspartnere, der deltager").get_by_label(
        "Kirkens Korshær"
    ).check()
    assert_no_axe_violations(axe, page)
    _save(page)
    expect(page.get_by_text("Mødet er booket.")).to_be_visible()
    meeting = Appointment.objects.get(citizen=citizen)
    assert set(meeting.staff.all()) == {caseworker, colleague}
    assert list(meeting.partners.all()) == [partner]
    assert_no_axe_violations(axe, page)

    # Changed afterwards: another place, the colleague no longer comes.
    page.get_by_role("link", name="Ret dette møde").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ret mødet")
    expect(page.get_by_label("Emne")).to_have_value("Netværksmøde")
    expect(page.get_by_label("Hanne Holm")).to_be_checked()
    assert_no_axe_violations(axe, page)
    page.get_by_label("Sted").fill("Rådhuset, lokale 4")
    page.get_by_label("Hanne Holm").uncheck()
    _save(page)
    expect(page.get_by_text("Mødet er ændret.")).to_be_visible()
    expect(page.get_by_text("Netværksmøde · Rådhuset, lokale 4")).to_be_visible()
    meeting.refresh_from_db()
    assert meeting.place == "Rådhuset, lokale 4"
    assert list(meeting.staff.all()) == [caseworker]
    assert_no_axe_violations(axe, page)
