"""Issue: citizens, need-to-know access and the access log, through the browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from roret.audit.models import AccessLogEntry
from tests.factories import DepartmentFactory, UserFactory
from tests.people.factories import CitizenFactory, link

from .conftest import assert_no_axe_violations
from .helpers import browser_login

PASSWORD = "korrekt-hest-batteri-42"


@pytest.mark.django_db(transaction=True)
def test_need_to_know_search_and_overview_with_logged_attempts(
    live_server: LiveServer, page: Page, browser, axe
) -> None:
    social = DepartmentFactory.create(name="Socialafdeling myndighed")
    housing = DepartmentFactory.create(name="Boligafdeling")
    citizen = CitizenFactory.create(first_name="Birgitte", last_name="Skovgaard")
    link(citizen, social)
    caseworker = UserFactory.create(roles=["caseworker"], departments=[social], password=PASSWORD)
    stranger = UserFactory.create(roles=["caseworker"], departments=[housing], password=PASSWORD)
    number = citizen.cpr

    browser_login(page, live_server.url, caseworker, PASSWORD)
    page.get_by_role("link", name="Borgere").click()
    page.get_by_label("CPR-nummer eller navn").fill(f"{number[:6]}-{number[6:]}")
    page.get_by_role("button", name="Søg").click()
    assert number not in page.url
    page.get_by_role("link", name="Birgitte Skovgaard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Birgitte Skovgaard")
    expect(page.get_by_text(f"{number[:6]}-{number[6:]}")).to_be_visible()
    assert_no_axe_violations(axe, page)
    overview_url = page.url

    page.get_by_role("link", name="Borgere").click()
    page.get_by_label("CPR-nummer eller navn").fill("Skovgaard")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_role("link", name="Birgitte Skovgaard")).to_be_visible()
    assert_no_axe_violations(axe, page)

    other = browser.new_context(locale="da-DK").new_page()
    browser_login(other, live_server.url, stranger, PASSWORD)
    other.goto(live_server.url + "/borgere/")
    other.get_by_label("CPR-nummer eller navn").fill(number)
    other.get_by_role("button", name="Søg").click()
    expect(other.get_by_text("Ingen borgere fundet")).to_be_visible()
    assert_no_axe_violations(axe, other)
    response = other.goto(overview_url)
    assert response is not None and response.status == 404
    assert_no_axe_violations(axe, other)

    # Each login lands on the home page, whose lists write an entry of their own.
    searches = (
        AccessLogEntry.objects.filter(action="search")
        .exclude(purpose="Mit overblik")
        .order_by("id")
    )
    masked = f"CPR: {number[:6]}-xxxx"
    assert [(e.actor_id, e.criterion) for e in searches] == [
        (caseworker.pk, masked),
        (caseworker.pk, "Navn: Skovgaard"),
        (stranger.pk, masked),
    ]
    views = AccessLogEntry.objects.filter(action="view", citizen_id=citizen.pk).order_by("id")
    assert [(e.actor_id, e.granted) for e in views] == [(caseworker.pk, True), (stranger.pk, False)]
    for entry in AccessLogEntry.objects.all():
        assert number[6:] not in entry.criterion + entry.purpose + entry.object_id


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_edit_the_same_citizen_and_the_second_sees_the_conflict(
    live_server: LiveServer, browser, axe
) -> None:
    social = DepartmentFactory.create(name="Socialafdeling myndighed")
    citizen = CitizenFactory.create(
        first_name="Karen", last_name="Lund", address="Møllevej 3", phone=""
    )
    link(citizen, social)
    first = UserFactory.create(
        roles=["caseworker"], departments=[social], password=PASSWORD, first_name="Anna"
    )
    second = UserFactory.create(
        roles=["caseworker"], departments=[social], password=PASSWORD, first_name="Bo"
    )
    edit_url = f"{live_server.url}/borgere/{citizen.pk}/rediger/"
    pages = []
    for user in (first, second):
        context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        browser_login(page, live_server.url, user, PASSWORD)
        page.goto(edit_url)
        pages.append(page)
    mine, theirs = pages[1], pages[0]

    theirs.get_by_label("Adresse").fill("Havnegade 12")
    theirs.get_by_role("button", name="Gem").click()
    expect(theirs.get_by_text("Stamdata er gemt")).to_be_visible()
    assert_no_axe_violations(axe, theirs)

    mine.get_by_label("Telefon").fill("20304050")
    mine.get_by_role("button", name="Gem").click()
    alert = mine.get_by_role("alert")
    expect(alert).to_contain_text("En anden har gemt en ændring")
    expect(alert).to_contain_text(str(first))
    table = mine.get_by_role("table", name="Det blev ændret, mens du havde formularen åben")
    expect(table).to_contain_text("Møllevej 3")
    expect(table).to_contain_text("Havnegade 12")
    assert_no_axe_violations(axe, mine)
    citizen.refresh_from_db()
    assert (citizen.address, citizen.phone) == ("Havnegade 12", "")

    # The form kept the user's value; the colleague's change is what is saved now. The
    # user takes it over and saves again: both changes stand.
    expect(mine.get_by_label("Telefon")).to_have_value("20304050")
    mine.get_by_label("Adresse").fill("Havnegade 12")
    mine.get_by_role("button", name="Gem").click()
    expect(mine.get_by_text("Stamdata er gemt")).to_be_visible()
    assert_no_axe_violations(axe, mine)
    citizen.refresh_from_db()
    assert (citizen.address, citizen.phone) == ("Havnegade 12", "20304050")
    for page in pages:
        page.context.close()
