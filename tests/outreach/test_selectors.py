"""Outreach reads: the report (Must show 2: the fast-track comparison against an
independent computation), load against capacity, the team caseload, need-to-know."""

from __future__ import annotations

import datetime
import random
import statistics
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework import services as casework_services
from roret.casework.models import Application
from roret.core.deadlines import add_months
from roret.organisation.models import Department, Team
from roret.outreach import selectors
from roret.outreach.models import DEFAULT_CAPACITY, ApplicationReferral, OutreachWorker
from roret.people.access import citizen_for
from roret.people.models import Citizen
from tests.casework.factories import application, basis
from tests.factories import AreaFactory, DepartmentFactory, TeamFactory, UserFactory
from tests.people.factories import CitizenFactory, link

from .factories import anonymous_person, caseload, contact, outreach_worker

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def manager() -> User:
    return UserFactory.create(roles=["manager"], departments=[DepartmentFactory.create()])


@pytest.fixture
def worker() -> User:
    return outreach_worker(DepartmentFactory.create(name="Udfører", kind="social_provider"))


@pytest.fixture
def team() -> Team:
    return TeamFactory.create(department=DepartmentFactory.create(name="Myndighed"))


def _decided(team: Team, paragraph: str, days: int, **fields: Any) -> Application:
    decided_on = TODAY - datetime.timedelta(days=random.randrange(1, 200))
    return application(
        team,
        paragraph=paragraph,
        received_on=decided_on - datetime.timedelta(days=days),
        decided_on=decided_on,
        status=Application.Status.GRANTED,
        decision_text="Bevilget",
        **fields,
    )


def _from_outreach(worker: User, team: Team, made: Application) -> None:
    ApplicationReferral.objects.create(
        contact=contact(worker, citizen=made.citizen),
        citizen=made.citizen,
        legal_basis=made.legal_basis,
        applied_for="Bostøtte",
        reason="Grøn bølge",
        team=team,
        requested_by=worker,
        requested_on=made.received_on,
        application=made,
    )


def test_the_fast_track_comparison_matches_an_independent_computation(
    manager: User, worker: User, team: Team
) -> None:
    """Must show 2."""
    random.seed(11)
    outreach_days: dict[str, list[int]] = {"85": [], "107": []}
    ordinary_days: dict[str, list[int]] = {"85": [], "107": []}
    for paragraph in ("85", "107"):
        for _ in range(random.randrange(3, 7)):
            made = _decided(team, paragraph, random.randrange(0, 30), fast_track=True)
            _from_outreach(worker, team, made)
            outreach_days[paragraph].append((made.decided_on - made.received_on).days)  # type: ignore[operator]
        for _ in range(random.randrange(4, 9)):
            made = _decided(team, paragraph, random.randrange(10, 90))
            ordinary_days[paragraph].append((made.decided_on - made.received_on).days)  # type: ignore[operator]
    # Not counted: fast track from elsewhere, withdrawn, own initiative, open, too old,
    # and a legal basis with no application from outreach.
    _decided(team, "85", 3, fast_track=True)
    _decided(team, "85", 5, own_initiative=True)
    application(team, paragraph="85", status=Application.Status.WITHDRAWN, decided_on=TODAY)
    application(team, paragraph="85")
    old = TODAY - datetime.timedelta(days=500)
    application(
        team,
        paragraph="85",
        received_on=old,
        decided_on=old + datetime.timedelta(days=2),
        status=Application.Status.GRANTED,
    )
    _decided(team, "110", 40)

    report = selectors.outreach_report(user=manager)
    got = {row.legal_basis.paragraph: row for row in report.comparison}
    assert set(got) == {"85", "107"}
    for paragraph in ("85", "107"):
        row = got[paragraph]
        assert row.legal_basis == basis(paragraph)
        assert row.fast_track.count == len(outreach_days[paragraph])
        assert row.fast_track.median == statistics.median(outreach_days[paragraph])
        assert row.fast_track.mean == pytest.approx(statistics.mean(outreach_days[paragraph]))
        assert row.ordinary.count == len(ordinary_days[paragraph])
        assert row.ordinary.median == statistics.median(ordinary_days[paragraph])
        assert row.ordinary.mean == pytest.approx(statistics.mean(ordinary_days[paragraph]))
    assert report.requests_raised == sum(len(v) for v in outreach_days.values())
    assert report.requests_approved == report.requests_raised


def test_the_comparison_keeps_ended_months_until_a_decision_dated_in_them(
    manager: User, worker: User, team: Team
) -> None:
    """The comparison's ended months are kept as a part of the processing report: rows
    loaded around the services leave them as they were; a decision registered by the
    service, back-dated into a kept month, is counted at the next read."""
    last_month = add_months(TODAY.replace(day=1), -1)
    raised = _decided(team, "85", 4, fast_track=True)
    raised.decided_on = last_month + datetime.timedelta(days=3)
    raised.received_on = last_month
    raised.save()
    _from_outreach(worker, team, raised)

    def ordinary_count() -> int:
        (row,) = selectors.outreach_report(user=manager).comparison
        return row.ordinary.count

    assert ordinary_count() == 0
    application(
        team,
        paragraph="85",
        received_on=last_month,
        decided_on=last_month + datetime.timedelta(days=9),
        status=Application.Status.GRANTED,
        decision_text="Bevilget",
    )
    assert ordinary_count() == 0  # loaded without the service: the kept month stands
    caseworker = UserFactory.create(
        roles=["caseworker"], departments=[team.department], teams=[team]
    )
    citizen = CitizenFactory.create()
    link(citizen, team.department, team=team)
    made = casework_services.application_create(
        actor=caseworker,
        citizen_id=citizen.pk,
        legal_basis=basis("85"),
        received_on=last_month,
        channel="self",
        applied_for="Bostøtte",
        team=team,
    )
    casework_services.application_decide(
        actor=caseworker,
        application_id=made.pk,
        outcome="granted",
        decided_on=last_month + datetime.timedelta(days=20),
        decision_text="Bevilget",
    )
    assert ordinary_count() == 2


def test_contacts_per_area_and_month_new_persons_and_share_identified(
    manager: User, worker: User
) -> None:
    north, south = AreaFactory.create(name="Nordbakken"), AreaFactory.create(name="Sydparken")
    this_month = TODAY.replace(day=1)
    identified, still_anonymous = (
        anonymous_person(worker, area=north),
        anonymous_person(worker, area=south),
    )
    citizen = CitizenFactory.create()
    identified.citizen = citizen
    identified.save()
    contact(worker, person=identified, citizen=citizen, occurred_on=this_month)
    contact(worker, person=still_anonymous, occurred_on=this_month)
    contact(worker, person=still_anonymous, occurred_on=this_month)
    known = CitizenFactory.create()
    contact(worker, citizen=known, area=north, occurred_on=this_month)
    contact(worker, citizen=citizen, area=north, occurred_on=this_month)  # met anonymously first
    contact(worker, citizen=known, area=north, occurred_on=TODAY - datetime.timedelta(days=800))

    report = selectors.outreach_report(user=manager)
    totals = {area.name: total for area, _counts, total in report.areas}
    assert totals == {"Nordbakken": 3, "Sydparken": 2}
    assert report.anonymous_met == 2 and report.anonymous_identified == 1
    assert report.share_identified == 50
    # The known citizen was first met 800 days ago: not new in the period.
    assert sum(row.new_known for row in report.persons) == 0
    assert sum(row.new_persons for row in report.persons) == 2


def test_the_report_is_for_managers_and_team_leaders(worker: User) -> None:
    with pytest.raises(PermissionDenied):
        selectors.outreach_report(user=worker)


def test_area_overview_shows_load_against_capacity(manager: User) -> None:
    north, south = AreaFactory.create(name="Nordbakken"), AreaFactory.create(name="Sydparken")
    busy = outreach_worker(first_name="Ida", last_name="Lund")
    OutreachWorker.objects.create(user=busy, area=north, capacity=2)
    idle = outreach_worker(first_name="Bo", last_name="Holm")
    OutreachWorker.objects.create(user=idle, area=south)
    year_start = TODAY.replace(month=1, day=1)
    for _ in range(3):
        caseload(CitizenFactory.create(), worker=busy, area=north, starts_on=year_start)
    # Ended last year: not part of this year's load.
    caseload(
        CitizenFactory.create(),
        worker=idle,
        area=south,
        starts_on=year_start - datetime.timedelta(days=300),
        ends_on=year_start - datetime.timedelta(days=1),
    )
    m_act = TeamFactory.create(name="M-ACT-teamet")
    caseload(CitizenFactory.create(), team=m_act, area=south, starts_on=year_start)

    overview = selectors.area_overview(user=manager)
    workers = {row.label: row for row in overview.workers}
    assert (workers["Ida Lund"].load, workers["Ida Lund"].capacity) == (3, 2)
    assert workers["Ida Lund"].over and workers["Ida Lund"].share == 150
    assert (workers["Bo Holm"].load, workers["Bo Holm"].capacity) == (0, DEFAULT_CAPACITY)
    areas = {row.label: (row.load, row.capacity) for row in overview.areas}
    assert areas == {"Nordbakken": (3, 2), "Sydparken": (1, DEFAULT_CAPACITY)}
    assert [(row.label, row.load) for row in overview.teams] == [("M-ACT-teamet", 1)]
    assert not AccessLogEntry.objects.exists()  # counts only
    last_year = selectors.area_overview(user=manager, year=TODAY.year - 1)
    assert {row.label: row.load for row in last_year.workers}["Bo Holm"] == 1
    with pytest.raises(PermissionDenied):
        selectors.area_overview(user=busy)


def _team_setup() -> tuple[Team, User, User, Department]:
    department = DepartmentFactory.create(name="Udfører", kind="social_provider")
    team = TeamFactory.create(department=department, name="M-ACT-teamet", method="M-ACT")
    coordinator = UserFactory.create(roles=["coordinator"], departments=[department], teams=[team])
    member = outreach_worker(department, teams=[team])
    return team, coordinator, member, department


def _followed(team: Team, department: Department) -> Citizen:
    citizen = CitizenFactory.create()
    link(citizen, department, team=team)
    caseload(citizen, team=team, department=department)
    return citizen


def test_team_caseload_shows_the_last_contact_by_any_member_and_who_is_not_seen() -> None:
    team, coordinator, member, department = _team_setup()
    seen, unseen, never = (_followed(team, department) for _ in range(3))
    contact(member, citizen=seen, occurred_on=TODAY - datetime.timedelta(days=3))
    contact(member, citizen=unseen, occurred_on=TODAY - datetime.timedelta(days=45))
    outsider = outreach_worker(department)
    contact(outsider, citizen=unseen, occurred_on=TODAY)  # not a team member: does not count

    result = selectors.team_caseload(user=coordinator, days=30)
    rows = {row.entry.citizen_id: row for row in result.rows}
    assert rows[seen.pk].last_contact == TODAY - datetime.timedelta(days=3)
    assert rows[unseen.pk].last_contact == TODAY - datetime.timedelta(days=45)
    assert rows[never.pk].last_contact is None
    assert {pk for pk, row in rows.items() if row.not_seen} == {unseen.pk, never.pk}
    assert result.not_seen_count == 2
    assert selectors.team_caseload(user=coordinator, days=60).not_seen_count == 1
    assert selectors.team_caseload(user=coordinator, days=7).days == selectors.DEFAULT_NOT_SEEN
    assert AccessLogEntry.objects.filter(actor=coordinator).count() == 3
    with pytest.raises(PermissionDenied):
        selectors.team_caseload(user=member)


def test_an_anonymous_contact_belongs_to_the_department_that_met_the_person(
    worker: User,
) -> None:
    made = contact(worker, person=anonymous_person(worker))
    page = selectors.contact_page(user=worker, contact_id=made.pk)
    assert page.citizen is None
    stranger = outreach_worker(DepartmentFactory.create(name="Andre"))
    with pytest.raises(Http404):
        selectors.contact_page(user=stranger, contact_id=made.pk)
    with pytest.raises(Http404):
        selectors.anonymous_person_page(user=stranger, person_id=made.anonymous_person_id or 0)
    assert not AccessLogEntry.objects.exists()


def test_a_known_citizens_contact_is_shown_only_with_the_access_to_that_citizen(
    worker: User,
) -> None:
    citizen = CitizenFactory.create()
    made = contact(worker, citizen=citizen)
    # Without the gate's access (or with another citizen's), a known citizen's contact is
    # not found: the department that made it does not open it.
    with pytest.raises(Http404):
        selectors.contact_page(user=worker, contact_id=made.pk)
    link(citizen, Department.objects.get(pk=min(worker.department_ids)))
    other = CitizenFactory.create()
    link(other, Department.objects.get(pk=min(worker.department_ids)))
    with pytest.raises(Http404):
        selectors.contact_page(
            user=worker,
            contact_id=made.pk,
            access=citizen_for(user=worker, citizen_id=other.pk, purpose="Test"),
        )
    access = citizen_for(user=worker, citizen_id=citizen.pk, purpose="Test")
    logged = AccessLogEntry.objects.count()
    page = selectors.contact_page(user=worker, contact_id=made.pk, access=access)
    assert page.citizen == citizen
    assert AccessLogEntry.objects.count() == logged  # the gate logged; the selector does not


def test_worker_page_and_referral_inbox(worker: User, team: Team) -> None:
    department = Department.objects.get(pk=min(worker.department_ids))
    citizen = CitizenFactory.create()
    link(citizen, department)
    hidden = CitizenFactory.create()
    caseload(citizen, worker=worker)
    caseload(hidden, worker=worker)
    contact(worker, citizen=citizen, next_step="Ringe til boligselskabet")
    contact(worker, citizen=hidden)
    contact(worker, person=anonymous_person(worker))
    page = selectors.worker_page(user=worker)
    assert [entry.citizen for entry in page.caseload] == [citizen]
    assert len(page.anonymous_persons) == 1
    assert {c.citizen_id for c in page.contacts} == {citizen.pk, None}

    caseworker = UserFactory.create(
        roles=["caseworker"], departments=[team.department], teams=[team]
    )
    link(citizen, team.department, team=team)
    ApplicationReferral.objects.create(
        contact=page.contacts[0],
        citizen=citizen,
        legal_basis=basis("85"),
        applied_for="Bostøtte",
        reason="Grøn bølge",
        team=team,
        requested_by=worker,
        requested_on=TODAY,
    )
    assert [r.citizen for r in selectors.referral_inbox(user=caseworker)] == [citizen]
    with pytest.raises(PermissionDenied):
        selectors.referral_inbox(user=worker)


def test_the_citizen_section_needs_a_citizen_from_the_need_to_know_check(worker: User) -> None:
    # The section takes a decided access; a worker without a reason to know gets none.
    citizen = CitizenFactory.create()
    stranger = UserFactory.create(roles=["outreach_worker"], departments=[DepartmentFactory()])
    with pytest.raises(Http404):
        citizen_for(user=stranger, citizen_id=citizen.pk, purpose="Test")
    contact(worker, citizen=citizen)
    link(citizen, worker.departments.get())
    section = selectors.citizen_section(
        access=citizen_for(user=worker, citizen_id=citizen.pk, purpose="Test")
    )
    assert len(section.contacts) == 1


def test_who_i_follow_shows_each_citizen_once(worker: User) -> None:
    """Hvem jeg følger: one row per citizen, however many follow-ups lead to them (alone,
    with the team, started again at identification), since the first of them began."""
    department = Department.objects.get(pk=min(worker.department_ids))
    team = TeamFactory.create(department=department, name="M-ACT-teamet")
    worker.teams.add(team)
    worker.refresh_from_db()
    twice, once = (
        CitizenFactory.create(last_name="Aagaard"),
        CitizenFactory.create(last_name="Berg"),
    )
    for citizen in (twice, once):
        link(citizen, department, team=team)
    first = TODAY - datetime.timedelta(days=90)
    caseload(twice, worker=worker, starts_on=TODAY - datetime.timedelta(days=30))
    caseload(twice, worker=worker, starts_on=TODAY - datetime.timedelta(days=10))
    caseload(twice, team=team, starts_on=first)
    caseload(once, worker=worker)
    # Ended: not followed now, and no second row either.
    caseload(
        once,
        worker=worker,
        starts_on=TODAY - datetime.timedelta(days=200),
        ends_on=TODAY - datetime.timedelta(days=100),
    )
    contact(worker, citizen=twice, occurred_on=TODAY - datetime.timedelta(days=2))

    page = selectors.worker_page(user=worker)
    assert [entry.citizen for entry in page.caseload] == [twice, once]
    row = page.caseload[0]
    assert row.starts_on == first and row.team == team
    assert row.last_contact == TODAY - datetime.timedelta(days=2)  # type: ignore[attr-defined]


def test_an_identified_person_is_not_shown_without_the_access_to_the_citizen(
    worker: User,
) -> None:
    person = anonymous_person(worker)
    contact(worker, person=person)
    assert len(selectors.anonymous_person_page(user=worker, person_id=person.pk).contacts) == 1
    citizen = CitizenFactory.create()
    link(citizen, Department.objects.get(pk=min(worker.department_ids)))
    person.citizen = citizen
    person.save()
    # Identified since the gate looked: the page needs the access to the citizen now.
    with pytest.raises(Http404):
        selectors.anonymous_person_page(user=worker, person_id=person.pk)
    page = selectors.anonymous_person_page(
        user=worker,
        person_id=person.pk,
        access=citizen_for(user=worker, citizen_id=citizen.pk, purpose="Test"),
    )
    assert page.person.citizen == citizen and page.contacts == []
