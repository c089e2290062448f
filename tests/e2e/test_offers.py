"""Issue 7: a job-centre caseworker refers a citizen to a § 82a course, the provider accepts
and puts the citizen on the next course run, attendance is registered on one screen, and the
enrolment shows in the citizen's plan."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from roret.offers.models import Attendance, CourseModule, CourseRun, CourseSession, Enrolment
from roret.organisation.models import Department, Partner
from roret.plans.models import Intervention
from tests.factories import DepartmentFactory, UserFactory
from tests.offers.factories import offer
from tests.people.factories import CitizenFactory, link

from .conftest import assert_no_axe_violations
from .helpers import browser_login, open_menu

PASSWORD = "korrekt-hest-batteri-42"


@pytest.mark.django_db(transaction=True)
def test_referral_intake_course_attendance_and_the_plan(
    live_server: LiveServer, page: Page, browser: Browser, axe: object
) -> None:
    today = timezone.localdate()
    jobcentre = DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)
    provider = DepartmentFactory.create(
        name="Socialafdeling udfører", kind=Department.Kind.SOCIAL_PROVIDER
    )
    course = offer(
        provider,
        paragraph="82a",
        name="Hverdagsliv i fællesskab",
        description="Gruppeforløb over 14 uger",
        capacity=14,
        max_duration_months=6,
    )
    later = CourseRun.objects.create(
        offer=course,
        name="Hold efterår",
        starts_on=today + datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=160),
    )
    run = CourseRun.objects.create(
        offer=course,
        name="Hold forår",
        starts_on=today - datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=95),
        place="Aktivitetshuset",
    )
    module = CourseModule.objects.create(course_run=run, order=1, theme="Hverdagsøkonomi")
    session = CourseSession.objects.create(
        course_run=run,
        module=module,
        date=today,
        starts_at=datetime.time(10, 0),
        ends_at=datetime.time(12, 0),
        place="Aktivitetshuset",
    )
    citizen = CitizenFactory.create(first_name="Jonas", last_name="Bæk")
    CitizenFactory.create(first_name="Jonas", last_name="Skjult")  # not visible to them
    link(citizen, jobcentre)
    caseworker = UserFactory.create(
        roles=["caseworker"], departments=[jobcentre], password=PASSWORD
    )
    staff = UserFactory.create(
        roles=["provider_staff"],
        departments=[provider],
        password=PASSWORD,
        first_name="Sofie",
        last_name="Krog",
    )
    Partner.objects.create(name="Kirkens Korshær", kind=Partner.Kind.VOLUNTEER)

    # The job centre refers from the catalogue.
    browser_login(page, live_server.url, caseworker, PASSWORD)
    page.get_by_role("link", name="Tilbud", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tilbudsvifte")
    expect(page.get_by_role("cell", name="14", exact=True).first).to_be_visible()
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Henvis til Hverdagsliv i fællesskab").click()
    # The citizen is found by a search among those the caseworker may see, not from a list.
    expect(page.get_by_text("Jonas Bæk")).to_have_count(0)
    page.get_by_label("Find borgeren").fill("Jonas")
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_role("link", name="Henvis Jonas Bæk")).to_be_visible()
    expect(page.get_by_text("Jonas Skjult")).to_have_count(0)
    assert_no_axe_violations(axe, page)
    page.get_by_role("link", name="Henvis Jonas Bæk").click()
    expect(page.get_by_text("Jonas Bæk")).to_be_visible()
    expect(page.get_by_label("Tilbud", exact=True)).to_have_value(str(course.pk))
    page.get_by_label("Begrundelse for henvisningen").fill("Har brug for overblik over økonomien")
    assert_no_axe_violations(axe, page)
    page.get_by_role("button", name="Send henvisning").click()
    expect(page.get_by_text("Henvisningen er sendt til tilbuddet.")).to_be_visible()
    expect(page.get_by_role("cell", name="Afventer tilbuddet")).to_be_visible()
    assert_no_axe_violations(axe, page)

    # The provider accepts and puts the citizen on the next course run.
    provider_page = browser.new_context(locale="da-DK").new_page()
    browser_login(provider_page, live_server.url, staff, PASSWORD)
    open_menu(provider_page, "Visitation")
    expect(provider_page.get_by_role("heading", level=1)).to_have_text("Visitation og forløb")
    assert_no_axe_violations(axe, provider_page)
    provider_page.get_by_role("link", name="Optag Jonas Bæk").click()
    expect(provider_page.get_by_label("Tilføj til hold")).to_have_value(str(run.pk))
    assert_no_axe_violations(axe, provider_page)
    provider_page.get_by_role("button", name="Gem").click()
    expect(
        provider_page.get_by_text("Henvisningen er optaget, og borgeren er indskrevet.")
    ).to_be_visible()

    # Attendance for the session on one screen.
    provider_page.get_by_role("link", name="Hold forår").click()
    expect(provider_page.get_by_role("listitem").filter(has_text="Jonas Bæk")).to_be_visible()
    assert_no_axe_violations(axe, provider_page)
    provider_page.get_by_role("link", name="Registrér fremmøde").click()
    expect(provider_page.get_by_role("heading", level=1)).to_have_text("Fremmøde")
    provider_page.get_by_role("group", name="Jonas Bæk").get_by_label("Til stede").check()
    provider_page.get_by_label("Vejledning efter mødegangen").fill("Hjalp med at ringe til banken")
    assert_no_axe_violations(axe, provider_page)
    provider_page.get_by_role("button", name="Gem fremmøde").click()
    expect(provider_page.get_by_text("Fremmødet er gemt.")).to_be_visible()

    enrolment = Enrolment.objects.get(citizen=citizen, offer=course)
    assert not later.participants.exists()
    assert Attendance.objects.get(session=session).status == "present"

    # The enrolment is an intervention in the citizen's plan.
    open_menu(provider_page, "Visitation")
    provider_page.get_by_role("link", name="Jonas Bæk", exact=True).click()
    expect(provider_page.get_by_role("heading", level=1)).to_have_text("Plan for Jonas Bæk")
    expect(
        provider_page.get_by_role("cell", name="Hverdagsliv i fællesskab", exact=True)
    ).to_be_visible()
    assert_no_axe_violations(axe, provider_page)
    intervention = Intervention.objects.get(
        source_type="offers.enrolment", source_id=str(enrolment.pk)
    )
    assert intervention.status == "active" and intervention.department == provider

    # The referrer sees the answer.
    page.reload()
    expect(page.get_by_role("cell", name="Optaget")).to_be_visible()
    assert_no_axe_violations(axe, page)

    # The provider's own set-up pages pass the accessibility check too.
    provider_page.goto(f"{live_server.url}/tilbud/hold/ny/")
    expect(provider_page.get_by_role("heading", level=1)).to_have_text("Nyt hold")
    assert_no_axe_violations(axe, provider_page)
    provider_page.goto(f"{live_server.url}/tilbud/hold/{run.pk}/moeder/ny/")
    expect(provider_page.get_by_role("heading", level=1)).to_have_text("Ny mødegang")
    assert_no_axe_violations(axe, provider_page)
    # Facilitators (by name, not login name) and volunteers are boxes a person can tick:
    # check() without force fails when a box is covered.
    provider_page.get_by_label("Dato").fill((today + datetime.timedelta(days=7)).isoformat())
    provider_page.get_by_label("Starter kl.").fill("10:00")
    provider_page.get_by_label("Slutter kl.").fill("12:00")
    facilitators = provider_page.get_by_role("group", name="Undervisere")
    expect(facilitators.get_by_label(staff.username)).to_have_count(0)
    facilitators.get_by_label("Sofie Krog").check()
    provider_page.get_by_role("group", name="Frivillige samarbejdspartnere til stede").get_by_label(
        "Kirkens Korshær"
    ).check()
    assert_no_axe_violations(axe, provider_page)
    provider_page.get_by_role("button", name="Gem").click()
    expect(provider_page.get_by_role("heading", level=1)).to_have_text("Hold forår")
    added = CourseSession.objects.get(course_run=run, date=today + datetime.timedelta(days=7))
    assert list(added.facilitators.all()) == [staff]
    assert [partner.name for partner in added.volunteer_partners.all()] == ["Kirkens Korshær"]
    assert_no_axe_violations(axe, provider_page)
    provider_page.goto(f"{live_server.url}/tilbud/raadgivning/")
    assert_no_axe_violations(axe, provider_page)
