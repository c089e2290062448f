"""Offer services and selectors: permission, need-to-know, one log entry per write, nothing
half-written on bad input, and the enrolment as one intervention in the plan."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.core.deadlines import add_months
from roret.offers import selectors, services
from roret.offers.models import Attendance, CounsellingTally, Enrolment, Participant, Referral
from roret.offers.rules import can_provide, can_read_outcomes, can_refer
from roret.organisation.models import Department, Partner
from roret.people.access import citizens_visible_to
from roret.people.models import CitizenLink
from roret.plans.models import Intervention
from tests.factories import DepartmentFactory, UserFactory
from tests.people.factories import CitizenFactory, link

from .factories import basis, course_run, enrolment, offer, participant, referral

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def jobcentre() -> Department:
    return DepartmentFactory.create(name="Jobcenter", kind=Department.Kind.JOBCENTRE)


@pytest.fixture
def provider() -> Department:
    return DepartmentFactory.create(name="Socialafdeling udfører")


def _caseworker(department: Department) -> User:
    return UserFactory.create(roles=["caseworker"], departments=[department])


def _provider_staff(department: Department) -> User:
    return UserFactory.create(roles=["provider_staff"], departments=[department])


def test_roles_are_checked_without_superuser_bypass() -> None:
    superuser = UserFactory.create(is_superuser=True)
    assert not can_refer.test(superuser)
    assert not can_provide.test(superuser)
    assert not can_read_outcomes.test(superuser)
    assert can_refer.test(UserFactory.create(roles=["caseworker"]))
    assert can_provide.test(UserFactory.create(roles=["provider_staff"]))
    assert can_read_outcomes.test(UserFactory.create(roles=["manager"]))


def test_a_referral_reaches_the_provider_with_one_log_entry(
    jobcentre: Department, provider: Department
) -> None:
    course = offer(provider)
    citizen = CitizenFactory.create()
    link(citizen, jobcentre)
    actor = _caseworker(jobcentre)
    staff = _provider_staff(provider)
    assert not citizens_visible_to(staff).filter(pk=citizen.pk).exists()
    before = AccessLogEntry.objects.count()

    made = services.referral_create(
        actor=actor, citizen_id=citizen.pk, offer_id=course.pk, reason=" Økonomi "
    )

    assert made.status == Referral.Status.PENDING and made.reason == "Økonomi"
    assert made.referring_department == jobcentre
    assert AccessLogEntry.objects.count() == before + 1
    assert citizens_visible_to(staff).filter(pk=citizen.pk).exists()
    page = selectors.intake_page(user=staff)
    assert [r.pk for r in page.referrals] == [made.pk]


def test_referral_refusals(jobcentre: Department, provider: Department) -> None:
    course = offer(provider)
    stranger = CitizenFactory.create()
    actor = _caseworker(jobcentre)
    with pytest.raises(Http404):
        services.referral_create(
            actor=actor, citizen_id=stranger.pk, offer_id=course.pk, reason="x"
        )
    with pytest.raises(PermissionDenied):
        services.referral_create(
            actor=_provider_staff(jobcentre), citizen_id=stranger.pk, offer_id=course.pk, reason="x"
        )
    citizen = CitizenFactory.create()
    link(citizen, jobcentre)
    with pytest.raises(ValidationError) as blank:
        services.referral_create(actor=actor, citizen_id=citizen.pk, offer_id=course.pk, reason=" ")
    assert "reason" in blank.value.message_dict
    services.referral_create(actor=actor, citizen_id=citizen.pk, offer_id=course.pk, reason="a")
    with pytest.raises(ValidationError) as twice:
        services.referral_create(actor=actor, citizen_id=citizen.pk, offer_id=course.pk, reason="b")
    assert "offer" in twice.value.message_dict
    closed = offer(provider, active_to=TODAY - datetime.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.referral_create(actor=actor, citizen_id=citizen.pk, offer_id=closed.pk, reason="c")
    assert Referral.objects.count() == 1


def test_accepting_enrols_adds_to_the_run_and_shows_in_the_plan(provider: Department) -> None:
    course = offer(provider, max_duration_months=6)
    run = course_run(course)
    pending = referral(course)
    staff = _provider_staff(provider)
    before = AccessLogEntry.objects.count()

    made = services.referral_accept(
        actor=staff, referral_id=pending.pk, starts_on=TODAY, course_run_id=run.pk
    )

    pending.refresh_from_db()
    assert pending.status == Referral.Status.ACCEPTED and pending.decided_by == staff
    assert made.max_end_on == add_months(TODAY, 6)
    assert Participant.objects.filter(course_run=run, enrolment=made).exists()
    mirrored = Intervention.objects.get(source_type="offers.enrolment", source_id=str(made.pk))
    assert mirrored.status == Intervention.Status.ACTIVE
    assert mirrored.plan.citizen_id == pending.citizen_id
    assert mirrored.department == provider and mirrored.legal_basis == course.legal_basis
    assert CitizenLink.objects.filter(
        source_type="plans.intervention", source_id=str(mirrored.pk), ends_on__isnull=True
    ).exists()
    assert AccessLogEntry.objects.count() == before + 1
    with pytest.raises(ValidationError):
        services.referral_accept(actor=staff, referral_id=pending.pk, starts_on=TODAY)


def test_accepting_beyond_the_maximum_duration_writes_nothing(provider: Department) -> None:
    course = offer(provider, paragraph="82b", max_duration_months=6)
    pending = referral(course)
    with pytest.raises(ValidationError) as error:
        services.referral_accept(
            actor=_provider_staff(provider),
            referral_id=pending.pk,
            starts_on=TODAY,
            planned_end_on=TODAY + datetime.timedelta(days=250),
        )
    assert "planned_end_on" in error.value.message_dict
    pending.refresh_from_db()
    assert pending.status == Referral.Status.PENDING
    assert not Enrolment.objects.exists() and not Intervention.objects.exists()


def test_another_department_cannot_answer(provider: Department) -> None:
    pending = referral(offer(provider))
    other = DepartmentFactory.create()
    with pytest.raises(Http404):
        services.referral_accept(
            actor=_provider_staff(other), referral_id=pending.pk, starts_on=TODAY
        )
    with pytest.raises(PermissionDenied):
        services.referral_decline(
            actor=_caseworker(provider), referral_id=pending.pk, reason="Fuldt"
        )


def test_declining_needs_a_reason_and_ends_the_referral_link(provider: Department) -> None:
    pending = referral(offer(provider), linked=False)
    link_row = CitizenLink.objects.create(
        citizen=pending.citizen,
        department=provider,
        source_type=Referral.LINK_SOURCE_TYPE,
        source_id=str(pending.pk),
        starts_on=TODAY,
    )
    staff = _provider_staff(provider)
    with pytest.raises(ValidationError):
        services.referral_decline(actor=staff, referral_id=pending.pk, reason=" ")
    services.referral_decline(actor=staff, referral_id=pending.pk, reason="Holdet er fuldt")
    pending.refresh_from_db()
    link_row.refresh_from_db()
    assert pending.status == Referral.Status.DECLINED
    assert pending.decline_reason == "Holdet er fuldt"
    assert link_row.ends_on == TODAY


def test_ending_an_enrolment_ends_its_intervention(provider: Department) -> None:
    course = offer(provider)
    staff = _provider_staff(provider)
    made = services.referral_accept(
        actor=staff, referral_id=referral(course).pk, starts_on=TODAY - datetime.timedelta(days=5)
    )
    with pytest.raises(ValidationError) as missing:
        services.enrolment_end(
            actor=staff, enrolment_id=made.pk, ends_on=TODAY, end_reason="other_measure"
        )
    assert "next_legal_basis" in missing.value.message_dict
    services.enrolment_end(
        actor=staff,
        enrolment_id=made.pk,
        ends_on=TODAY,
        end_reason="other_measure",
        next_legal_basis=basis("85"),
    )
    made.refresh_from_db()
    assert made.ends_on == TODAY and made.end_reason == "other_measure"
    mirrored = Intervention.objects.get(source_type="offers.enrolment", source_id=str(made.pk))
    assert mirrored.status == Intervention.Status.ENDED
    assert "§ 85" in mirrored.end_reason
    assert Intervention.objects.filter(source_type="offers.enrolment").count() == 1
    with pytest.raises(ValidationError):
        services.enrolment_end(actor=staff, enrolment_id=made.pk, ends_on=TODAY, end_reason="other")


def test_participants_and_attendance_on_one_save(provider: Department) -> None:
    course = offer(provider)
    run = course_run(course)
    staff = _provider_staff(provider)
    first = participant(run)
    running = enrolment(course)
    added = services.participant_add(actor=staff, course_run_id=run.pk, enrolment_id=running.pk)
    with pytest.raises(ValidationError):
        services.participant_add(actor=staff, course_run_id=run.pk, enrolment_id=running.pk)
    session = run.sessions.first()
    assert session is not None
    before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    services.attendance_register(
        actor=staff,
        session_id=session.pk,
        statuses={first.pk: "present", added.pk: "absent"},
        guidance_note="Hjalp med at ringe til banken",
    )
    services.attendance_register(
        actor=staff, session_id=session.pk, statuses={added.pk: "cancelled"}, guidance_note=""
    )
    assert dict(Attendance.objects.values_list("participant_id", "status")) == {
        first.pk: "present",
        added.pk: "cancelled",
    }
    # One entry per citizen whose attendance was written, in the citizen's own log; the
    # unchanged row of the second save is neither written nor logged.
    written = AccessLogEntry.objects.filter(pk__gt=before).order_by("id")
    assert [(e.citizen_id, e.action, e.object_type) for e in written] == [
        (first.enrolment.citizen_id, "create", "offers.attendance"),
        (added.enrolment.citizen_id, "create", "offers.attendance"),
        (added.enrolment.citizen_id, "update", "offers.attendance"),
    ]
    with pytest.raises(ValidationError):
        services.attendance_register(
            actor=staff, session_id=session.pk, statuses={first.pk: "late"}
        )
    other_run = course_run(course)
    stranger = participant(other_run)
    with pytest.raises(ValidationError):
        services.attendance_register(
            actor=staff, session_id=session.pk, statuses={stranger.pk: "present"}
        )
    page = selectors.attendance_page(user=staff, session_id=session.pk)
    assert {row.participant.pk: row.status for row in page.rows} == {
        first.pk: "present",
        added.pk: "cancelled",
    }


def test_counselling_tallies_are_recorded_and_corrected(provider: Department) -> None:
    course = offer(provider, paragraph="82a", name="Åben rådgivning")
    staff = _provider_staff(provider)
    services.counselling_tallies_record(
        actor=staff, offer_id=course.pk, held_on=TODAY, counts={"economy": 3, "housing": 1}
    )
    services.counselling_tallies_record(
        actor=staff, offer_id=course.pk, held_on=TODAY, counts={"economy": 4, "housing": 0}
    )
    assert dict(CounsellingTally.objects.values_list("topic", "count")) == {"economy": 4}
    with pytest.raises(ValidationError):
        services.counselling_tallies_record(
            actor=staff, offer_id=course.pk, held_on=TODAY, counts={"economy": -1}
        )
    with pytest.raises(ValidationError):
        services.counselling_tallies_record(
            actor=staff,
            offer_id=course.pk,
            held_on=TODAY + datetime.timedelta(days=1),
            counts={"economy": 1},
        )
    assert [t.count for t in selectors.counselling_recent(user=staff)] == [4]


def test_the_catalogue_shows_free_places_in_a_fixed_number_of_queries(
    provider: Department,
) -> None:
    small = offer(provider, name="Gruppeforløb", capacity=3)
    partner = Partner.objects.create(name="Nordlys ApS", kind=Partner.Kind.PROVIDER)
    external = offer(provider, paragraph="107", name="Botilbud Nordlys", capacity=5)
    external.department = None
    external.partner = partner
    external.save()
    enrolment(small)
    enrolment(small, ends_on=TODAY, end_reason="completed")
    with CaptureQueriesContext(connection) as few:
        rows = selectors.offer_catalogue()
    free = {row.offer.name: row.free_places for row in rows}
    assert free == {"Gruppeforløb": 2, "Botilbud Nordlys": 5}
    for _n in range(3):
        enrolment(offer(provider, name="Mere"))
    with CaptureQueriesContext(connection) as more:
        selectors.offer_catalogue()
    assert len(more.captured_queries) == len(few.captured_queries)
    assert [row.offer.name for row in selectors.offer_catalogue(query="§107")] == [
        "Botilbud Nordlys"
    ]
    assert [row.offer.name for row in selectors.offer_catalogue(query="gruppe")] == ["Gruppeforløb"]


def test_the_provider_overview_alerts_near_and_past_the_maximum_duration(
    provider: Department,
) -> None:
    course = offer(provider, paragraph="82b", max_duration_months=6)
    past = enrolment(course, starts_on=TODAY - datetime.timedelta(days=200))
    near = enrolment(course, starts_on=TODAY - datetime.timedelta(days=170))
    fine = enrolment(course, starts_on=TODAY - datetime.timedelta(days=10))
    staff = _provider_staff(provider)
    page = selectors.intake_page(user=staff)
    assert [row.enrolment.pk for row in page.alerts] == [past.pk, near.pk]
    assert page.alerts[0].past_max and not page.alerts[1].past_max
    assert {row.enrolment.pk for row in page.running} == {past.pk, near.pk, fine.pk}


def test_the_intake_queue_runs_a_fixed_number_of_queries(provider: Department) -> None:
    course = offer(provider, max_duration_months=6)
    course_run(course)
    staff = _provider_staff(provider)
    referral(course)
    enrolment(course, starts_on=TODAY - datetime.timedelta(days=200))
    with CaptureQueriesContext(connection) as few:
        selectors.intake_page(user=staff)
    for _n in range(4):
        referral(course)
        enrolment(course, starts_on=TODAY - datetime.timedelta(days=200))
        course_run(course)
    staff = type(staff).objects.get(pk=staff.pk)
    with CaptureQueriesContext(connection) as more:
        selectors.intake_page(user=staff)
    assert len(more.captured_queries) == len(few.captured_queries)


def test_the_referrer_sees_the_answer(jobcentre: Department, provider: Department) -> None:
    actor = _caseworker(jobcentre)
    citizen = CitizenFactory.create()
    link(citizen, jobcentre)
    made = referral(offer(provider), citizen=citizen, referrer=actor)
    made.referring_department = jobcentre
    made.status = Referral.Status.DECLINED
    made.decline_reason = "Holdet er fuldt"
    made.save()
    rows = selectors.referrals_sent(user=actor)
    assert [(r.pk, r.decline_reason) for r in rows] == [(made.pk, "Holdet er fuldt")]
    with pytest.raises(PermissionDenied):
        selectors.referrals_sent(user=_provider_staff(jobcentre))


def test_a_later_start_is_active_in_the_plan_from_acceptance(provider: Department) -> None:
    pending = referral(offer(provider), linked=False)
    CitizenLink.objects.create(
        citizen=pending.citizen,
        department=provider,
        source_type=Referral.LINK_SOURCE_TYPE,
        source_id=str(pending.pk),
        starts_on=TODAY,
    )
    staff = _provider_staff(provider)
    made = services.referral_accept(
        actor=staff, referral_id=pending.pk, starts_on=TODAY + datetime.timedelta(days=14)
    )
    mirrored = Intervention.objects.get(source_type="offers.enrolment", source_id=str(made.pk))
    assert mirrored.status == Intervention.Status.ACTIVE
    assert not CitizenLink.objects.filter(
        source_type=Referral.LINK_SOURCE_TYPE, ends_on__isnull=True
    ).exists()
    assert citizens_visible_to(staff).filter(pk=pending.citizen_id).exists()


def test_a_partners_offer_takes_no_referral(jobcentre: Department, provider: Department) -> None:
    partner = Partner.objects.create(name="Kompasset ApS", kind=Partner.Kind.PROVIDER)
    external = offer(provider, paragraph="107")
    external.department = None
    external.partner = partner
    external.save()
    citizen = CitizenFactory.create()
    link(citizen, jobcentre)
    with pytest.raises(ValidationError) as error:
        services.referral_create(
            actor=_caseworker(jobcentre), citizen_id=citizen.pk, offer_id=external.pk, reason="x"
        )
    assert "offer" in error.value.message_dict
    assert not Referral.objects.exists()


def test_provider_staff_set_up_a_course_run_and_its_sessions(provider: Department) -> None:
    course = offer(provider, max_duration_months=6)
    staff = _provider_staff(provider)
    colleague = _provider_staff(provider)
    volunteer = Partner.objects.create(name="Frivilligcentret", kind=Partner.Kind.VOLUNTEER)
    run = services.course_run_create(
        actor=staff,
        offer_id=course.pk,
        name="Hold forår",
        starts_on=TODAY,
        ends_on=TODAY + datetime.timedelta(days=97),
        place="Aktivitetshuset",
        themes=["Hverdagsøkonomi", " ", "Relationer"],
    )
    assert list(run.modules.values_list("order", "theme")) == [
        (1, "Hverdagsøkonomi"),
        (2, "Relationer"),
    ]
    module = run.modules.first()
    assert module is not None
    session = services.session_create(
        actor=staff,
        course_run_id=run.pk,
        date=TODAY + datetime.timedelta(days=7),
        starts_at=datetime.time(10),
        ends_at=datetime.time(12),
        module_id=module.pk,
        facilitator_ids=[staff.pk, colleague.pk],
        partner_ids=[volunteer.pk],
    )
    assert session.place == "Aktivitetshuset"
    assert set(session.facilitators.all()) == {staff, colleague}
    assert list(session.volunteer_partners.all()) == [volunteer]
    bad_inputs: list[dict[str, object]] = [
        {"date": TODAY + datetime.timedelta(days=200)},
        {"ends_at": datetime.time(9)},
        {"facilitator_ids": [UserFactory.create().pk]},
        {"partner_ids": [999999]},
    ]
    for bad in bad_inputs:
        arguments: dict[str, object] = {
            "date": TODAY,
            "starts_at": datetime.time(10),
            "ends_at": datetime.time(12),
        }
        arguments.update(bad)
        with pytest.raises(ValidationError):
            services.session_create(actor=staff, course_run_id=run.pk, **arguments)  # type: ignore[arg-type]
    assert run.sessions.count() == 1
    with pytest.raises(ValidationError) as too_long:
        services.course_run_create(
            actor=staff,
            offer_id=course.pk,
            name="For langt",
            starts_on=TODAY,
            ends_on=TODAY + datetime.timedelta(days=400),
        )
    assert "ends_on" in too_long.value.message_dict
    with pytest.raises(Http404):
        services.course_run_create(
            actor=_provider_staff(DepartmentFactory.create()),
            offer_id=course.pk,
            name="Fremmed",
            starts_on=TODAY,
            ends_on=TODAY,
        )


def test_answers_and_endings_forget_the_outcome_reports_kept_months(provider: Department) -> None:
    """The report's ended months are kept: rows loaded around the services leave them as they
    were; an answer to a referral of a kept month, or a start or an end dated in one, is
    counted at the next read."""
    course = offer(provider)
    staff = _provider_staff(provider)
    manager = UserFactory.create(roles=["manager"])
    last_month = add_months(TODAY.replace(day=1), -1)
    start, end = selectors.default_period(TODAY)

    def figures() -> tuple[int, int, int, int]:
        report = selectors.outcome_report(
            user=manager, offer_id=course.pk, start=start, end=end, today=TODAY
        )
        return report.referrals, report.declined, report.enrolled, report.ended

    pending = referral(course, referred_on=last_month)
    accepted = referral(course, referred_on=last_month)
    assert figures() == (2, 0, 0, 0)
    referral(course, referred_on=last_month + datetime.timedelta(days=1))
    assert figures() == (2, 0, 0, 0)  # loaded around the services: the month stands
    services.referral_decline(actor=staff, referral_id=pending.pk, reason="Holdet er fuldt")
    assert figures() == (3, 1, 0, 0)
    made = services.referral_accept(
        actor=staff, referral_id=accepted.pk, starts_on=last_month + datetime.timedelta(days=2)
    )
    assert figures() == (3, 1, 1, 0)
    services.enrolment_end(
        actor=staff,
        enrolment_id=made.pk,
        ends_on=last_month + datetime.timedelta(days=9),
        end_reason="completed",
    )
    assert figures() == (3, 1, 1, 1)
