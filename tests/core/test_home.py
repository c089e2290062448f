"""The home page ("Mit overblik"): a block per role from the modules (hook ``core.home``),
each linking to its full list; one access-log entry for the page when the blocks list
citizens, none when they show only figures; a fixed number of queries per role."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.core.sections import Section, record_page_read
from roret.organisation.models import Team
from tests.casework.factories import application, pending_request
from tests.factories import DepartmentFactory, TeamFactory, UserFactory, login_staff
from tests.offers.factories import course_run, offer, referral
from tests.outreach.factories import contact
from tests.people.factories import CitizenFactory, link
from tests.plans.factories import agreement, plan_for

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)

# The queries of the home page per role, whatever the data: the session, the user, their
# roles, departments and teams (one query), each block's own (see the modules' home.py) and
# the page's access-log entry when a block lists citizens.
QUERIES = {
    "caseworker": 7,
    "team_leader": 9,
    "coordinator": 7,
    "outreach_worker": 9,
    "provider_staff": 8,
    "manager": 8,
    "finance": 4,
}
HEADINGS = {
    "caseworker": ["Mine åbne ansøgninger"],
    "team_leader": ["Grøn bølge til godkendelse", "Mine teams ansøgninger over fristen"],
    "coordinator": ["Aftaler til opfølgning"],
    "outreach_worker": ["Mine seneste kontakter", "Mine åbne anmodninger"],
    "provider_staff": ["Henvisninger, der venter på svar", "Dagens holdmøder"],
    "manager": ["Ansøgninger denne måned", "Tilbud denne måned", "Opsøgende arbejde denne måned"],
    "finance": [],
}
LINKS = {
    "caseworker": ["casework:my_queue"],
    "team_leader": ["casework:fast_track_pending", "casework:team_queue"],
    "coordinator": ["plans:follow_up"],
    "outreach_worker": ["outreach:contact_list"],
    "provider_staff": ["offers:intake"],
    "manager": ["casework:report", "offers:report", "outreach:report"],
    "finance": [],
}


@pytest.fixture
def team() -> Team:
    return TeamFactory.create(department=DepartmentFactory.create())


def _user(team: Team, *roles: str) -> User:
    return UserFactory.create(roles=list(roles), departments=[team.department], teams=[team])


def _work(team: Team, user: User, n: int) -> None:
    """``n`` of everything each block lists, for ``user``, visible to them."""
    department = team.department
    the_offer = offer(department)
    for i in range(n):
        made = application(team, caseworker=user, deadline=TODAY - (i + 1) * DAY)
        pending_request(made)
        plan = plan_for(department=department, coordinator=user)
        agreement(plan, due_on=TODAY - i * DAY)
        citizen = CitizenFactory.create()
        link(citizen, department)
        contact(user, citizen=citizen, occurred_on=TODAY - i * DAY)
        referral(the_offer)
        course_run(the_offer, sessions=1)


def _headings(page: str) -> list[str]:
    main = page[page.index("<main") : page.index("</main>")]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in main.split("<h2")[1:]]


@pytest.mark.parametrize("role", list(QUERIES))
def test_each_role_sees_its_blocks_with_links_to_the_lists_in_fixed_queries(
    client: Client, team: Team, role: str
) -> None:
    user = _user(team, role)
    login_staff(client, user)
    _work(team, user, 2)
    with CaptureQueriesContext(connection) as small:
        response = client.get(reverse("home"))
    page = response.content.decode()
    assert _headings(page) == HEADINGS[role]
    for name in LINKS[role]:
        assert f'href="{reverse(name)}"' in page
    _work(team, user, 7)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("home")).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries) == QUERIES[role]


def test_a_user_with_several_roles_sees_each_roles_blocks(client: Client, team: Team) -> None:
    user = _user(team, "caseworker", "team_leader", "manager")
    login_staff(client, user)
    page = client.get(reverse("home")).content.decode()
    assert _headings(page) == [
        *HEADINGS["team_leader"],
        *HEADINGS["caseworker"],
        *HEADINGS["manager"],
    ]


def test_blocks_that_list_citizens_write_one_search_entry_for_the_page(
    client: Client, team: Team
) -> None:
    user = _user(team, "caseworker", "team_leader")
    made = application(team, caseworker=user, deadline=TODAY - DAY)
    pending_request(made)
    login_staff(client, user)
    before = AccessLogEntry.objects.count()
    page = client.get(reverse("home")).content.decode()
    assert made.citizen.full_name in page
    entries = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [(e.action, e.citizen_id, e.object_type) for e in entries] == [
        ("search", None, "people.citizen")
    ]
    assert entries[0].purpose == "Mit overblik"
    assert entries[0].criterion == (
        "Anmodninger om grøn bølge fra mine teams, der venter på afgørelse; "
        "Mine teams ansøgninger over fristen; Mine åbne ansøgninger"
    )


def test_figures_write_no_entry_and_an_empty_list_writes_its_one(
    client: Client, team: Team
) -> None:
    manager = _user(team, "manager")
    application(team, received_on=TODAY)  # counted for the manager
    login_staff(client, manager)
    before = AccessLogEntry.objects.count()
    assert client.get(reverse("home")).status_code == 200
    assert AccessLogEntry.objects.count() == before
    # An empty queue is still a read of the list, as the queue page logs one when empty:
    # the page's queries do not depend on the data.
    login_staff(client, _user(team, "caseworker", "manager"))
    assert client.get(reverse("home")).status_code == 200
    assert [e.criterion for e in AccessLogEntry.objects.order_by("id")[before:]] == [
        "Mine åbne ansøgninger"
    ]


def test_the_home_page_shows_no_citizen_the_lists_would_not(client: Client, team: Team) -> None:
    user = _user(team, "caseworker", "team_leader", "coordinator", "provider_staff")
    hidden = CitizenFactory.create(first_name="Usynlig", last_name="Borgersen")
    pending_request(application(team, citizen=hidden, caseworker=user, deadline=TODAY - DAY))
    agreement(plan_for(hidden, department=team.department, coordinator=user, linked=False))
    referral(offer(team.department), citizen=hidden, linked=False)
    login_staff(client, user)
    assert "Borgersen" not in client.get(reverse("home")).content.decode()


def test_the_people_app_records_the_page_read() -> None:
    assert apps.get_app_config("people").sections == {  # type: ignore[attr-defined]
        "core.page_read": ["roret.people.sections.page_read"]
    }


def test_a_page_read_without_one_recorder_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(apps.get_app_config("people"), "sections", {})
    listing = Section("a.html", reads=("Mine ansøgninger",))
    with pytest.raises(ImproperlyConfigured):
        record_page_read(user=None, purpose="Mit overblik", sections=[listing])
    record_page_read(user=None, purpose="Mit overblik", sections=[Section("b.html")])
