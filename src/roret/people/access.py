"""Need-to-know: which citizens a staff user may see, and through which department.

One table answers it: ``CitizenLink``, a grant from a department (or team) to a citizen with
the dates it is valid. Cases, interventions, enrolments and outreach contacts register their
links through ``services.citizen_link_register``; a consent that names a department registers
one too (and revocation ends it), so every visibility question is one index look-up on the
grantee, decided by the dates in the query itself — no job has to flip anything.

- Every list of citizens starts from ``citizens_visible_to`` (or filters another model's rows
  with ``visible_citizen_filter``).
- One citizen is fetched through ``citizen_for`` (a read: logged) or ``citizen_for_write`` (a
  write: the write logs). Both decide the role (403) and need-to-know (404), log a refusal,
  and return a ``CitizenAccess``: the citizen with the department the access happens through,
  resolved once.

Roles do not widen visibility: a manager or an administrator without a link sees nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.audit.services import record_access
from roret.people.models import Citizen, CitizenLink

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from rules import Predicate

CITIZEN_OBJECT_TYPE = "people.citizen"
M = TypeVar("M", bound=Model)
Action = AccessLogEntry.Action


def _is_staff_with_membership(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.department_ids or user.team_ids))


def grants_of(user: User, *, day: datetime.date | None = None) -> QuerySet[CitizenLink]:
    """The user's grants valid on ``day``: links to one of their departments or teams."""
    grantee = Q(department_id__in=user.department_ids)
    if user.team_ids:
        grantee |= Q(team_id__in=user.team_ids)
    return CitizenLink.objects.active_on(day or timezone.localdate()).filter(grantee)


def visible_citizen_filter(
    user: User, *, field: str = "citizen", day: datetime.date | None = None
) -> Exists | Q:
    """A filter for rows of another model whose ``field`` (a citizen foreign key) the user may
    see: ``Referral.objects.filter(visible_citizen_filter(user))``. One correlated EXISTS on
    the links' citizen index, so PostgreSQL can probe it per row of a bounded list."""
    if not _is_staff_with_membership(user):
        return Q(pk__in=[])
    return Exists(grants_of(user, day=day).filter(citizen_id=OuterRef(f"{field}_id")))


def citizens_visible_to(
    user: User, *, day: datetime.date | None = None, base: QuerySet[Citizen] | None = None
) -> QuerySet[Citizen]:
    """Citizens the user has a reason to see. ``base`` carries a caller's select_related or
    prefetch_related, which combining two querysets with ``&`` would drop."""
    base = Citizen.objects.all() if base is None else base
    if not _is_staff_with_membership(user):
        return base.none()
    return base.filter(Exists(grants_of(user, day=day).filter(citizen_id=OuterRef("pk"))))


@dataclass(frozen=True)
class CitizenAccess:
    """A decided, logged access to one citizen: what selectors and services take as proof.

    Only ``citizen_for`` and ``citizen_for_write`` make one; ``department_id`` is the
    department the access happens through, the one the citizen sees in their log."""

    user: User
    citizen: Citizen
    department_id: int | None

    @property
    def citizen_id(self) -> int:
        return int(self.citizen.pk)

    @property
    def acting_department_id(self) -> int:
        """The department a new note, meeting or plan is written in: the one the access
        goes through when the user belongs to it, else the user's first department."""
        if self.department_id in self.user.department_ids:
            return int(self.department_id)
        return min(self.user.department_ids)

    def row(self, queryset: QuerySet[M], pk: int, *, citizen_field: str = "citizen_id") -> M:
        """One row of this citizen's (``citizen_field`` leads from it to the citizen), for
        a page the gate decided on; 404 when it is another citizen's or does not exist. A
        row with a ``citizen`` gets this access's, so the page reads the citizen once."""
        row = queryset.filter(pk=pk, **{citizen_field: self.citizen_id}).first()
        if row is None:
            raise Http404
        if citizen_field == "citizen_id":
            row.citizen = self.citizen  # type: ignore[attr-defined]
        return row

    def log(
        self,
        *,
        action: str,
        purpose: StrOrPromise,
        obj: Model | None = None,
        object_type: str = "",
        object_id: str = "",
    ) -> None:
        """One granted entry for this access, naming ``obj`` (the citizen by default)."""
        log_citizen_access(
            actor=self.user,
            citizen_id=self.citizen_id,
            action=action,
            purpose=purpose,
            access_department_id=self.department_id,
            object_type=object_type
            or (obj._meta.label_lower if obj is not None else CITIZEN_OBJECT_TYPE),
            object_id=object_id or (str(obj.pk) if obj is not None else str(self.citizen_id)),
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


def log_list(
    *,
    user: User,
    purpose: StrOrPromise,
    criterion: str = "",
    object_type: str = CITIZEN_OBJECT_TYPE,
    action: str = Action.SEARCH,
    citizen_id: int | None = None,
) -> None:
    """The one entry of a list or search across citizens, made through the user's first
    department: it names the criterion, not each row shown (``citizen_id`` only when the
    list shows exactly one citizen)."""
    log_citizen_access(
        actor=user,
        citizen_id=citizen_id,
        action=action,
        purpose=purpose,
        access_department_id=min(user.department_ids, default=None),
        object_type=object_type,
        criterion=criterion,
    )


@dataclass(frozen=True)
class Attempt:
    """An attempt to use a citizen's data, before it is decided: who, whose (None when the
    request names no one), how (the log's action) and through which object (the citizen by
    default). The gate, the write path and ``citizen_for``/``citizen_for_write`` decide one
    with ``decide`` and log a refusal with ``refuse``."""

    user: User
    citizen_id: int | None
    action: str
    object_type: str = CITIZEN_OBJECT_TYPE
    object_id: str = ""

    def refuse(self, *, allowed: bool) -> NoReturn:
        """Log the one entry of the refused attempt, outside any write's transaction so
        that it stays, and refuse: 404 for a user with the role (the URL does not reveal
        whether the citizen exists), 403 without it.

        The citizen is kept in the entry only when they exist: an id that names no one is
        not a use of anyone's data."""
        citizen_id = self.citizen_id
        if citizen_id is not None and not Citizen.objects.filter(pk=citizen_id).exists():
            citizen_id = None
        log_citizen_access(
            actor=self.user,
            citizen_id=citizen_id,
            action=self.action,
            purpose="",
            access_department_id=min(self.user.department_ids, default=None),
            object_type=self.object_type,
            object_id=self.object_id or (str(citizen_id) if citizen_id else ""),
            granted=False,
        )
        raise Http404 if allowed else PermissionDenied

    def decide(
        self, predicate: Predicate | None, *, queryset: QuerySet[Citizen] | None = None
    ) -> CitizenAccess:
        """The role (``predicate``) and need-to-know; a refusal is logged. ``queryset`` is
        the citizen query of a read, with the page's select_related and prefetches."""
        user = self.user
        allowed = predicate is None or bool(predicate.test(user))
        citizen: Citizen | None = None
        if allowed and self.citizen_id is not None and _is_staff_with_membership(user):
            base = Citizen.objects.all() if queryset is None else queryset
            department = Subquery(
                grants_of(user)
                .filter(citizen_id=OuterRef("pk"))
                .order_by("id")
                .values("department_id")[:1]
            )
            # The grant in WHERE, so that a caller's prefetches run only for a visible citizen.
            citizen = (
                base.annotate(_access_department=department)
                .filter(pk=self.citizen_id, _access_department__isnull=False)
                .first()
            )
        if citizen is None:
            self.refuse(allowed=allowed)
        return CitizenAccess(
            user=user,
            citizen=citizen,
            department_id=citizen._access_department,  # type: ignore[attr-defined]
        )

    def read(
        self,
        predicate: Predicate | None,
        *,
        purpose: StrOrPromise,
        queryset: QuerySet[Citizen] | None = None,
    ) -> CitizenAccess:
        """A read: decided, and logged whichever way it goes."""
        access = self.decide(predicate, queryset=queryset)
        access.log(
            action=self.action,
            purpose=purpose,
            object_type=self.object_type,
            object_id=self.object_id,
        )
        return access


def citizen_for(
    *,
    user: User,
    citizen_id: int | None,
    purpose: StrOrPromise,
    predicate: Predicate | None = None,
    action: str = Action.VIEW,
    queryset: QuerySet[Citizen] | None = None,
    object_type: str = CITIZEN_OBJECT_TYPE,
    object_id: str = "",
) -> CitizenAccess:
    """A read of one citizen: decided, and logged whichever way it goes.

    A user without the role (``predicate``) gets 403; a user with it but without a reason to
    know gets 404, so the URL does not reveal whether the citizen exists."""
    attempt = Attempt(user, citizen_id, action, object_type, object_id)
    return attempt.read(predicate, purpose=purpose, queryset=queryset)


def citizen_for_write(
    *,
    actor: User,
    citizen_id: int | None,
    predicate: Predicate | None,
    action: str = Action.UPDATE,
    object_type: str = CITIZEN_OBJECT_TYPE,
    object_id: str = "",
) -> CitizenAccess:
    """Permission and need-to-know before a write; a refusal is logged. The write itself logs
    its one entry inside its transaction (``roret.people.writes``)."""
    return Attempt(actor, citizen_id, action, object_type, object_id).decide(predicate)


def may_see(user: User, citizen_id: int) -> bool:
    """Whether the user may see the citizen today; for hiding links, never for granting."""
    return (
        _is_staff_with_membership(user) and grants_of(user).filter(citizen_id=citizen_id).exists()
    )
