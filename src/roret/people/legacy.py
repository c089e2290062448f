"""The access functions as they were before the one write path, for the apps not yet moved
onto ``roret.people.writes`` and ``roret.people.gate``. Deleted when the last caller goes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet

from roret.accounts.models import User
from roret.people import access
from roret.people.models import Citizen

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _citizen(result: access.CitizenAccess) -> Citizen:
    citizen = result.citizen
    citizen.access_department_id = result.department_id  # type: ignore[attr-defined]
    return citizen


def citizen_for_write(
    actor: User, citizen_id: int, predicate: Any, purpose: StrOrPromise
) -> Citizen:
    return _citizen(
        access.citizen_for_write(actor=actor, citizen_id=citizen_id, predicate=predicate)
    )


def citizen_for(
    user: User,
    citizen_id: int,
    *,
    action: str,
    purpose: StrOrPromise,
    queryset: QuerySet[Citizen] | None = None,
    object_type: str = access.CITIZEN_OBJECT_TYPE,
    object_id: str = "",
) -> Citizen:
    return _citizen(
        access.citizen_for(
            user=user,
            citizen_id=citizen_id,
            action=action,
            purpose=purpose,
            queryset=queryset,
            object_type=object_type,
            object_id=object_id,
        )
    )


def log_citizen_write(
    *,
    actor: User,
    citizen: Citizen,
    action: str,
    purpose: StrOrPromise,
    obj: Model | None = None,
) -> None:
    access.CitizenAccess(
        user=actor,
        citizen=citizen,
        department_id=getattr(citizen, "access_department_id", None),
    ).log(action=action, purpose=purpose, obj=obj)
