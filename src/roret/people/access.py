"""Need-to-know: which citizens a staff user may see, and through which department.

Every list of citizens starts from ``citizens_visible_to``; every single citizen is fetched
through ``citizen_for``. A staff user sees a citizen when their department or team has an
active ``CitizenLink`` to the citizen, or when a valid consent covers their department.
Roles do not widen this: a manager or an administrator without a link sees nothing.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.audit.services import record_access
from roret.people.models import Citizen, CitizenLink, Consent

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CITIZEN_OBJECT_TYPE = "people.citizen"


def _is_staff_with_membership(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.department_ids or user.team_ids))


def _link_and_consent_subqueries(
    user: User, day: datetime.date
) -> tuple[QuerySet[CitizenLink], QuerySet[Consent]]:
    links = (
        CitizenLink.objects.active_on(day)
        .filter(citizen=OuterRef("pk"))
        .filter(Q(department_id__in=user.department_ids) | Q(team_id__in=user.team_ids))
    )
    consents = Consent.objects.valid_on(day).filter(
        citizen=OuterRef("pk"), department_id__in=user.department_ids
    )
    return links, consents


def citizens_visible_to(
    user: User, *, day: datetime.date | None = None, base: QuerySet[Citizen] | None = None
) -> QuerySet[Citizen]:
    """Citizens the user has a reason to see, annotated with ``access_department_id``:
    the department through which the access happens (shown to the citizen in their log).

    ``base`` carries a caller's select_related/prefetch_related, which combining two
    querysets with ``&`` would drop."""
    base = Citizen.objects.all() if base is None else base
    if not _is_staff_with_membership(user):
        return base.none()
    links, consents = _link_and_consent_subqueries(user, day or timezone.localdate())
    return base.filter(Exists(links) | Exists(consents)).annotate(
        access_department_id=Coalesce(
            Subquery(links.order_by("id").values("department_id")[:1]),
            Subquery(consents.order_by("id").values("department_id")[:1]),
        )
    )


def purpose_text(purpose: StrOrPromise) -> str:
    """The purpose as stored in the log: Danish, whatever language the user browses in."""
    with override("da"):
        return str(purpose)


def log_citizen_access(
    *,
    actor: User,
    citizen_id: int | None,
    action: str,
    purpose: StrOrPromise,
    access_department_id: int | None,
    object_type: str = CITIZEN_OBJECT_TYPE,
    object_id: str = "",
    criterion: str = "",
    granted: bool = True,
) -> None:
    record_access(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id or (str(citizen_id) if citizen_id else ""),
        purpose=purpose_text(purpose) if granted else purpose_text(_("Access refused")),
        citizen_id=citizen_id,
        actor_department_id=access_department_id,
        criterion=criterion,
        granted=granted,
    )


def citizen_for_write(
    actor: User, citizen_id: int, predicate: Any, purpose: StrOrPromise
) -> Citizen:
    """Permission and need-to-know before a write. A refusal is logged (outside the write's
    transaction) and answers 404 to a user with the role, 403 to one without."""
    allowed = predicate.test(actor)
    citizen = citizens_visible_to(actor).filter(pk=citizen_id).first() if allowed else None
    if citizen is None:
        log_citizen_access(
            actor=actor,
            citizen_id=citizen_id if Citizen.objects.filter(pk=citizen_id).exists() else None,
            action=AccessLogEntry.Action.UPDATE,
            purpose=purpose,
            access_department_id=next(iter(sorted(actor.department_ids)), None),
            granted=False,
        )
        if allowed:
            raise Http404
        raise PermissionDenied
    return citizen


def log_citizen_write(
    *,
    actor: User,
    citizen: Citizen,
    action: str,
    purpose: StrOrPromise,
    obj: Model | None = None,
) -> None:
    """The one log entry of a write, naming the row written (the citizen by default)."""
    log_citizen_access(
        actor=actor,
        citizen_id=citizen.pk,
        action=action,
        purpose=purpose,
        access_department_id=getattr(citizen, "access_department_id", None),
        object_type=obj._meta.label_lower if obj is not None else CITIZEN_OBJECT_TYPE,
        object_id=str(obj.pk) if obj is not None else str(citizen.pk),
    )


def citizen_for(
    user: User,
    citizen_id: int,
    *,
    action: str,
    purpose: StrOrPromise,
    queryset: QuerySet[Citizen] | None = None,
    object_type: str = CITIZEN_OBJECT_TYPE,
    object_id: str = "",
) -> Citizen:
    """Fetch one citizen the user may see and log the access; log and 404 otherwise.

    A refused attempt answers 404, not 403, so that the URL does not reveal whether the
    citizen exists.
    """
    citizen = citizens_visible_to(user, base=queryset).filter(pk=citizen_id).first()
    if citizen is None:
        log_citizen_access(
            actor=user,
            citizen_id=citizen_id if Citizen.objects.filter(pk=citizen_id).exists() else None,
            action=action,
            purpose=purpose,
            access_department_id=next(iter(sorted(user.department_ids)), None),
            object_type=object_type,
            object_id=object_id or str(citizen_id),
            granted=False,
        )
        raise Http404
    log_citizen_access(
        actor=user,
        citizen_id=citizen.pk,
        action=action,
        purpose=purpose,
        access_department_id=citizen.access_department_id,  # type: ignore[attr-defined]
        object_type=object_type,
        object_id=object_id,
    )
    return citizen
