"""Writes in outreach. Each use case is keyword-only and checks permission itself. A write
about a known citizen goes through the one write path (``roret.people.writes``): role and
need-to-know decided (a refusal logged), the row locked where one is changed, model
validation and the limits, and one access-log entry in the same transaction. Invalid input
raises ValidationError (keyed by form field) and writes nothing.

Anonymous persons are not citizen data: their contacts are validated and saved
(``validated_save``) but not logged."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Min
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework.models import Application, FastTrackRequest, LegalBasis
from roret.casework.rules import can_request_fast_track
from roret.casework.services import application_create
from roret.core import kept
from roret.organisation.models import Area, Department, Team
from roret.outreach.models import (
    DESCRIPTION_MAX_LENGTH,
    AnonymousPerson,
    ApplicationReferral,
    CaseloadEntry,
    Contact,
    OutreachWorker,
    Topic,
)
from roret.outreach.rules import can_place_workers, can_record_contacts, can_register_referrals
from roret.people import cpr
from roret.people.access import may_see
from roret.people.models import Citizen, Household
from roret.people.services import citizen_link_end, citizen_link_register
from roret.people.writes import (
    CitizenWrite,
    Rows,
    citizen_write,
    validated_save,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CASELOAD_LINK = "outreach.caseload"
# The responsible team sees the citizen from the request until it registers the application.
REFERRAL_LINK = "outreach.referral"
REFERRAL_OBJECT = "outreach.applicationreferral"
Action = AccessLogEntry.Action
# Ten digits, with or without the dash: refused in what describes an anonymous person.
CPR_LIKE = re.compile(r"\d{6}-?\d{4}")

# The outreach report's kept months (roret.core.kept), forgotten from the date of each
# contact or person recorded or identified here. The requests raised and the fast-track
# comparison are counted apart from them (the comparison is kept with the processing
# report), because casework's fast-track decisions change them.
OUTREACH_REPORT = "outreach.report"


def _department_of(actor: User) -> Department:
    department_id = next(iter(sorted(actor.department_ids)), None)
    if department_id is None:
        raise PermissionDenied
    return Department.objects.get(pk=department_id)


def _check_contact_fields(*, occurred_on: datetime.date, place: str, topics: list[str]) -> None:
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
    if place not in Contact.Place.values:
        raise ValidationError({"place": _("Choose where the contact took place.")})
    if set(topics) - set(Topic.values):
        raise ValidationError({"topics": _("Choose topics from the list.")})


def _check_description(alias: str, description: str) -> None:
    for field, value in (("alias", alias), ("description", description)):
        if CPR_LIKE.search(value):
            raise ValidationError(
                {field: _("Do not write a CPR number about an anonymous person.")}
            )
    if not alias.strip():
        raise ValidationError({"alias": _("Give an alias you will recognise the person by.")})
    if len(description.strip()) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError(
            {
                "description": _("Keep the description short: at most %(n)s characters.")
                % {"n": DESCRIPTION_MAX_LENGTH}
            }
        )


@contextmanager
def _about_citizen(
    actor: User, citizen_id: int, household: Household | None, purpose: StrOrPromise
) -> Iterator[CitizenWrite]:
    """An outreach write about a citizen or their family: the family must be the citizen's."""
    with citizen_write(
        actor=actor, citizen_id=citizen_id, predicate=can_record_contacts, purpose=purpose
    ) as write:
        if household is not None and not household.members.filter(citizen=write.citizen).exists():
            raise ValidationError({"household": _("Choose a family the citizen belongs to.")})
        yield write


def _anonymous_person(actor: User, person_id: int, *, lock: bool = False) -> AnonymousPerson:
    """An anonymous person belongs to the department that met them. ``lock`` (inside a
    transaction) holds the row, so that a contact and an identification do not interleave."""
    if not can_record_contacts.test(actor):
        raise PermissionDenied
    persons = AnonymousPerson.objects.filter(pk=person_id, department_id__in=actor.department_ids)
    if lock:
        persons = persons.select_for_update(of=("self",))
    person = persons.select_related("area").first()
    if person is None:
        raise Http404
    return person


def anonymous_contact_record(
    *,
    actor: User,
    occurred_on: datetime.date,
    area: Area,
    place: str,
    topics: list[str],
    next_step: str = "",
    alias: str = "",
    description: str = "",
    anonymous_person_id: int | None = None,
) -> Contact:
    """A contact with someone not (yet) known: a new anonymous person described by an alias
    and a short description, or one met before (``anonymous_person_id``)."""
    if not can_record_contacts.test(actor):
        raise PermissionDenied
    department = _department_of(actor)
    _check_contact_fields(occurred_on=occurred_on, place=place, topics=topics)
    if anonymous_person_id is None:
        _check_description(alias, description)
    else:
        _anonymous_person(actor, anonymous_person_id)  # refused before anything is validated
    with transaction.atomic():
        if anonymous_person_id is None:
            person = AnonymousPerson(
                alias=alias.strip(),
                description=description.strip(),
                area=area,
                first_met_on=occurred_on,
                department=department,
                created_by=actor,
            )
            validated_save(person)
        else:
            # Locked: an identification at the same moment either comes first (and this
            # contact is refused) or waits, and then moves this contact to the citizen too.
            person = _anonymous_person(actor, anonymous_person_id, lock=True)
            if person.citizen_id is not None:
                raise ValidationError(
                    _("The person has been identified: record the contact on the citizen.")
                )
            if occurred_on < person.first_met_on:
                person.first_met_on = occurred_on
                validated_save(person, update_fields=["first_met_on"])
        contact = Contact(
            occurred_on=occurred_on,
            area=area,
            place=place,
            staff=actor,
            department=department,
            anonymous_person=person,
            topics=list(topics),
            next_step=next_step.strip(),
        )
        validated_save(contact)
        kept.forget(report=OUTREACH_REPORT, since=occurred_on)
    return contact


def citizen_contact_record(
    *,
    actor: User,
    citizen_id: int,
    occurred_on: datetime.date,
    area: Area,
    place: str,
    topics: list[str],
    next_step: str = "",
    household: Household | None = None,
) -> Contact:
    """A contact with a known citizen (or their family), under need-to-know."""
    _check_contact_fields(occurred_on=occurred_on, place=place, topics=topics)
    purpose = gettext_lazy("Recording an outreach contact")
    with _about_citizen(actor, citizen_id, household, purpose) as write:
        contact = Contact(
            occurred_on=occurred_on,
            area=area,
            place=place,
            staff=actor,
            department=_department_of(actor),
            citizen=write.citizen,
            household=household,
            topics=list(topics),
            next_step=next_step.strip(),
        )
        write.save(contact)
        kept.forget(report=OUTREACH_REPORT, since=occurred_on)
    return contact


def _start_caseload(
    write: CitizenWrite,
    *,
    department: Department,
    area: Area,
    starts_on: datetime.date,
    team: Team | None,
    household: Household | None,
) -> CaseloadEntry:
    """A follow-up inside a citizen's write; the department (or team) gets a link for it."""
    entry = CaseloadEntry(
        worker=None if team else write.actor,
        team=team,
        department=department,
        area=area,
        citizen=write.citizen,
        household=household,
        starts_on=starts_on,
        created_by=write.actor,
    )
    write.save(entry)
    citizen_link_register(
        citizen=write.citizen,
        department=department,
        team=team,
        source_type=CASELOAD_LINK,
        source_id=str(entry.pk),
        starts_on=min(starts_on, timezone.localdate()),
    )
    return entry


def citizen_by_cpr(number: str) -> int | None:
    """The citizen with this CPR number, among all citizens: an exact match through the
    blind index, never a browse. Raises a Danish ValidationError for an impossible number."""
    facts = cpr.parse(number)
    found = Citizen.objects.filter(cpr_index=cpr.blind_index(facts.number))
    return found.values_list("pk", flat=True).first()


def anonymous_person_identify(
    *,
    actor: User,
    anonymous_person_id: int,
    citizen_id: int | None = None,
    cpr_number: str | None = None,
) -> AnonymousPerson:
    """The person turns out to be a known citizen: their earlier contacts now belong to the
    citizen, and the worker follows the citizen (caseload) from the first meeting.

    The citizen is one the worker may see (``citizen_id``, found by name), or the one with
    the CPR number the person gave (``cpr_number``), whom the worker may not see yet: the
    person in front of them is the reason to know. Then the follow-up, and with it the
    department's link (``citizen_link_register``, the one registration point), is
    registered first, in the same transaction as the identification."""
    person = _anonymous_person(actor, anonymous_person_id)
    if person.citizen_id is not None:
        raise ValidationError(_("The person has already been identified."))
    if cpr_number is not None:
        citizen_id = citizen_by_cpr(cpr_number)
        if citizen_id is None:
            raise ValidationError(_("No citizen has this CPR number."))
    if citizen_id is None:
        raise ValidationError(_("Find and choose the citizen first."))
    today = timezone.localdate()
    registers_link = cpr_number is not None and not may_see(actor, citizen_id)
    with transaction.atomic() if registers_link else nullcontext():
        if registers_link:
            entry = CaseloadEntry(
                worker=actor,
                department=_department_of(actor),
                area=person.area,
                citizen_id=citizen_id,
                starts_on=person.first_met_on,
                created_by=actor,
            )
            validated_save(entry)
            citizen_link_register(
                citizen=entry.citizen,
                department=entry.department,
                source_type=CASELOAD_LINK,
                source_id=str(entry.pk),
                starts_on=min(entry.starts_on, today),
            )
        return _identify(actor, anonymous_person_id, citizen_id, today)


def _identify(
    actor: User, anonymous_person_id: int, citizen_id: int, today: datetime.date
) -> AnonymousPerson:
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_record_contacts,
        purpose=gettext_lazy("Identifying a person met by outreach"),
        action=Action.UPDATE,
    ) as write:
        # Locked and read again: two workers identifying the same person at the same moment
        # (or a contact recorded meanwhile) do not interleave.
        person = _anonymous_person(actor, anonymous_person_id, lock=True)
        if person.citizen_id is not None:
            raise ValidationError(_("The person has already been identified."))
        person.citizen = write.citizen
        person.identified_on = today
        write.save(person, update_fields=["citizen", "identified_on"])
        person.contacts.update(citizen=write.citizen)
        # The citizen now counts as met anonymously: no month of their contacts as a known
        # citizen counts them as new any more.
        first_known = Contact.objects.filter(citizen=write.citizen).aggregate(
            first=Min("occurred_on")
        )["first"]
        kept.forget(
            report=OUTREACH_REPORT, since=min(filter(None, [person.first_met_on, first_known]))
        )
        following = (
            CaseloadEntry.objects.active_in(today, today)
            .filter(citizen=write.citizen, worker=actor)
            .exists()
        )
        if not following:
            _start_caseload(
                write,
                department=_department_of(actor),
                area=person.area,
                starts_on=person.first_met_on,
                team=None,
                household=None,
            )
    return person


def caseload_start(
    *,
    actor: User,
    citizen_id: int,
    area: Area,
    starts_on: datetime.date,
    team: Team | None = None,
    household: Household | None = None,
) -> CaseloadEntry:
    """Start following a citizen or their family, alone or as a team (M-ACT). The worker's
    department (or the team) gets a need-to-know link for as long as the follow-up lasts."""
    if team is not None and team.pk not in actor.team_ids:
        raise ValidationError({"team": _("Choose one of your own teams.")})
    if starts_on > timezone.localdate():
        raise ValidationError({"starts_on": _("The date cannot be in the future.")})
    purpose = gettext_lazy("Following a citizen in outreach")
    with _about_citizen(actor, citizen_id, household, purpose) as write:
        entry = _start_caseload(
            write,
            department=team.department if team is not None else _department_of(actor),
            area=area,
            starts_on=starts_on,
            team=team,
            household=household,
        )
    return entry


# A follow-up is ended by its worker or the worker's team.
_CASELOAD = Rows(
    CaseloadEntry.objects.all,
    can_record_contacts,
    allowed=lambda actor, entry: entry.worker_id == actor.pk or entry.team_id in actor.team_ids,
)


def caseload_end(*, actor: User, entry_id: int, ends_on: datetime.date) -> CaseloadEntry:
    """End a follow-up: one's own, or one's team's."""
    purpose = gettext_lazy("Ending an outreach follow-up")
    with _CASELOAD.write(actor, entry_id, purpose) as write:
        entry = write.row
        if entry.ends_on is not None:
            raise ValidationError(_("The follow-up has already ended."))
        if ends_on < entry.starts_on:
            raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
        entry.ends_on = ends_on
        write.save(entry, update_fields=["ends_on"])
        citizen_link_end(source_type=CASELOAD_LINK, source_id=str(entry.pk), ends_on=ends_on)
    return entry


# A contact with an anonymous person names no citizen: refused as not found.
_KNOWN_CONTACTS = Rows(lambda: Contact.objects.filter(citizen__isnull=False), can_record_contacts)


def referral_create(
    *,
    actor: User,
    contact_id: int,
    legal_basis: LegalBasis,
    applied_for: str,
    reason: str,
    team: Team,
) -> ApplicationReferral:
    """From a contact with a known citizen: ask the responsible team to register an
    application with fast track. The team sees the citizen from now on (need-to-know)."""
    if not legal_basis.is_active:
        raise ValidationError({"legal_basis": _("This legal basis is no longer in use.")})
    if not team.is_active:
        raise ValidationError({"team": _("Choose an active team.")})
    if not applied_for.strip():
        raise ValidationError({"applied_for": _("Describe what the citizen applies for.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for fast track.")})
    today = timezone.localdate()
    purpose = gettext_lazy("Requesting an application with fast track")
    with _KNOWN_CONTACTS.write(actor, contact_id, purpose, action=Action.CREATE) as write:
        referral = ApplicationReferral(
            contact=write.row,
            citizen=write.citizen,
            legal_basis=legal_basis,
            applied_for=applied_for.strip(),
            reason=reason.strip(),
            team=team,
            requested_by=actor,
            requested_on=today,
        )
        write.save(referral)
        citizen_link_register(
            citizen=write.citizen,
            department=team.department,
            team=team,
            source_type=REFERRAL_LINK,
            source_id=str(referral.pk),
            starts_on=today,
        )
    return referral


# A request is registered by the responsible team's department.
_REFERRALS = Rows(
    lambda: ApplicationReferral.objects.select_related("team", "legal_basis", "requested_by"),
    can_register_referrals,
    allowed=lambda actor, referral: referral.team.department_id in actor.department_ids,
)


def referral_register(*, actor: User, referral_id: int) -> Application:
    """The responsible team registers the application the outreach worker asked for, with
    casework's ``application_create`` (its checks, its deadline, its link, and the one
    access-log entry of the request), and the fast-track request in the name of the
    outreach worker, who made the request and gave the reason. A team leader then decides
    on fast track as for any request.

    The fast-track request is recorded here rather than through casework's
    ``fast_track_request``, which would log a second entry, in the outreach worker's name,
    for an access they did not make; its checks are made here: the outreach worker still
    has the role and a reason to know the citizen, and the new application is open."""
    # Role and need-to-know before anything else, a refusal logged; the request locked, so
    # that two colleagues registering it at once make one application. The entry of the
    # request is application_create's.
    purpose = gettext_lazy("Registering an application requested by outreach")
    with _REFERRALS.write(actor, referral_id, purpose, action=Action.CREATE, nested=True) as write:
        referral = write.row
        citizen_id = referral.citizen_id
        if referral.application_id is not None:
            raise ValidationError(_("The application has already been registered."))
        requester = referral.requested_by
        if not (can_request_fast_track.test(requester) and may_see(requester, citizen_id)):
            raise ValidationError(_("The outreach worker who asked no longer follows the citizen."))
        application = application_create(
            actor=actor,
            citizen_id=citizen_id,
            legal_basis=referral.legal_basis,
            received_on=referral.requested_on,
            channel=Application.Channel.OUTREACH,
            applied_for=referral.applied_for,
            team=referral.team,
        )
        validated_save(
            FastTrackRequest(
                application=application, reason=referral.reason, requested_by=requester
            )
        )
        referral.application = application
        validated_save(referral, update_fields=["application"])
        citizen_link_end(
            source_type=REFERRAL_LINK,
            source_id=str(referral.pk),
            ends_on=timezone.localdate(),
        )
    return application


def worker_place(
    *, actor: User, worker_id: int, area: Area | None, capacity: int
) -> OutreachWorker:
    """Move an outreach worker to an area and set their capacity (persons or families a
    year). Organisation data, not citizen data: no access-log entry."""
    if not can_place_workers.test(actor):
        raise PermissionDenied
    worker = User.objects.filter(pk=worker_id, is_active=True).first()
    if worker is None:
        raise Http404
    if not 1 <= capacity <= 100:
        raise ValidationError(
            {"capacity": _("Give a capacity from 1 to 100 persons or families a year.")}
        )
    with transaction.atomic():
        profile = OutreachWorker.objects.select_for_update().filter(
            user=worker
        ).first() or OutreachWorker(user=worker)
        profile.area = area
        profile.capacity = capacity
        validated_save(profile, exclude=["user"])
    return profile
