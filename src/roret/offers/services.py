"""Writes to offers. Each use case is keyword-only and checks permission itself; a write
about a citizen runs inside ``roret.people.writes`` (``citizen_write`` for new rows,
``object_write`` for a change to a referral or an enrolment, which locks the row, refuses a
stale version and re-checks its state on the locked row) and logs exactly one access-log
entry per citizen in the same transaction; invalid input raises ValidationError and writes
nothing.

A referral gives the offer's department a need-to-know link (``offers.referral``) so the
provider can read the intake queue; an enrolment shows in the citizen's plan as one mirrored
intervention (``plans.services.intervention_mirror``), which carries the provider's link
while the enrolment runs."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework.models import LegalBasis
from roret.core import kept
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
from roret.people.models import Citizen
from roret.people.services import citizen_link_end, citizen_link_register
from roret.people.writes import Rows, citizen_write, compound_write, validated_save
from roret.plans.models import Intervention
from roret.plans.services import intervention_mirror

Action = AccessLogEntry.Action

REFERRAL_PURPOSE = gettext_lazy("Referring the citizen to an offer")
ACCEPT_PURPOSE = gettext_lazy("Accepting a referral to an offer")
DECLINE_PURPOSE = gettext_lazy("Declining a referral to an offer")
END_PURPOSE = gettext_lazy("Ending an enrolment")
PARTICIPANT_PURPOSE = gettext_lazy("Adding a participant to a course run")
ATTENDANCE_PURPOSE = gettext_lazy("Registering attendance at a course session")
# The outcome report's § 85 trend keeps its ended months (roret.core.kept): an enrolment
# started or ended on a day forgets that month and the later ones.
SEL85_TREND_REPORT = "offers.sel85_trend"
# The outcome report's ended months (roret.core.kept): referrals by the day referred,
# enrolments by the days they ran; forgotten from the date each write concerns.
OUTCOME_REPORT = "offers.outcome"


def _forget(since: datetime.date) -> None:
    """The kept months of the offers' reports from ``since`` on (inside the write)."""
    kept.forget(report=SEL85_TREND_REPORT, since=since)
    kept.forget(report=OUTCOME_REPORT, since=since)


def _check_provider(actor: User, offer: Offer) -> None:
    """Only staff of the offer's own department run it: 403 without the role, 404 with the
    role in another department (the offer's records are not theirs to know of). For the
    offer's own rows (runs, sessions, tallies), which name no citizen."""
    if not can_provide.test(actor):
        raise PermissionDenied
    if not provides_offer.test(actor, offer):
        raise Http404


# A referral or an enrolment is written by the provider: the offer is the actor's
# department's. A refusal is logged like a missing reason to know.
_REFERRALS = Rows(
    lambda: Referral.objects.select_related(
        "offer__department", "offer__team", "offer__legal_basis"
    ),
    can_provide,
    allowed=lambda actor, referral: bool(provides_offer.test(actor, referral.offer)),
)
_ENROLMENTS = Rows(
    lambda: Enrolment.objects.select_related(
        "offer__department", "offer__team", "offer__legal_basis", "offer__partner"
    ),
    can_provide,
    allowed=lambda actor, enrolment: bool(provides_offer.test(actor, enrolment.offer)),
)


def _still_pending(referral: Referral) -> None:
    if referral.status != Referral.Status.PENDING:
        raise ValidationError(_("The referral has already been answered."))


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
    # The citizen's row is locked, so that two referrals sent at once cannot both pass the
    # check for one awaiting an answer.
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_refer,
        purpose=REFERRAL_PURPOSE,
        lock=True,
    ) as write:
        citizen = write.citizen
        if Referral.objects.filter(
            citizen=citizen, offer=offer, status=Referral.Status.PENDING
        ).exists():
            raise ValidationError(
                {"offer": _("The citizen already has a referral to this offer awaiting an answer.")}
            )
        access_department = write.access.department_id
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
        write.save(referral)
        kept.forget(report=OUTCOME_REPORT, since=today)
        citizen_link_register(
            citizen=citizen,
            department=offer.department,  # type: ignore[arg-type]
            team=offer.team,
            source_type=Referral.LINK_SOURCE_TYPE,
            source_id=str(referral.pk),
            starts_on=today,
        )
    return referral


def referral_accept(
    *,
    actor: User,
    referral_id: int,
    starts_on: datetime.date,
    planned_end_on: datetime.date | None = None,
    course_run_id: int | None = None,
    version: int | None = None,
) -> Enrolment:
    """Accept a referral: the citizen is enrolled (and shown in the plan), optionally as a
    participant of a course run of the offer. The referral is locked: a referral answered
    meanwhile (by a colleague, or from another page) is refused and nothing is written.

    The entry names the referral, the row the answer changes, so that a colleague's page
    read before the answer can say who answered it."""
    today = timezone.localdate()
    with _REFERRALS.write(actor, referral_id, ACCEPT_PURPOSE, version) as write:
        referral = write.row
        _still_pending(referral)
        offer = referral.offer
        course_run = None
        if course_run_id is not None:
            course_run = CourseRun.objects.filter(pk=course_run_id, offer=offer).first()
            if course_run is None:
                raise ValidationError({"course_run": _("Choose a course run of this offer.")})
        enrolment = Enrolment(
            citizen=write.citizen,
            offer=offer,
            referral=referral,
            starts_on=starts_on,
            planned_end_on=planned_end_on,
            max_end_on=offer.max_end(starts_on),
            created_by=actor,
        )
        if enrolment.max_end_on and planned_end_on and planned_end_on > enrolment.max_end_on:
            raise ValidationError(
                {
                    "planned_end_on": _("The offer lasts at most %(months)s months.")
                    % {"months": offer.max_duration_months}
                }
            )
        referral.status = Referral.Status.ACCEPTED
        referral.decided_by = actor
        referral.decided_on = today
        write.save(referral, update_fields=["status", "decided_by", "decided_on"])
        write.save(enrolment)
        _forget(min(starts_on, referral.referred_on))
        if course_run is not None:
            write.save(Participant(course_run=course_run, enrolment=enrolment))
        _mirror(actor, enrolment, write.citizen)
        # The active intervention now carries the provider's reason to see the citizen.
        citizen_link_end(
            source_type=Referral.LINK_SOURCE_TYPE, source_id=str(referral.pk), ends_on=today
        )
    return enrolment


def referral_decline(
    *, actor: User, referral_id: int, reason: str, version: int | None = None
) -> Referral:
    """Decline a referral with the reason the referrer reads; the referral's link ends."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    today = timezone.localdate()
    with _REFERRALS.write(actor, referral_id, DECLINE_PURPOSE, version) as write:
        referral = write.row
        _still_pending(referral)
        referral.status = Referral.Status.DECLINED
        referral.decline_reason = reason.strip()
        referral.decided_by = actor
        referral.decided_on = today
        write.save(referral, update_fields=["status", "decline_reason", "decided_by", "decided_on"])
        kept.forget(report=OUTCOME_REPORT, since=referral.referred_on)
        citizen_link_end(
            source_type=Referral.LINK_SOURCE_TYPE, source_id=str(referral.pk), ends_on=today
        )
    return referral


def enrolment_end(
    *,
    actor: User,
    enrolment_id: int,
    ends_on: datetime.date,
    end_reason: str,
    next_legal_basis: LegalBasis | None = None,
    version: int | None = None,
) -> Enrolment:
    """End an enrolment with its reason; the plan's intervention ends with it. The enrolment
    is locked: one ended meanwhile is refused and nothing is written."""
    if ends_on > timezone.localdate():
        raise ValidationError({"ends_on": _("An enrolment cannot end in the future.")})
    with _ENROLMENTS.write(actor, enrolment_id, END_PURPOSE, version) as write:
        enrolment = write.row
        if enrolment.ends_on is not None:
            raise ValidationError(_("The enrolment has already ended."))
        enrolment.ends_on = ends_on
        enrolment.end_reason = end_reason
        enrolment.next_legal_basis = next_legal_basis
        write.save(enrolment, update_fields=["ends_on", "end_reason", "next_legal_basis"])
        _forget(ends_on)
        _mirror(actor, enrolment, write.citizen)
        if enrolment.referral_id:
            citizen_link_end(
                source_type=Referral.LINK_SOURCE_TYPE,
                source_id=str(enrolment.referral_id),
                ends_on=ends_on,
            )
    return enrolment


def participant_add(*, actor: User, course_run_id: int, enrolment_id: int | None) -> Participant:
    """Put a citizen with a running enrolment in the offer on a course run. The enrolment is
    locked, so the same citizen added twice at once is added once."""
    course_run = (
        CourseRun.objects.select_related("offer__department").filter(pk=course_run_id).first()
    )
    if course_run is None:
        raise Http404
    _check_provider(actor, course_run.offer)
    choose = ValidationError({"enrolment": _("Choose a running enrolment in this offer.")})
    if (
        enrolment_id is None
        or not Enrolment.objects.filter(pk=enrolment_id, offer_id=course_run.offer_id).exists()
    ):
        raise choose
    with _ENROLMENTS.write(actor, enrolment_id, PARTICIPANT_PURPOSE, action=Action.CREATE) as write:
        enrolment = write.row
        if enrolment.ends_on is not None:
            raise choose
        if Participant.objects.filter(course_run=course_run, enrolment=enrolment).exists():
            raise ValidationError({"enrolment": _("The citizen already takes part in this run.")})
        participant = Participant(course_run=course_run, enrolment=enrolment)
        write.save(participant)
    return participant


def _attendance_refusal(session: CourseSession, participant: Participant) -> str | None:
    """Why the citizen cannot have attended the session, or None: the session lies before
    their enrolment started or after it ended."""
    enrolment = participant.enrolment
    name = enrolment.citizen.full_name
    if session.date < enrolment.starts_on:
        return _("%(name)s: the enrolment starts on %(date)s, after this session.") % {
            "name": name,
            "date": date_format(enrolment.starts_on, "j. F Y"),
        }
    if enrolment.ends_on is not None and session.date > enrolment.ends_on:
        return _("%(name)s: the enrolment ended on %(date)s, before this session.") % {
            "name": name,
            "date": date_format(enrolment.ends_on, "j. F Y"),
        }
    return None


def attendance_register(
    *,
    actor: User,
    session_id: int,
    statuses: Mapping[int, str],
    guidance_note: str = "",
) -> CourseSession:
    """Save the whole session at once: one status per participant and the guidance note.

    Each participant's attendance is that citizen's data: every row written is one write
    about its citizen (``citizen_write``) with its own entry, so that the citizen finds it
    in their own log. Rows that did not change are neither written nor logged; the guidance
    note belongs to the session (the group), not to one citizen. Attendance is refused for
    a session in the future, and for a citizen whose enrolment had not started or had
    already ended on the session's date."""
    session = (
        CourseSession.objects.select_related("course_run__offer__department")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404
    _check_provider(actor, session.course_run.offer)
    if session.date > timezone.localdate():
        raise ValidationError(_("Attendance cannot be registered for a session in the future."))
    participants = {
        p.pk: p
        for p in Participant.objects.filter(
            course_run_id=session.course_run_id, pk__in=list(statuses)
        ).select_related("enrolment__citizen")
    }
    if set(statuses) - set(participants):
        raise ValidationError(_("Register attendance only for the participants of the run."))
    valid = set(Attendance.Status.values)
    if any(status not in valid for status in statuses.values()):
        raise ValidationError(_("Choose present, absent or cancelled."))
    existing = {a.participant_id: a for a in Attendance.objects.filter(session=session)}
    writes: list[tuple[int, Attendance]] = []
    refusals: list[str] = []
    for participant_id, status in statuses.items():
        participant = participants[participant_id]
        row = existing.get(participant_id)
        if row is not None and row.status == status:
            continue
        refusal = _attendance_refusal(session, participant)
        if refusal is not None:
            refusals.append(refusal)
            continue
        if row is None:
            row = Attendance(session=session, participant=participant)
        row.status = status
        writes.append((participant.enrolment.citizen_id, row))
    if refusals:
        raise ValidationError(refusals)
    session.guidance_note = guidance_note.strip()
    try:
        # One save of the session: the citizens' writes (each logging its own entry) and
        # the note commit or roll back together.
        with compound_write(
            actor=actor,
            citizen_ids={citizen_id for citizen_id, _row in writes},
            predicate=can_provide,
            object_type=Attendance._meta.label_lower,
        ):
            for citizen_id, row in writes:
                with citizen_write(
                    actor=actor,
                    citizen_id=citizen_id,
                    predicate=can_provide,
                    purpose=ATTENDANCE_PURPOSE,
                    action=Action.CREATE if row.pk is None else Action.UPDATE,
                ) as write:
                    write.save(row)
            validated_save(session, update_fields=["guidance_note"])
    except IntegrityError as exc:
        # A colleague saved the same session at the same moment: the unique constraint
        # decides, and this save changes nothing.
        raise ValidationError(
            _("A colleague saved the attendance at the same time. Check it and save again.")
        ) from exc
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
        saved = {
            tally.topic: tally
            for tally in CounsellingTally.objects.select_for_update().filter(
                offer=offer, held_on=held_on
            )
        }
        for topic, count in counts.items():
            tally = saved.get(topic)
            if count == 0:
                if tally is not None:
                    tally.delete()
                continue
            if tally is None:
                tally = CounsellingTally(offer=offer, held_on=held_on, topic=topic)
            tally.count = count
            validated_save(tally)
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
        validated_save(run)
        for order, theme in enumerate(clean_themes, start=1):
            validated_save(CourseModule(course_run=run, order=order, theme=theme))
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
    facilitators = User.objects.filter(
        pk__in=facilitator_ids, departments=course_run.offer.department_id, is_active=True
    )
    if len(set(facilitator_ids)) != facilitators.count():
        raise ValidationError({"facilitators": _("Choose staff of the offer's department.")})
    partners = Partner.objects.filter(pk__in=partner_ids, is_active=True)
    if len(set(partner_ids)) != partners.count():
        raise ValidationError({"volunteer_partners": _("Choose active partner organisations.")})
    with transaction.atomic():
        validated_save(session)
        session.facilitators.set(facilitators)
        session.volunteer_partners.set(partners)
    return session
