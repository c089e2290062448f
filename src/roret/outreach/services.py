"""Writes in outreach. Each use case is keyword-only, checks permission (and need-to-know
for a known citizen), writes in one transaction and logs one access-log entry when it
touches citizen data; invalid input raises ValidationError (keyed by form field) and
writes nothing. Anonymous persons are not citizen data: their contacts are not logged."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework.models import Application, LegalBasis
from roret.casework.services import application_create, fast_track_request
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
from roret.people.legacy import citizen_for_write, log_citizen_write
from roret.people.models import Citizen, Household
from roret.people.services import citizen_link_end, citizen_link_register

CASELOAD_LINK = "outreach.caseload"
# The responsible team sees the citizen from the request until it registers the application.
REFERRAL_LINK = "outreach.referral"
Action = AccessLogEntry.Action
# Ten digits, with or without the dash: refused in what describes an anonymous person.
CPR_LIKE = re.compile(r"\d{6}-?\d{4}")


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


def anonymous_person_for_write(actor: User, person_id: int) -> AnonymousPerson:
    """An anonymous person belongs to the department that met them."""
    if not can_record_contacts.test(actor):
        raise PermissionDenied
    person = (
        AnonymousPerson.objects.filter(pk=person_id, department_id__in=actor.department_ids)
        .select_related("area")
        .first()
    )
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
    if anonymous_person_id is not None:
        person = anonymous_person_for_write(actor, anonymous_person_id)
        if person.citizen_id is not None:
            raise ValidationError(
                _("The person has been identified: record the contact on the citizen.")
            )
    else:
        _check_description(alias, description)
        person = AnonymousPerson(
            alias=alias.strip(),
            description=description.strip(),
            area=area,
            first_met_on=occurred_on,
            department=department,
            created_by=actor,
        )
    with transaction.atomic():
        if person.pk is None:
            person.save()
        elif occurred_on < person.first_met_on:
            person.first_met_on = occurred_on
            person.save(update_fields=["first_met_on"])
        contact = Contact.objects.create(
            occurred_on=occurred_on,
            area=area,
            place=place,
            staff=actor,
            department=department,
            anonymous_person=person,
            topics=list(topics),
            next_step=next_step.strip(),
        )
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
    purpose = gettext_lazy("Recording an outreach contact")
    citizen = citizen_for_write(actor, citizen_id, can_record_contacts, purpose)
    department = _department_of(actor)
    _check_contact_fields(occurred_on=occurred_on, place=place, topics=topics)
    if household is not None and not household.members.filter(citizen=citizen).exists():
        raise ValidationError({"household": _("Choose a family the citizen belongs to.")})
    with transaction.atomic():
        contact = Contact.objects.create(
            occurred_on=occurred_on,
            area=area,
            place=place,
            staff=actor,
            department=department,
            citizen=citizen,
            household=household,
            topics=list(topics),
            next_step=next_step.strip(),
        )
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=contact
        )
    return contact


def _start_caseload(
    *,
    actor: User,
    citizen: Citizen,
    department: Department,
    area: Area,
    starts_on: datetime.date,
    team: Team | None,
    household: Household | None,
) -> CaseloadEntry:
    entry = CaseloadEntry.objects.create(
        worker=None if team else actor,
        team=team,
        department=department,
        area=area,
        citizen=citizen,
        household=household,
        starts_on=starts_on,
        created_by=actor,
    )
    citizen_link_register(
        citizen=citizen,
        department=department,
        team=team,
        source_type=CASELOAD_LINK,
        source_id=str(entry.pk),
        starts_on=min(starts_on, timezone.localdate()),
    )
    return entry


def anonymous_person_identify(
    *, actor: User, anonymous_person_id: int, citizen_id: int
) -> AnonymousPerson:
    """The person turns out to be a known citizen: their earlier contacts now belong to the
    citizen, and the worker follows the citizen (caseload) from the first meeting."""
    purpose = gettext_lazy("Identifying a person met by outreach")
    person = anonymous_person_for_write(actor, anonymous_person_id)
    if person.citizen_id is not None:
        raise ValidationError(_("The person has already been identified."))
    citizen = citizen_for_write(actor, citizen_id, can_record_contacts, purpose)
    department = _department_of(actor)
    today = timezone.localdate()
    with transaction.atomic():
        person.citizen = citizen
        person.identified_on = today
        person.save(update_fields=["citizen", "identified_on"])
        person.contacts.update(citizen=citizen)
        following = (
            CaseloadEntry.objects.active_in(today, today).filter(citizen=citizen, worker=actor)
        ).exists()
        if not following:
            _start_caseload(
                actor=actor,
                citizen=citizen,
                department=department,
                area=person.area,
                starts_on=person.first_met_on,
                team=None,
                household=None,
            )
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.UPDATE, purpose=purpose, obj=person
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
    purpose = gettext_lazy("Following a citizen in outreach")
    citizen = citizen_for_write(actor, citizen_id, can_record_contacts, purpose)
    if team is not None and team.pk not in actor.team_ids:
        raise ValidationError({"team": _("Choose one of your own teams.")})
    department = team.department if team is not None else _department_of(actor)
    if starts_on > timezone.localdate():
        raise ValidationError({"starts_on": _("The date cannot be in the future.")})
    if household is not None and not household.members.filter(citizen=citizen).exists():
        raise ValidationError({"household": _("Choose a family the citizen belongs to.")})
    with transaction.atomic():
        entry = _start_caseload(
            actor=actor,
            citizen=citizen,
            department=department,
            area=area,
            starts_on=starts_on,
            team=team,
            household=household,
        )
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=entry
        )
    return entry


def caseload_end(*, actor: User, entry_id: int, ends_on: datetime.date) -> CaseloadEntry:
    """End a follow-up: one's own, or one's team's."""
    purpose = gettext_lazy("Ending an outreach follow-up")
    entry = CaseloadEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    citizen = citizen_for_write(actor, entry.citizen_id, can_record_contacts, purpose)
    if entry.worker_id != actor.pk and entry.team_id not in actor.team_ids:
        raise Http404
    if entry.ends_on is not None:
        raise ValidationError(_("The follow-up has already ended."))
    if ends_on < entry.starts_on:
        raise ValidationError({"ends_on": _("The end date cannot be before the start date.")})
    with transaction.atomic():
        entry.ends_on = ends_on
        entry.save(update_fields=["ends_on"])
        citizen_link_end(source_type=CASELOAD_LINK, source_id=str(entry.pk), ends_on=ends_on)
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.UPDATE, purpose=purpose, obj=entry
        )
    return entry


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
    purpose = gettext_lazy("Requesting an application with fast track")
    contact = Contact.objects.filter(pk=contact_id, citizen__isnull=False).first()
    if contact is None or contact.citizen_id is None:
        raise Http404
    citizen = citizen_for_write(actor, contact.citizen_id, can_record_contacts, purpose)
    if not legal_basis.is_active:
        raise ValidationError({"legal_basis": _("This legal basis is no longer in use.")})
    if not team.is_active:
        raise ValidationError({"team": _("Choose an active team.")})
    if not applied_for.strip():
        raise ValidationError({"applied_for": _("Describe what the citizen applies for.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for fast track.")})
    today = timezone.localdate()
    with transaction.atomic():
        referral = ApplicationReferral.objects.create(
            contact=contact,
            citizen=citizen,
            legal_basis=legal_basis,
            applied_for=applied_for.strip(),
            reason=reason.strip(),
            team=team,
            requested_by=actor,
            requested_on=today,
        )
        citizen_link_register(
            citizen=citizen,
            department=team.department,
            team=team,
            source_type=REFERRAL_LINK,
            source_id=str(referral.pk),
            starts_on=today,
        )
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=referral
        )
    return referral


def referral_register(*, actor: User, referral_id: int) -> Application:
    """The responsible team registers the application the outreach worker asked for,
    through casework's own services and their checks: ``application_create`` by the
    registering caseworker or team leader, then ``fast_track_request`` in the name of the
    outreach worker, who made the request and gave the reason. A team leader then decides
    on fast track as for any request."""
    if not can_register_referrals.test(actor):
        raise PermissionDenied
    referral = (
        ApplicationReferral.objects.select_related("team", "legal_basis", "requested_by")
        .filter(pk=referral_id, team__department_id__in=actor.department_ids)
        .first()
    )
    if referral is None:
        raise Http404
    if referral.application_id is not None:
        raise ValidationError(_("The application has already been registered."))
    with transaction.atomic():
        application = application_create(
            actor=actor,
            citizen_id=referral.citizen_id,
            legal_basis=referral.legal_basis,
            received_on=referral.requested_on,
            channel=Application.Channel.OUTREACH,
            applied_for=referral.applied_for,
            team=referral.team,
        )
        try:
            fast_track_request(
                actor=referral.requested_by, application_id=application.pk, reason=referral.reason
            )
        except (Http404, PermissionDenied) as exc:
            raise ValidationError(
                _("The outreach worker who asked no longer follows the citizen.")
            ) from exc
        referral.application = application
        referral.save(update_fields=["application"])
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
    profile = OutreachWorker.objects.filter(user=worker).first() or OutreachWorker(user=worker)
    profile.area = area
    profile.capacity = capacity
    try:
        profile.full_clean(exclude=["user"], validate_unique=False)
    except ValidationError as exc:
        raise ValidationError(
            {"capacity": _("Give a capacity from 1 to 100 persons or families a year.")}
        ) from exc
    profile.save()
    return profile
