"""Writes to offers. Each use case is keyword-only, checks permission with a rules predicate
and need-to-know, writes in one transaction and logs exactly one access-log entry; invalid
input raises ValidationError and writes nothing.

A referral gives the offer's department a need-to-know link (``offers.referral``) so the
provider can read the intake queue; an enrolment shows in the citizen's plan as one mirrored
intervention (``plans.services.intervention_mirror``), which carries the provider's link
while the enrolment runs."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework.models import LegalBasis
from roret.offers.models import (
    Attendance,
    CounsellingTally,
    CourseModule,
    CourseRun,
    CourseSession,
    Enrolment,
    Offer,
    Participant,
    Referral,
)
from roret.offers.rules import can_provide, can_refer, provides_offer
from roret.organisation.models import Partner
from roret.people.access import log_citizen_access
from roret.people.legacy import citizen_for_write, log_citizen_write
from roret.people.models import Citizen
from roret.people.services import citizen_link_end, citizen_link_register
from roret.plans.models import Intervention
from roret.plans.services import intervention_mirror

Action = AccessLogEntry.Action


def _full_clean(instance: Any, exclude: list[str] | None = None) -> None:
    instance.full_clean(exclude=exclude, validate_unique=False)


def _check_provider(actor: User, offer: Offer) -> None:
    """Only staff of the offer's own department run it: 403 without the role, 404 with the
    role in another department (the offer's records are not theirs to know of)."""
    if not can_provide.test(actor):
        raise PermissionDenied
    if not provides_offer.test(actor, offer):
        raise Http404


def _mirror(actor: User, enrolment: Enrolment, citizen: Citizen) -> Intervention:
    offer = enrolment.offer
    # Active from acceptance, even before the first day: the provider already holds the
    # citizen, and nothing would turn a "planned" mirror active on the start date.
    status = Intervention.Status.ENDED if enrolment.ends_on else Intervention.Status.ACTIVE
    end_reason = ""
    if enrolment.ends_on is not None:
        # The plan keeps the reason in Danish, as it is shown to every reader.
        with override("da"):
            end_reason = str(enrolment.get_end_reason_display())
            if enrolment.next_legal_basis is not None:
                end_reason = f"{end_reason}: {enrolment.next_legal_basis}"
    return intervention_mirror(
        actor=actor,
        citizen=citizen,
        source_type=Enrolment.MIRROR_SOURCE_TYPE,
        source_id=str(enrolment.pk),
        description=offer.name,
        starts_on=enrolment.starts_on,
        status=status,
        department=offer.department,
        team=offer.team,
        partner=offer.partner,
        legal_basis=offer.legal_basis,
        ends_on=enrolment.ends_on,
        end_reason=end_reason,
    )


def referral_create(*, actor: User, citizen_id: int, offer_id: int, reason: str) -> Referral:
    """Refer a citizen to an offer run by a department; the department's intake queue shows
    it and the department may see the citizen while the referral is open."""
    purpose = gettext_lazy("Referring the citizen to an offer")
    if not can_refer.test(actor):
        raise PermissionDenied
    today = timezone.localdate()
    offer = (
        Offer.objects.select_related("department", "team")
        .filter(pk=offer_id, department__isnull=False)
        .first()
    )
    if offer is None:
        raise ValidationError({"offer": _("Choose an offer from the catalogue.")})
    if offer.active_from > today or (offer.active_to and offer.active_to < today):
        raise ValidationError({"offer": _("The offer is not open for referrals now.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the referral.")})
    citizen = citizen_for_write(actor, citizen_id, can_refer, purpose)
    if Referral.objects.filter(
        citizen=citizen, offer=offer, status=Referral.Status.PENDING
    ).exists():
        raise ValidationError(
            {"offer": _("The citizen already has a referral to this offer awaiting an answer.")}
        )
    access_department = getattr(citizen, "access_department_id", None)
    department_id = (
        access_department
        if access_department in actor.department_ids
        else min(actor.department_ids)
    )
    referral = Referral(
        citizen=citizen,
        offer=offer,
        reason=reason.strip(),
        referred_by=actor,
        referring_department_id=department_id,
        referred_on=today,
    )
    _full_clean(referral, exclude=["referred_by", "referring_department"])
    with transaction.atomic():
        referral.save()
        citizen_link_register(
            citizen=citizen,
            department=offer.department,  # type: ignore[arg-type]
            team=offer.team,
            source_type=Referral.LINK_SOURCE_TYPE,
            source_id=str(referral.pk),
            starts_on=today,
        )
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=referral
        )
    return referral


def _pending_referral(actor: User, referral_id: int) -> Referral:
    referral = (
        Referral.objects.select_related("offer__department", "offer__team", "offer__legal_basis")
        .filter(pk=referral_id)
        .first()
    )
    if referral is None:
        raise Http404
    _check_provider(actor, referral.offer)
    return referral


def referral_accept(
    *,
    actor: User,
    referral_id: int,
    starts_on: datetime.date,
    planned_end_on: datetime.date | None = None,
    course_run_id: int | None = None,
) -> Enrolment:
    """Accept a referral: the citizen is enrolled (and shown in the plan), optionally as a
    participant of a course run of the offer."""
    purpose = gettext_lazy("Accepting a referral to an offer")
    referral = _pending_referral(actor, referral_id)
    citizen = citizen_for_write(actor, referral.citizen_id, can_provide, purpose)
    if referral.status != Referral.Status.PENDING:
        raise ValidationError(_("The referral has already been answered."))
    offer = referral.offer
    course_run = None
    if course_run_id is not None:
        course_run = CourseRun.objects.filter(pk=course_run_id, offer=offer).first()
        if course_run is None:
            raise ValidationError({"course_run": _("Choose a course run of this offer.")})
    enrolment = Enrolment(
        citizen=citizen,
        offer=offer,
        referral=referral,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        max_end_on=offer.max_end(starts_on),
        created_by=actor,
    )
    _full_clean(enrolment, exclude=["created_by", "referral"])
    if enrolment.max_end_on and planned_end_on and planned_end_on > enrolment.max_end_on:
        raise ValidationError(
            {
                "planned_end_on": _("The offer lasts at most %(months)s months.")
                % {"months": offer.max_duration_months}
            }
        )
    today = timezone.localdate()
    with transaction.atomic():
        referral.status = Referral.Status.ACCEPTED
        referral.decided_by = actor
        referral.decided_on = today
        referral.save()
        enrolment.save()
        if course_run is not None:
            Participant.objects.create(course_run=course_run, enrolment=enrolment)
        _mirror(actor, enrolment, citizen)
        # The active intervention now carries the provider's reason to see the citizen.
        citizen_link_end(
            source_type=Referral.LINK_SOURCE_TYPE, source_id=str(referral.pk), ends_on=today
        )
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=enrolment
        )
    return enrolment


def referral_decline(*, actor: User, referral_id: int, reason: str) -> Referral:
    purpose = gettext_lazy("Declining a referral to an offer")
    referral = _pending_referral(actor, referral_id)
    citizen = citizen_for_write(actor, referral.citizen_id, can_provide, purpose)
    if referral.status != Referral.Status.PENDING:
        raise ValidationError(_("The referral has already been answered."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    today = timezone.localdate()
    referral.status = Referral.Status.DECLINED
    referral.decline_reason = reason.strip()
    referral.decided_by = actor
    referral.decided_on = today
    with transaction.atomic():
        referral.save()
        citizen_link_end(
            source_type=Referral.LINK_SOURCE_TYPE, source_id=str(referral.pk), ends_on=today
        )
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.UPDATE, purpose=purpose, obj=referral
        )
    return referral


def enrolment_end(
    *,
    actor: User,
    enrolment_id: int,
    ends_on: datetime.date,
    end_reason: str,
    next_legal_basis: LegalBasis | None = None,
) -> Enrolment:
    """End an enrolment with its reason; the plan's intervention ends with it."""
    purpose = gettext_lazy("Ending an enrolment")
    enrolment = (
        Enrolment.objects.select_related("offer__department", "offer__team", "offer__legal_basis")
        .filter(pk=enrolment_id)
        .first()
    )
    if enrolment is None:
        raise Http404
    _check_provider(actor, enrolment.offer)
    citizen = citizen_for_write(actor, enrolment.citizen_id, can_provide, purpose)
    if enrolment.ends_on is not None:
        raise ValidationError(_("The enrolment has already ended."))
    if ends_on > timezone.localdate():
        raise ValidationError({"ends_on": _("An enrolment cannot end in the future.")})
    enrolment.ends_on = ends_on
    enrolment.end_reason = end_reason
    enrolment.next_legal_basis = next_legal_basis
    _full_clean(enrolment, exclude=["created_by", "referral"])
    with transaction.atomic():
        enrolment.save()
        _mirror(actor, enrolment, citizen)
        if enrolment.referral_id:
            citizen_link_end(
                source_type=Referral.LINK_SOURCE_TYPE,
                source_id=str(enrolment.referral_id),
                ends_on=ends_on,
            )
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.UPDATE, purpose=purpose, obj=enrolment
        )
    return enrolment


def participant_add(*, actor: User, course_run_id: int, enrolment_id: int) -> Participant:
    purpose = gettext_lazy("Adding a participant to a course run")
    course_run = (
        CourseRun.objects.select_related("offer__department").filter(pk=course_run_id).first()
    )
    if course_run is None:
        raise Http404
    _check_provider(actor, course_run.offer)
    enrolment = Enrolment.objects.filter(
        pk=enrolment_id, offer_id=course_run.offer_id, ends_on__isnull=True
    ).first()
    if enrolment is None:
        raise ValidationError({"enrolment": _("Choose a running enrolment in this offer.")})
    citizen = citizen_for_write(actor, enrolment.citizen_id, can_provide, purpose)
    if Participant.objects.filter(course_run=course_run, enrolment=enrolment).exists():
        raise ValidationError({"enrolment": _("The citizen already takes part in this run.")})
    with transaction.atomic():
        participant = Participant.objects.create(course_run=course_run, enrolment=enrolment)
        log_citizen_write(
            actor=actor, citizen=citizen, action=Action.CREATE, purpose=purpose, obj=participant
        )
    return participant


def attendance_register(
    *,
    actor: User,
    session_id: int,
    statuses: Mapping[int, str],
    guidance_note: str = "",
) -> CourseSession:
    """Save the whole session at once: one status per participant and the guidance note.

    The entry names the session rather than one citizen: the screen is about the group."""
    purpose = gettext_lazy("Registering attendance at a course session")
    session = (
        CourseSession.objects.select_related("course_run__offer__department")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    offer = session.course_run.offer
    _check_provider(actor, offer)
    participants = set(
        Participant.objects.filter(course_run_id=session.course_run_id).values_list("pk", flat=True)
    )
    if set(statuses) - participants:
        raise ValidationError(_("Register attendance only for the participants of the run."))
    valid = set(Attendance.Status.values)
    if any(status not in valid for status in statuses.values()):
        raise ValidationError(_("Choose present, absent or cancelled."))
    existing = {a.participant_id: a for a in Attendance.objects.filter(session=session)}
    changed, new = [], []
    for participant_id, status in statuses.items():
        row = existing.get(participant_id)
        if row is None:
            new.append(Attendance(session=session, participant_id=participant_id, status=status))
        elif row.status != status:
            row.status = status
            changed.append(row)
    session.guidance_note = guidance_note.strip()
    with transaction.atomic():
        Attendance.objects.bulk_create(new)
        Attendance.objects.bulk_update(changed, ["status"])
        session.save(update_fields=["guidance_note"])
        log_citizen_access(
            actor=actor,
            citizen_id=None,
            action=Action.UPDATE,
            purpose=purpose,
            access_department_id=offer.department_id,
            object_type="offers.coursesession",
            object_id=str(session.pk),
        )
    return session


def counselling_tallies_record(
    *, actor: User, offer_id: int, held_on: datetime.date, counts: Mapping[str, int]
) -> list[CounsellingTally]:
    """Record (or correct) the counts of one open-counselling session. No citizen data, so
    no access-log entry: the tally cannot say who came."""
    offer = Offer.objects.filter(pk=offer_id).first()
    if offer is None:
        raise Http404
    _check_provider(actor, offer)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A session cannot be dated in the future.")})
    valid = set(CounsellingTally.Topic.values)
    if any(topic not in valid for topic in counts) or any(n < 0 for n in counts.values()):
        raise ValidationError(_("Give a number of zero or more for each topic."))
    result = []
    with transaction.atomic():
        for topic, count in counts.items():
            if count == 0:
                CounsellingTally.objects.filter(offer=offer, held_on=held_on, topic=topic).delete()
                continue
            tally, _created = CounsellingTally.objects.update_or_create(
                offer=offer, held_on=held_on, topic=topic, defaults={"count": count}
            )
            result.append(tally)
    return result


def course_run_create(
    *,
    actor: User,
    offer_id: int,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    place: str = "",
    themes: list[str] | tuple[str, ...] = (),
) -> CourseRun:
    """A new run of a group course with its modules in order. No citizen data: no entry in
    the access log."""
    offer = Offer.objects.filter(pk=offer_id).first()
    if offer is None:
        raise ValidationError({"offer": _("Choose an offer from the catalogue.")})
    _check_provider(actor, offer)
    run = CourseRun(
        offer=offer, name=name.strip(), starts_on=starts_on, ends_on=ends_on, place=place.strip()
    )
    _full_clean(run)
    latest = offer.max_end(starts_on)
    if latest is not None and ends_on > latest:
        raise ValidationError(
            {
                "ends_on": _("The offer lasts at most %(months)s months.")
                % {"months": offer.max_duration_months}
            }
        )
    clean_themes = [theme.strip()[:200] for theme in themes if theme.strip()]
    with transaction.atomic():
        run.save()
        CourseModule.objects.bulk_create(
            CourseModule(course_run=run, order=order, theme=theme)
            for order, theme in enumerate(clean_themes, start=1)
        )
    return run


def session_create(
    *,
    actor: User,
    course_run_id: int,
    date: datetime.date,
    starts_at: datetime.time,
    ends_at: datetime.time,
    module_id: int | None = None,
    place: str = "",
    facilitator_ids: list[int] | tuple[int, ...] = (),
    partner_ids: list[int] | tuple[int, ...] = (),
) -> CourseSession:
    course_run = CourseRun.objects.select_related("offer").filter(pk=course_run_id).first()
    if course_run is None:
        raise Http404
    _check_provider(actor, course_run.offer)
    if not course_run.starts_on <= date <= course_run.ends_on:
        raise ValidationError({"date": _("The session must lie within the course run.")})
    module = None
    if module_id is not None:
        module = CourseModule.objects.filter(pk=module_id, course_run=course_run).first()
        if module is None:
            raise ValidationError({"module": _("Choose a module of this course run.")})
    session = CourseSession(
        course_run=course_run,
        module=module,
        date=date,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip() or course_run.place,
    )
    _full_clean(session)
    facilitators = User.objects.filter(
        pk__in=facilitator_ids, departments=course_run.offer.department_id, is_active=True
    )
    if len(set(facilitator_ids)) != facilitators.count():
        raise ValidationError({"facilitators": _("Choose staff of the offer's department.")})
    partners = Partner.objects.filter(pk__in=partner_ids, is_active=True)
    if len(set(partner_ids)) != partners.count():
        raise ValidationError({"volunteer_partners": _("Choose active partner organisations.")})
    with transaction.atomic():
        session.save()
        session.facilitators.set(facilitators)
        session.volunteer_partners.set(partners)
    return session
