"""Outreach writes: anonymous persons carry no name or CPR, identification moves the
contacts to the citizen, caseloads give need-to-know, the request for an application goes
through casework's services; bad input writes nothing; citizen writes log one entry."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework.models import Application, FastTrackRequest
from roret.core.deadlines import add_months
from roret.organisation.models import Area, Department, Team
from roret.outreach import rules, selectors, services
from roret.outreach.models import (
    DESCRIPTION_MAX_LENGTH,
    AnonymousPerson,
    ApplicationReferral,
    CaseloadEntry,
    Contact,
    OutreachWorker,
)
from roret.people.access import citizens_visible_to
from roret.people.models import Citizen, CitizenLink, Household, HouseholdMember
from tests.casework.factories import basis
from tests.factories import AreaFactory, DepartmentFactory, TeamFactory, UserFactory
from tests.people.factories import CitizenFactory, link, new_cpr
from tests.races import race

from .factories import anonymous_person, contact, outreach_worker

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
def citizen(department: Department) -> Citizen:
    made = CitizenFactory.create()
    link(made, department)
    return made


def _log_count() -> int:
    return AccessLogEntry.objects.count()


def _anonymous(worker: User, area: Area, **fields: object) -> Contact:
    values: dict[str, object] = {
        "occurred_on": TODAY - datetime.timedelta(days=3),
        "area": area,
        "place": "street",
        "topics": ["housing", "addiction"],
        "next_step": "Mødes igen ved kiosken",
        "alias": "Kasketten",
        "description": "Mand omkring 40",
    }
    values.update(fields)
    return services.anonymous_contact_record(actor=worker, **values)  # type: ignore[arg-type]


# Must show 4: an anonymous person stores no CPR and no name ---------------------------------


def test_the_anonymous_person_model_has_no_name_or_cpr_field() -> None:
    names = {f.name.lower() for f in AnonymousPerson._meta.get_fields()}
    forbidden = {"name", "first_name", "last_name", "full_name", "cpr", "cpr_number"}
    assert not names & forbidden
    assert not [n for n in names if "name" in n or "cpr" in n]
    # Only the identification link points at a citizen; it is empty while anonymous.
    relations = [
        f.name
        for f in AnonymousPerson._meta.get_fields()
        if isinstance(f, models.ForeignKey) and f.related_model is Citizen
    ]
    assert relations == ["citizen"]


def test_a_contact_with_an_anonymous_person_stores_no_cpr_and_no_name(
    worker: User, area: Area
) -> None:
    number = new_cpr()
    for field in ("alias", "description"):
        with pytest.raises(ValidationError) as error:
            _anonymous(worker, area, **{field: f"nr {number}"})
        assert field in error.value.message_dict
        assert number not in str(error.value)
    made = _anonymous(worker, area, description="Ung kvinde med rød jakke")
    person = made.anonymous_person
    assert person is not None and person.citizen_id is None and made.citizen_id is None
    stored = " ".join(
        str(v)
        for row in [
            *AnonymousPerson.objects.values().all(),
            *Contact.objects.values().all(),
        ]
        for v in row.values()
    )
    assert re.search(r"\d{6}-?\d{4}", stored) is None
    assert "Kasketten" in stored  # the check reads the stored values
    assert not Citizen.objects.exists()
    assert _log_count() == 0  # not citizen data


def test_the_description_is_short_and_the_alias_required(worker: User, area: Area) -> None:
    with pytest.raises(ValidationError) as too_long:
        _anonymous(worker, area, description="x" * (DESCRIPTION_MAX_LENGTH + 1))
    assert "description" in too_long.value.message_dict
    with pytest.raises(ValidationError) as no_alias:
        _anonymous(worker, area, alias="  ")
    assert "alias" in no_alias.value.message_dict
    assert not AnonymousPerson.objects.exists() and not Contact.objects.exists()


def test_bad_contact_input_writes_nothing(worker: User, area: Area) -> None:
    for field, value in [
        ("occurred_on", TODAY + datetime.timedelta(days=1)),
        ("place", "moon"),
        ("topics", ["gardening"]),
    ]:
        with pytest.raises(ValidationError) as error:
            _anonymous(worker, area, **{field: value})
        assert field in error.value.message_dict
    assert not AnonymousPerson.objects.exists() and not Contact.objects.exists()


def test_only_outreach_roles_record_contacts(department: Department, area: Area) -> None:
    caseworker = UserFactory.create(roles=["caseworker"], departments=[department])
    admin = UserFactory.create(roles=["administrator"], departments=[department])
    admin.is_superuser = True
    admin.save()
    assert not rules.can_record_contacts.test(caseworker)
    assert not rules.can_record_contacts.test(admin)
    for user in (caseworker, admin):
        with pytest.raises(PermissionDenied):
            _anonymous(user, area)


def test_a_second_contact_with_the_same_anonymous_person(worker: User, area: Area) -> None:
    first = _anonymous(worker, area)
    assert first.anonymous_person is not None
    earlier = TODAY - datetime.timedelta(days=10)
    services.anonymous_contact_record(
        actor=worker,
        anonymous_person_id=first.anonymous_person.pk,
        occurred_on=earlier,
        area=area,
        place="phone",
        topics=[],
    )
    person = AnonymousPerson.objects.get()
    assert person.contacts.count() == 2 and person.first_met_on == earlier


def test_another_department_cannot_use_the_anonymous_person(worker: User, area: Area) -> None:
    first = _anonymous(worker, area)
    assert first.anonymous_person is not None
    stranger = outreach_worker(DepartmentFactory.create(name="Andet sted"))
    with pytest.raises(Http404):
        services.anonymous_contact_record(
            actor=stranger,
            anonymous_person_id=first.anonymous_person.pk,
            occurred_on=TODAY,
            area=area,
            place="street",
            topics=[],
        )


# Identification ---------------------------------------------------------------------------


def test_identifying_moves_the_contacts_to_the_citizen_and_starts_the_caseload(
    worker: User, area: Area, citizen: Citizen
) -> None:
    first = _anonymous(worker, area, occurred_on=TODAY - datetime.timedelta(days=40))
    person = first.anonymous_person
    assert person is not None
    before = _log_count()
    services.anonymous_person_identify(
        actor=worker, anonymous_person_id=person.pk, citizen_id=citizen.pk
    )
    person.refresh_from_db()
    assert person.citizen_id == citizen.pk and person.identified_on == TODAY
    assert list(Contact.objects.values_list("citizen_id", flat=True)) == [citizen.pk]
    entry = CaseloadEntry.objects.get()
    assert (entry.worker, entry.citizen, entry.area) == (worker, citizen, area)
    assert entry.starts_on == TODAY - datetime.timedelta(days=40)
    caseload_link = CitizenLink.objects.get(source_type=services.CASELOAD_LINK)
    assert caseload_link.source_id == str(entry.pk)
    assert caseload_link.department_id == min(worker.department_ids)
    entries = list(AccessLogEntry.objects.order_by("id"))[before:]
    assert len(entries) == 1 and entries[0].citizen_id == citizen.pk
    with pytest.raises(ValidationError):
        services.anonymous_person_identify(
            actor=worker, anonymous_person_id=person.pk, citizen_id=citizen.pk
        )


def test_identifying_needs_a_citizen_the_worker_may_see(worker: User, area: Area) -> None:
    first = _anonymous(worker, area)
    assert first.anonymous_person is not None
    hidden = CitizenFactory.create()
    with pytest.raises(Http404):
        services.anonymous_person_identify(
            actor=worker, anonymous_person_id=first.anonymous_person.pk, citizen_id=hidden.pk
        )
    assert Contact.objects.get().citizen_id is None
    refused = AccessLogEntry.objects.get()
    assert not refused.granted


def test_identifying_by_cpr_finds_a_citizen_the_worker_did_not_see_and_registers_the_link(
    worker: User, area: Area
) -> None:
    """The person gives their CPR number: the citizen is found among all citizens (exactly,
    through the blind index), and identifying them starts the follow-up, whose link for the
    outreach department is registered through the one registration point."""
    first = _anonymous(worker, area, occurred_on=TODAY - datetime.timedelta(days=10))
    person = first.anonymous_person
    assert person is not None
    unseen = CitizenFactory.create()
    assert not citizens_visible_to(worker).filter(pk=unseen.pk).exists()
    before = _log_count()
    services.anonymous_person_identify(
        actor=worker, anonymous_person_id=person.pk, cpr_number=unseen.cpr
    )
    person.refresh_from_db()
    assert person.citizen_id == unseen.pk
    assert Contact.objects.get().citizen_id == unseen.pk
    entry = CaseloadEntry.objects.get()
    assert (entry.worker, entry.citizen, entry.starts_on) == (
        worker,
        unseen,
        TODAY - datetime.timedelta(days=10),
    )
    registered = CitizenLink.objects.get(citizen=unseen, source_type=services.CASELOAD_LINK)
    assert (registered.source_id, registered.department_id) == (
        str(entry.pk),
        min(worker.department_ids),
    )
    assert citizens_visible_to(worker).filter(pk=unseen.pk).exists()
    entries = list(AccessLogEntry.objects.order_by("id"))[before:]
    assert [(e.citizen_id, e.action, e.granted) for e in entries] == [
        (unseen.pk, AccessLogEntry.Action.UPDATE, True)
    ]


def test_identifying_by_an_unknown_cpr_number_writes_nothing(worker: User, area: Area) -> None:
    first = _anonymous(worker, area)
    assert first.anonymous_person is not None
    with pytest.raises(ValidationError):
        services.anonymous_person_identify(
            actor=worker, anonymous_person_id=first.anonymous_person.pk, cpr_number=new_cpr()
        )
    assert not CaseloadEntry.objects.exists() and not CitizenLink.objects.exists()
    assert Contact.objects.get().citizen_id is None


# Contacts with known citizens, caseloads ----------------------------------------------------


def test_a_contact_with_a_known_citizen_and_family_is_logged(
    worker: User, area: Area, citizen: Citizen
) -> None:
    family = Household.objects.create(name="Familien")
    HouseholdMember.objects.create(household=family, citizen=citizen)
    made = services.citizen_contact_record(
        actor=worker,
        citizen_id=citizen.pk,
        occurred_on=TODAY,
        area=area,
        place="home_visit",
        topics=["children"],
        household=family,
    )
    assert made.household == family and made.anonymous_person is None
    entry = AccessLogEntry.objects.get()
    assert (entry.citizen_id, entry.action, entry.object_type) == (
        citizen.pk,
        "create",
        "outreach.contact",
    )
    other_family = Household.objects.create(name="Andre")
    with pytest.raises(ValidationError) as error:
        services.citizen_contact_record(
            actor=worker,
            citizen_id=citizen.pk,
            occurred_on=TODAY,
            area=area,
            place="street",
            topics=[],
            household=other_family,
        )
    assert "household" in error.value.message_dict
    assert Contact.objects.count() == 1


def test_a_contact_with_a_citizen_outside_need_to_know_is_refused(worker: User, area: Area) -> None:
    hidden = CitizenFactory.create()
    with pytest.raises(Http404):
        services.citizen_contact_record(
            actor=worker,
            citizen_id=hidden.pk,
            occurred_on=TODAY,
            area=area,
            place="street",
            topics=[],
        )
    assert not Contact.objects.exists()


def test_a_team_caseload_gives_the_team_need_to_know_until_it_ends(
    department: Department, area: Area, citizen: Citizen
) -> None:
    team = TeamFactory.create(department=department, name="M-ACT-teamet", method="M-ACT")
    coordinator = UserFactory.create(roles=["coordinator"], departments=[department], teams=[team])
    colleague = UserFactory.create(roles=["coordinator"], teams=[team])
    assert not citizens_visible_to(colleague).filter(pk=citizen.pk).exists()
    entry = services.caseload_start(
        actor=coordinator, citizen_id=citizen.pk, area=area, starts_on=TODAY, team=team
    )
    assert entry.worker is None and entry.team == team and entry.department == department
    assert citizens_visible_to(colleague).filter(pk=citizen.pk).exists()
    services.caseload_end(
        actor=colleague, entry_id=entry.pk, ends_on=TODAY - datetime.timedelta(days=0)
    )
    link_row = CitizenLink.objects.get(source_type=services.CASELOAD_LINK)
    assert link_row.ends_on == TODAY
    with pytest.raises(ValidationError):
        services.caseload_end(actor=coordinator, entry_id=entry.pk, ends_on=TODAY)


def test_caseload_input_is_checked(worker: User, area: Area, citizen: Citizen) -> None:
    other_team = TeamFactory.create()
    with pytest.raises(ValidationError) as error:
        services.caseload_start(
            actor=worker, citizen_id=citizen.pk, area=area, starts_on=TODAY, team=other_team
        )
    assert "team" in error.value.message_dict
    with pytest.raises(ValidationError) as future:
        services.caseload_start(
            actor=worker,
            citizen_id=citizen.pk,
            area=area,
            starts_on=TODAY + datetime.timedelta(days=1),
        )
    assert "starts_on" in future.value.message_dict
    entry = services.caseload_start(actor=worker, citizen_id=citizen.pk, area=area, starts_on=TODAY)
    with pytest.raises(ValidationError) as before_start:
        services.caseload_end(
            actor=worker, entry_id=entry.pk, ends_on=TODAY - datetime.timedelta(days=1)
        )
    assert "ends_on" in before_start.value.message_dict
    stranger = outreach_worker(DepartmentFactory.create(name="Andetsteds"))
    link(citizen, min_department(stranger))
    with pytest.raises(Http404):
        services.caseload_end(actor=stranger, entry_id=entry.pk, ends_on=TODAY)
    assert CaseloadEntry.objects.count() == 1


def min_department(user: User) -> Department:
    return Department.objects.get(pk=min(user.department_ids))


# From a contact into casework --------------------------------------------------------------


@pytest.fixture
def authority_team() -> Team:
    return TeamFactory.create(
        department=DepartmentFactory.create(name="Socialafdeling myndighed"),
        name="Team grøn bølge",
    )


def _referral(worker: User, made: Contact, team: Team, **fields: object) -> ApplicationReferral:
    values: dict[str, object] = {
        "legal_basis": basis("85"),
        "applied_for": "Bostøtte",
        "reason": "Mødt på gaden; risikerer at miste boligen",
        "team": team,
    }
    values.update(fields)
    return services.referral_create(actor=worker, contact_id=made.pk, **values)  # type: ignore[arg-type]


def test_a_request_becomes_an_application_with_a_fast_track_request(
    worker: User, area: Area, citizen: Citizen, authority_team: Team
) -> None:
    made = contact(worker, area=area, citizen=citizen)
    team_leader = UserFactory.create(
        roles=["team_leader"], departments=[authority_team.department], teams=[authority_team]
    )
    assert not citizens_visible_to(team_leader).filter(pk=citizen.pk).exists()
    referral = _referral(worker, made, authority_team)
    assert citizens_visible_to(team_leader).filter(pk=citizen.pk).exists()
    assert AccessLogEntry.objects.filter(object_type="outreach.applicationreferral").count() == 1

    application = services.referral_register(actor=team_leader, referral_id=referral.pk)
    assert application.channel == Application.Channel.OUTREACH
    assert (application.team, application.legal_basis) == (authority_team, basis("85"))
    assert application.received_on == referral.requested_on
    assert application.deadline is not None
    request = FastTrackRequest.objects.get(application=application)
    assert request.requested_by == worker and request.reason == referral.reason
    referral.refresh_from_db()
    assert referral.application == application
    with pytest.raises(ValidationError):
        services.referral_register(actor=team_leader, referral_id=referral.pk)


def test_outreach_workers_cannot_register_the_application_themselves(
    worker: User, area: Area, citizen: Citizen, authority_team: Team
) -> None:
    referral = _referral(worker, contact(worker, area=area, citizen=citizen), authority_team)
    with pytest.raises(PermissionDenied):
        services.referral_register(actor=worker, referral_id=referral.pk)
    elsewhere = UserFactory.create(roles=["caseworker"], departments=[DepartmentFactory.create()])
    with pytest.raises(Http404):
        services.referral_register(actor=elsewhere, referral_id=referral.pk)
    assert not Application.objects.exists()


def test_a_request_needs_its_fields(
    worker: User, area: Area, citizen: Citizen, authority_team: Team
) -> None:
    made = contact(worker, area=area, citizen=citizen)
    for field in ("applied_for", "reason"):
        with pytest.raises(ValidationError) as error:
            _referral(worker, made, authority_team, **{field: " "})
        assert field in error.value.message_dict
    anonymous = contact(worker, area=area, person=anonymous_person(worker, area=area))
    with pytest.raises(Http404):
        _referral(worker, anonymous, authority_team)
    assert not ApplicationReferral.objects.exists()


def test_a_manager_moves_a_worker_and_sets_the_capacity(worker: User, area: Area) -> None:
    manager = UserFactory.create(roles=["manager"], departments=[DepartmentFactory.create()])
    profile = services.worker_place(actor=manager, worker_id=worker.pk, area=area, capacity=18)
    assert (profile.user, profile.area, profile.capacity) == (worker, area, 18)
    moved = services.worker_place(actor=manager, worker_id=worker.pk, area=None, capacity=12)
    assert moved.pk == profile.pk and moved.area is None
    with pytest.raises(ValidationError) as error:
        services.worker_place(actor=manager, worker_id=worker.pk, area=area, capacity=0)
    assert "capacity" in error.value.message_dict
    assert OutreachWorker.objects.get().capacity == 12
    with pytest.raises(PermissionDenied):
        services.worker_place(actor=worker, worker_id=worker.pk, area=area, capacity=10)
    assert not AccessLogEntry.objects.exists()


# The one write path -----------------------------------------------------------------------


def test_registering_a_request_logs_one_entry_by_the_registering_user(
    worker: User, area: Area, citizen: Citizen, authority_team: Team, access_log
) -> None:
    referral = _referral(worker, contact(worker, area=area, citizen=citizen), authority_team)
    caseworker = UserFactory.create(
        roles=["caseworker"], departments=[authority_team.department], teams=[authority_team]
    )
    access_log.reset()
    application = services.referral_register(actor=caseworker, referral_id=referral.pk)
    entries = access_log.new()
    assert [(e.actor_id, e.citizen_id, e.granted) for e in entries] == [
        (caseworker.pk, citizen.pk, True)
    ]
    assert (entries[0].object_type, entries[0].object_id) == (
        "casework.application",
        str(application.pk),
    )
    # The fast-track request is the outreach worker's, pending a team leader's decision.
    request = FastTrackRequest.objects.get(application=application)
    assert (request.requested_by, request.status) == (worker, FastTrackRequest.Status.PENDING)
    assert not CitizenLink.objects.filter(
        source_type=services.REFERRAL_LINK, ends_on__isnull=True
    ).exists()


def test_a_request_whose_outreach_worker_no_longer_follows_the_citizen_is_not_registered(
    worker: User, area: Area, citizen: Citizen, authority_team: Team
) -> None:
    referral = _referral(worker, contact(worker, area=area, citizen=citizen), authority_team)
    caseworker = UserFactory.create(
        roles=["caseworker"], departments=[authority_team.department], teams=[authority_team]
    )
    CitizenLink.objects.filter(department_id__in=worker.department_ids).update(
        ends_on=TODAY - datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError) as refused:
        services.referral_register(actor=caseworker, referral_id=referral.pk)
    assert refused.value.messages == [
        "Den opsøgende medarbejder, der anmodede, følger ikke længere borgeren."
    ]
    assert not Application.objects.exists() and not FastTrackRequest.objects.exists()
    referral.refresh_from_db()
    assert referral.application is None


def test_a_refused_registration_is_logged(
    worker: User, area: Area, citizen: Citizen, authority_team: Team, access_log
) -> None:
    referral = _referral(worker, contact(worker, area=area, citizen=citizen), authority_team)
    elsewhere = UserFactory.create(roles=["caseworker"], departments=[DepartmentFactory.create()])
    link(citizen, min_department(elsewhere))  # may see the citizen, not the other team's request
    access_log.reset()
    with pytest.raises(Http404):
        services.referral_register(actor=elsewhere, referral_id=referral.pk)
    assert [(e.citizen_id, e.granted) for e in access_log.new()] == [(citizen.pk, False)]
    access_log.reset()
    with pytest.raises(PermissionDenied):
        services.referral_register(actor=worker, referral_id=referral.pk)
    assert [(e.citizen_id, e.granted) for e in access_log.new()] == [(citizen.pk, False)]
    assert not Application.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_colleagues_register_the_same_request_at_the_same_moment() -> None:
    department = DepartmentFactory.create(name="Udfører")
    worker = outreach_worker(department)
    citizen = CitizenFactory.create()
    link(citizen, department)
    team = TeamFactory.create(department=DepartmentFactory.create(name="Myndighed"))
    referral = _referral(worker, contact(worker, citizen=citizen), team)
    first, second = (
        UserFactory.create(roles=["caseworker"], departments=[team.department], teams=[team])
        for _ in range(2)
    )
    results = race(
        lambda: services.referral_register(actor=first, referral_id=referral.pk),
        lambda: services.referral_register(actor=second, referral_id=referral.pk),
        hold_model=Application,
    )
    assert sorted(type(r).__name__ for r in results) == ["Application", "ValidationError"]
    assert Application.objects.count() == 1 and FastTrackRequest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_identify_the_same_person_at_the_same_moment() -> None:
    department = DepartmentFactory.create(name="Udfører")
    first, second = outreach_worker(department), outreach_worker(department)
    area = AreaFactory.create()
    person = _anonymous(first, area).anonymous_person
    assert person is not None
    one, other = CitizenFactory.create(), CitizenFactory.create()
    for made in (one, other):
        link(made, department)
    results = race(
        lambda: services.anonymous_person_identify(
            actor=first, anonymous_person_id=person.pk, citizen_id=one.pk
        ),
        lambda: services.anonymous_person_identify(
            actor=second, anonymous_person_id=person.pk, citizen_id=other.pk
        ),
        hold_model=AnonymousPerson,
    )
    assert sorted(type(r).__name__ for r in results) == ["AnonymousPerson", "ValidationError"]
    person.refresh_from_db()
    assert Contact.objects.get().citizen_id == person.citizen_id
    assert CaseloadEntry.objects.count() == 1
    updates = AccessLogEntry.objects.filter(action=AccessLogEntry.Action.UPDATE, granted=True)
    assert list(updates.values_list("citizen_id", flat=True)) == [person.citizen_id]


def test_a_contact_with_a_hidden_citizen_is_refused_and_logged(
    worker: User, area: Area, access_log
) -> None:
    hidden = CitizenFactory.create()
    with pytest.raises(Http404):
        services.citizen_contact_record(
            actor=worker,
            citizen_id=hidden.pk,
            occurred_on=TODAY,
            area=area,
            place="street",
            topics=[],
        )
    assert [(e.citizen_id, e.granted) for e in access_log.new()] == [(hidden.pk, False)]


def test_ending_someone_elses_follow_up_is_refused_and_logged(
    worker: User, area: Area, citizen: Citizen, access_log
) -> None:
    entry = services.caseload_start(actor=worker, citizen_id=citizen.pk, area=area, starts_on=TODAY)
    colleague = outreach_worker(min_department(worker))
    access_log.reset()
    with pytest.raises(Http404):
        services.caseload_end(actor=colleague, entry_id=entry.pk, ends_on=TODAY)
    entries = access_log.new()
    assert [(e.citizen_id, e.granted, e.object_type) for e in entries] == [
        (citizen.pk, False, "outreach.caseloadentry")
    ]
    entry.refresh_from_db()
    assert entry.ends_on is None


def test_an_anonymous_contact_after_identification_is_refused(
    worker: User, area: Area, citizen: Citizen
) -> None:
    person = _anonymous(worker, area).anonymous_person
    assert person is not None
    services.anonymous_person_identify(
        actor=worker, anonymous_person_id=person.pk, citizen_id=citizen.pk
    )
    with pytest.raises(ValidationError):
        services.anonymous_contact_record(
            actor=worker,
            anonymous_person_id=person.pk,
            occurred_on=TODAY,
            area=area,
            place="street",
            topics=[],
        )
    assert Contact.objects.count() == 1


def test_a_failure_after_the_application_is_raised_writes_and_logs_nothing(
    worker: User,
    area: Area,
    citizen: Citizen,
    authority_team: Team,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Registering a request is one compound write: casework's application_create writes
    the application and its entry inside it, and a failure after that rolls both back."""
    referral = _referral(worker, contact(worker, area=area, citizen=citizen), authority_team)
    caseworker = UserFactory.create(roles=["caseworker"], departments=[authority_team.department])
    before = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()

    def failing(**kwargs: object) -> None:
        raise ValidationError("Fejl")

    monkeypatch.setattr(services, "citizen_link_end", failing)
    with pytest.raises(ValidationError):
        services.referral_register(actor=caseworker, referral_id=referral.pk)
    assert not Application.objects.exists() and not FastTrackRequest.objects.exists()
    referral.refresh_from_db()
    assert referral.application_id is None
    assert not AccessLogEntry.objects.filter(id__gt=before).exists()
    monkeypatch.undo()
    application = services.referral_register(actor=caseworker, referral_id=referral.pk)
    logged = AccessLogEntry.objects.filter(id__gt=before)
    assert [(e.action, e.object_type, e.object_id) for e in logged] == [
        ("create", "casework.application", str(application.pk))
    ]


# The report's kept months --------------------------------------------------------------------


def test_recording_and_identifying_forget_the_reports_kept_months(
    worker: User, area: Area, citizen: Citizen
) -> None:
    """A back-dated contact or an identification changes ended months the report keeps: the
    next read counts them again. Rows loaded around the services leave the kept months as
    they were, which shows the figures are kept at all."""
    manager = UserFactory.create(roles=["manager"], departments=[DepartmentFactory.create()])
    last_month = add_months(TODAY.replace(day=1), -1)

    def last_months_row() -> tuple[int, int, int, int]:
        report = selectors.outreach_report(user=manager)
        index = report.months.index(last_month)
        row = report.persons[index]
        (counts,) = [c for a, c, _t in report.areas if a == area]
        return counts[index], row.new_known, row.new_anonymous, row.identified

    assert last_months_row() == (0, 0, 0, 0)
    contact(worker, citizen=citizen, area=area, occurred_on=last_month)
    assert last_months_row() == (0, 0, 0, 0)  # loaded around the services: still kept
    services.citizen_contact_record(
        actor=worker,
        citizen_id=citizen.pk,
        occurred_on=last_month + datetime.timedelta(days=2),
        area=area,
        place="street",
        topics=[],
    )
    assert last_months_row() == (2, 1, 0, 0)
    met = _anonymous(worker, area, occurred_on=last_month + datetime.timedelta(days=5))
    assert last_months_row() == (3, 1, 1, 0)
    assert met.anonymous_person is not None
    services.anonymous_person_identify(
        actor=worker, anonymous_person_id=met.anonymous_person.pk, citizen_id=citizen.pk
    )
    # Met anonymously now: no longer new as a known citizen, and counted as identified.
    assert last_months_row() == (3, 0, 1, 1)
