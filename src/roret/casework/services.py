"""Writes in casework. Each use case is keyword-only, checks permission and need-to-know,
writes in one transaction and logs exactly one access-log entry; invalid input raises
ValidationError (keyed by form field) and writes nothing."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError
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
from roret.core import kept
from roret.organisation.models import Team
from roret.people.services import citizen_link_end, citizen_link_register
from roret.people.writes import Rows, citizen_write

if TYPE_CHECKING:
    pass


APPLICATION_LINK = "casework.application"
APPLICATION_OBJECT = "casework.application"
# The processing-time report's kept months (roret.core.kept), forgotten from a decision's date.
PROCESSING_REPORT = "casework.processing"
# Caseworkers follow up on a decision (complaints, reassessment, the plan): the link that
# gives the department access lasts this long after the decision or withdrawal.
LINK_AFTER_DECISION = datetime.timedelta(days=365)
Action = AccessLogEntry.Action


# An application is handled by its own department.
_APPLICATIONS = Rows(
    lambda: Application.objects.select_related("legal_basis", "team", "citizen"),
    can_handle_applications,
    allowed=lambda actor, application: application.department_id in actor.department_ids,
)


def _still_open(application: Application) -> None:
    if not application.is_open:
        raise ValidationError(_("The application has already been decided or withdrawn."))


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _not_before_receipt(
    application: Application, day: datetime.date, field: str, message: str
) -> None:
    if day < application.received_on:
        raise ValidationError({field: message})


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
    with citizen_write(
        actor=actor,
        citizen_id=citizen_id,
        predicate=can_handle_applications,
        purpose=gettext_lazy("Registering an application"),
    ) as write:
        application = Application(
            citizen=write.access.citizen,
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
        write.save(application)
        citizen_link_register(
            citizen=write.access.citizen,
            department=team.department,
            team=team,
            source_type=APPLICATION_LINK,
            source_id=str(application.pk),
            starts_on=min(received_on, timezone.localdate()),
        )
    return application


def application_start_assessment(
    *, actor: User, application_id: int, version: int | None = None
) -> Application:
    with _APPLICATIONS.write(
        actor, application_id, gettext_lazy("Assessing an application"), version
    ) as write:
        application = write.row
        if application.status != Application.Status.RECEIVED:
            raise ValidationError(_("Only a received application can be taken into assessment."))
        application.status = Application.Status.ASSESSING
        if application.caseworker_id is None:
            application.caseworker = actor
        write.save(application, update_fields=["status", "caseworker"])
    return application


def application_decide(
    *,
    actor: User,
    application_id: int,
    outcome: str,
    decided_on: datetime.date,
    decision_text: str,
    version: int | None = None,
) -> Application:
    """Record the decision (or the withdrawal). The department keeps access for a year after
    it, to follow up; then the link ends."""
    if outcome not in Application.CLOSED:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    _not_in_future(decided_on, "decided_on")
    if outcome in Application.DECIDED and not decision_text.strip():
        raise ValidationError({"decision_text": _("Write the decision.")})
    with _APPLICATIONS.write(
        actor, application_id, gettext_lazy("Deciding an application"), version
    ) as write:
        application = write.row
        _still_open(application)
        _not_before_receipt(
            application,
            decided_on,
            "decided_on",
            _("The decision date cannot be before the application was received."),
        )
        application.status = outcome
        application.decided_on = decided_on
        application.decision_text = decision_text.strip()
        write.save(application, update_fields=["status", "decided_on", "decision_text"])
        kept.forget(report=PROCESSING_REPORT, since=decided_on)
        FastTrackRequest.objects.filter(
            application=application, status=FastTrackRequest.Status.PENDING
        ).update(status=FastTrackRequest.Status.REJECTED, decided_at=timezone.now())
        citizen_link_end(
            source_type=APPLICATION_LINK,
            source_id=str(application.pk),
            ends_on=decided_on + LINK_AFTER_DECISION,
        )
    return application


def application_record_notice(
    *,
    actor: User,
    application_id: int,
    notice_sent_on: datetime.date,
    expected_decision_on: datetime.date,
    version: int | None = None,
) -> Application:
    """The written notice that the deadline will be missed, with the expected decision date."""
    _not_in_future(notice_sent_on, "notice_sent_on")
    if expected_decision_on < notice_sent_on:
        raise ValidationError(
            {"expected_decision_on": _("The expected decision date must be after the notice.")}
        )
    with _APPLICATIONS.write(
        actor, application_id, gettext_lazy("Recording a notice of a later decision"), version
    ) as write:
        application = write.row
        _still_open(application)
        if application.deadline is None:
            raise ValidationError(_("The application has no deadline, so no notice is needed."))
        _not_before_receipt(
            application,
            notice_sent_on,
            "notice_sent_on",
            _("The notice cannot be sent before the application was received."),
        )
        application.notice_sent_on = notice_sent_on
        application.expected_decision_on = expected_decision_on
        write.save(application, update_fields=["notice_sent_on", "expected_decision_on"])
    return application


def fast_track_request(
    *, actor: User, application_id: int, reason: str, version: int | None = None
) -> FastTrackRequest:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for fast track.")})
    duplicate = ValidationError(_("Fast track has already been requested for this application."))
    try:
        with _APPLICATIONS.write(
            actor,
            application_id,
            gettext_lazy("Requesting fast track"),
            predicate=can_request_fast_track,
            action=Action.CREATE,
            allowed=False,
        ) as write:
            application = write.row
            _still_open(application)
            if application.fast_track:
                raise ValidationError(_("The application is already on fast track."))
            if application.fast_track_requests.filter(
                status=FastTrackRequest.Status.PENDING
            ).exists():
                raise duplicate
            request = FastTrackRequest.objects.create(
                application=application, reason=reason.strip(), requested_by=actor
            )
            write.names(application)
    except IntegrityError as exc:
        # Two requests at the same moment: the partial unique index decides.
        raise duplicate from exc
    return request


def fast_track_decide(
    *, actor: User, request_id: int, approve: bool, version: int | None = None
) -> FastTrackRequest:
    """A team leader in the responsible department approves or rejects; approval puts the
    application first in every queue."""
    application_id = (
        FastTrackRequest.objects.filter(pk=request_id)
        .values_list("application_id", flat=True)
        .first()
    )
    with _APPLICATIONS.write(
        actor,
        application_id or 0,
        gettext_lazy("Deciding on fast track"),
        version,
        predicate=can_decide_fast_track,
    ) as write:
        application = write.row
        request = FastTrackRequest.objects.select_for_update().filter(pk=request_id).first()
        if request is None:
            raise Http404
        if request.status != FastTrackRequest.Status.PENDING:
            raise ValidationError(_("The request has already been decided."))
        _still_open(application)
        request.status = (
            FastTrackRequest.Status.APPROVED if approve else FastTrackRequest.Status.REJECTED
        )
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.save(update_fields=["status", "decided_by", "decided_at"])
        if approve:
            application.fast_track = True
        write.save(application, update_fields=["fast_track"])
    return request
