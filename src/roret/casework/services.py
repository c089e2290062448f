"""Writes in casework. Each use case is keyword-only, checks permission and need-to-know,
writes in one transaction and logs exactly one access-log entry; invalid input raises
ValidationError (keyed by form field) and writes nothing."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.casework.models import Application, FastTrackRequest, LegalBasis, ProcessingStandard
from roret.casework.rules import (
    can_decide_fast_track,
    can_handle_applications,
    can_request_fast_track,
)
from roret.organisation.models import Team
from roret.people.access import citizens_visible_to, log_citizen_access, log_citizen_write
from roret.people.models import Citizen
from roret.people.services import citizen_link_end, citizen_link_register

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


APPLICATION_LINK = "casework.application"
APPLICATION_OBJECT = "casework.application"
# Caseworkers follow up on a decision (complaints, reassessment, the plan): the link that
# gives the department access lasts this long after the decision or withdrawal.
LINK_AFTER_DECISION = datetime.timedelta(days=365)
Action = AccessLogEntry.Action


def _refuse(actor: User, citizen_id: int | None, purpose: StrOrPromise, object_id: str) -> None:
    log_citizen_access(
        actor=actor,
        citizen_id=citizen_id,
        action=Action.UPDATE,
        purpose=purpose,
        access_department_id=next(iter(sorted(actor.department_ids)), None),
        object_type=APPLICATION_OBJECT,
        object_id=object_id,
        granted=False,
    )


def _visible_citizen(actor: User, citizen_id: int) -> Citizen | None:
    return citizens_visible_to(actor).filter(pk=citizen_id).first()


def _application_for_write(
    actor: User,
    application_id: int,
    *,
    allowed: bool,
    purpose: StrOrPromise,
    own_department: bool = True,
) -> tuple[Application, Citizen]:
    """The application and its citizen, when the actor may act on it; a refusal is logged
    outside the write's transaction and answers 403 (no role) or 404 (no reason to know)."""
    application = (
        Application.objects.select_related("legal_basis", "team").filter(pk=application_id).first()
    )
    citizen = _visible_citizen(actor, application.citizen_id) if application and allowed else None
    if (
        application is not None
        and citizen is not None
        and own_department
        and application.department_id not in actor.department_ids
    ):
        citizen = None
    if application is None or citizen is None:
        _refuse(
            actor, application.citizen_id if application else None, purpose, str(application_id)
        )
        if allowed:
            raise Http404
        raise PermissionDenied
    return application, citizen


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def standard_on(legal_basis: LegalBasis, day: datetime.date) -> ProcessingStandard | None:
    return (
        ProcessingStandard.objects.valid_on(day)
        .filter(legal_basis=legal_basis)
        .order_by("-valid_from")
        .first()
    )


def application_create(
    *,
    actor: User,
    citizen_id: int,
    legal_basis: LegalBasis,
    received_on: datetime.date,
    channel: str,
    applied_for: str,
    team: Team,
    own_initiative: bool = False,
) -> Application:
    """Register an application; the deadline is computed now, from the standard valid on the
    day of receipt, and the responsible department and team are linked to the citizen."""
    purpose = gettext_lazy("Registering an application")
    allowed = bool(can_handle_applications.test(actor))
    citizen = _visible_citizen(actor, citizen_id) if allowed else None
    if citizen is None:
        exists = Citizen.objects.filter(pk=citizen_id).exists()
        _refuse(actor, citizen_id if exists else None, purpose, "")
        if allowed:
            raise Http404
        raise PermissionDenied
    if team.department_id not in actor.department_ids:
        raise ValidationError({"team": _("Choose a team in your own department.")})
    if not legal_basis.is_active:
        raise ValidationError({"legal_basis": _("This legal basis is no longer in use.")})
    if channel not in Application.Channel.values:
        raise ValidationError({"channel": _("Choose who the application came from.")})
    if not applied_for.strip():
        raise ValidationError({"applied_for": _("Describe what the citizen applies for.")})
    _not_in_future(received_on, "received_on")
    standard = None if own_initiative else standard_on(legal_basis, received_on)
    application = Application(
        citizen=citizen,
        legal_basis=legal_basis,
        received_on=received_on,
        channel=channel,
        applied_for=applied_for.strip(),
        own_initiative=own_initiative,
        department_id=team.department_id,
        team=team,
        caseworker=actor,
        standard=standard,
        deadline=standard.deadline_for(received_on) if standard else None,
        created_by=actor,
    )
    with transaction.atomic():
        application.save()
        citizen_link_register(
            citizen=citizen,
            department=team.department,
            team=team,
            source_type=APPLICATION_LINK,
            source_id=str(application.pk),
            starts_on=min(received_on, timezone.localdate()),
        )
        log_citizen_write(
            actor=actor,
            citizen=citizen,
            action=Action.CREATE,
            purpose=purpose,
            obj=application,
        )
    return application


def application_start_assessment(*, actor: User, application_id: int) -> Application:
    purpose = gettext_lazy("Assessing an application")
    application, citizen = _application_for_write(
        actor, application_id, allowed=bool(can_handle_applications.test(actor)), purpose=purpose
    )
    if application.status != Application.Status.RECEIVED:
        raise ValidationError(_("Only a received application can be taken into assessment."))
    with transaction.atomic():
        application.status = Application.Status.ASSESSING
        if application.caseworker_id is None:
            application.caseworker = actor
        application.save(update_fields=["status", "caseworker", "updated_at"])
        log_citizen_write(
            actor=actor,
            citizen=citizen,
            action=Action.UPDATE,
            purpose=purpose,
            obj=application,
        )
    return application


def application_decide(
    *,
    actor: User,
    application_id: int,
    outcome: str,
    decided_on: datetime.date,
    decision_text: str,
) -> Application:
    """Record the decision (or the withdrawal). The department keeps access for a year after
    it, to follow up; then the link ends."""
    purpose = gettext_lazy("Deciding an application")
    application, citizen = _application_for_write(
        actor, application_id, allowed=bool(can_handle_applications.test(actor)), purpose=purpose
    )
    if not application.is_open:
        raise ValidationError(_("The application has already been decided or withdrawn."))
    if outcome not in Application.CLOSED:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    if decided_on < application.received_on:
        raise ValidationError(
            {"decided_on": _("The decision date cannot be before the application was received.")}
        )
    _not_in_future(decided_on, "decided_on")
    if outcome in Application.DECIDED and not decision_text.strip():
        raise ValidationError({"decision_text": _("Write the decision.")})
    with transaction.atomic():
        application.status = outcome
        application.decided_on = decided_on
        application.decision_text = decision_text.strip()
        application.save(update_fields=["status", "decided_on", "decision_text", "updated_at"])
        FastTrackRequest.objects.filter(
            application=application, status=FastTrackRequest.Status.PENDING
        ).update(status=FastTrackRequest.Status.REJECTED, decided_at=timezone.now())
        citizen_link_end(
            source_type=APPLICATION_LINK,
            source_id=str(application.pk),
            ends_on=decided_on + LINK_AFTER_DECISION,
        )
        log_citizen_write(
            actor=actor,
            citizen=citizen,
            action=Action.UPDATE,
            purpose=purpose,
            obj=application,
        )
    return application


def application_record_notice(
    *,
    actor: User,
    application_id: int,
    notice_sent_on: datetime.date,
    expected_decision_on: datetime.date,
) -> Application:
    """The written notice that the deadline will be missed, with the expected decision date."""
    purpose = gettext_lazy("Recording a notice of a later decision")
    application, citizen = _application_for_write(
        actor, application_id, allowed=bool(can_handle_applications.test(actor)), purpose=purpose
    )
    if not application.is_open:
        raise ValidationError(_("The application has already been decided or withdrawn."))
    if application.deadline is None:
        raise ValidationError(_("The application has no deadline, so no notice is needed."))
    if notice_sent_on < application.received_on:
        raise ValidationError(
            {"notice_sent_on": _("The notice cannot be sent before the application was received.")}
        )
    _not_in_future(notice_sent_on, "notice_sent_on")
    if expected_decision_on < notice_sent_on:
        raise ValidationError(
            {"expected_decision_on": _("The expected decision date must be after the notice.")}
        )
    with transaction.atomic():
        application.notice_sent_on = notice_sent_on
        application.expected_decision_on = expected_decision_on
        application.save(update_fields=["notice_sent_on", "expected_decision_on", "updated_at"])
        log_citizen_write(
            actor=actor,
            citizen=citizen,
            action=Action.UPDATE,
            purpose=purpose,
            obj=application,
        )
    return application


def fast_track_request(*, actor: User, application_id: int, reason: str) -> FastTrackRequest:
    purpose = gettext_lazy("Requesting fast track")
    application, citizen = _application_for_write(
        actor,
        application_id,
        allowed=bool(can_request_fast_track.test(actor)),
        purpose=purpose,
        own_department=False,
    )
    if not application.is_open:
        raise ValidationError(_("The application has already been decided or withdrawn."))
    if application.fast_track:
        raise ValidationError(_("The application is already on fast track."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for fast track.")})
    duplicate = ValidationError(_("Fast track has already been requested for this application."))
    if application.fast_track_requests.filter(status=FastTrackRequest.Status.PENDING).exists():
        raise duplicate
    try:
        with transaction.atomic():
            request = FastTrackRequest.objects.create(
                application=application, reason=reason.strip(), requested_by=actor
            )
            log_citizen_write(
                actor=actor,
                citizen=citizen,
                action=Action.CREATE,
                purpose=purpose,
                obj=application,
            )
    except IntegrityError as exc:
        # Two requests at the same moment: the partial unique index decides.
        raise duplicate from exc
    return request


def fast_track_decide(*, actor: User, request_id: int, approve: bool) -> FastTrackRequest:
    """A team leader in the responsible department approves or rejects; approval puts the
    application first in every queue."""
    purpose = gettext_lazy("Deciding on fast track")
    request = FastTrackRequest.objects.filter(pk=request_id).first()
    if request is None:
        raise Http404
    application, citizen = _application_for_write(
        actor,
        request.application_id,
        allowed=bool(can_decide_fast_track.test(actor)),
        purpose=purpose,
    )
    with transaction.atomic():
        request = FastTrackRequest.objects.select_for_update().get(pk=request_id)
        if request.status != FastTrackRequest.Status.PENDING:
            raise ValidationError(_("The request has already been decided."))
        if not application.is_open:
            raise ValidationError(_("The application has already been decided or withdrawn."))
        request.status = (
            FastTrackRequest.Status.APPROVED if approve else FastTrackRequest.Status.REJECTED
        )
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
        if approve:
            application.fast_track = True
            application.save(update_fields=["fast_track", "updated_at"])
        log_citizen_write(
            actor=actor,
            citizen=citizen,
            action=Action.UPDATE,
            purpose=purpose,
            obj=application,
        )
    return request
