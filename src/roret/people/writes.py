"""The one write path for citizen data.

Every service that changes citizen data runs its work inside ``citizen_write`` (a new row
about a citizen) or ``object_write`` (a change to an existing row). Both:

1. decide the role and need-to-know before anything else, and log a refusal outside the
   transaction (so it stays) — 403 without the role, 404 without a reason to know;
2. open the transaction; ``object_write`` locks the row (``SELECT … FOR UPDATE``), so a
   racing write waits and then sees what the first one saved;
3. refuse a stale write: when the form was read at another version than the row's, a
   ``StaleWriteError`` names the current row and who changed it, and nothing is written;
4. let the service re-check the row's state on the locked row, then ``save`` it with model
   validation and the limits of ``roret.core.limits``;
5. write the one access-log entry in the same transaction.

A ``ValidationError`` (or any other exception) anywhere inside rolls everything back,
the log entry included.

A write made of other writes (an application raised from an outreach request, a session's
attendance for several citizens) is a compound write: ``object_write(..., nested=True)`` or
``compound_write`` decide and lock as above and open the one transaction, and the writes
inside (each a ``citizen_write``/``object_write`` of its own service) log their entries in
it; a failure in any of them rolls back every row and every entry.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from django.db import models, transaction
from django.db.transaction import TransactionManagementError
from django.http import Http404

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.audit.selectors import last_change
from roret.audit.services import entries_written
from roret.core.errors import StaleWriteError
from roret.core.limits import validate_limits
from roret.core.models import Versioned
from roret.people.access import Attempt, CitizenAccess, citizen_for_write, citizens_visible_to
from roret.people.models import Citizen

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from rules import Predicate

M = TypeVar("M", bound=models.Model)
Action = AccessLogEntry.Action


@dataclass(frozen=True)
class Target(Generic[M]):
    """The row a write changes: found in ``queryset`` by ``pk``; ``citizen_field`` leads to
    its citizen's id (``"citizen_id"``, ``"plan__citizen_id"``, ``"pk"`` for a citizen).
    ``allowed`` adds an object-level condition (e.g. the actor's own department): when it
    fails, the attempt is refused and logged like a missing reason to know."""

    queryset: models.QuerySet[M]
    pk: int
    citizen_field: str = "citizen_id"
    allowed: Callable[[M], bool] | None = None

    @property
    def object_type(self) -> str:
        return self.queryset.model._meta.label_lower


def validated_save(
    obj: models.Model,
    *,
    update_fields: list[str] | None = None,
    exclude: list[str] | None = None,
) -> None:
    """Model validation and the limits, then save; a versioned row moves to its next version.

    For writes inside a ``citizen_write``/``object_write`` (use ``write.save``) and for rows
    that are not citizen data."""
    if update_fields is not None:
        # A change checks what it changes: an older row's other fields are not re-judged.
        unchanged = [f.name for f in obj._meta.concrete_fields if f.name not in update_fields]
        exclude = [*(exclude or []), *unchanged]
    obj.full_clean(exclude=exclude, validate_unique=False)
    validate_limits(obj, exclude=exclude)
    if isinstance(obj, Versioned) and obj.pk is not None:
        obj.version += 1
        if update_fields is not None and "version" not in update_fields:
            update_fields = [*update_fields, "version"]
    if (
        update_fields is not None
        and hasattr(obj, "updated_at")
        and "updated_at" not in (update_fields)
    ):
        update_fields = [*update_fields, "updated_at"]
    obj.save(update_fields=update_fields)


class CitizenWrite:
    """What the body of a write works with: the decided access, the locked row (for
    ``object_write``), and ``save``/``names`` for what the log entry names."""

    def __init__(self, access: CitizenAccess, row: models.Model | None) -> None:
        self.access = access
        self.row = row
        self._named: models.Model | None = None

    @property
    def citizen(self) -> Citizen:
        return self.access.citizen

    @property
    def actor(self) -> User:
        return self.access.user

    def save(
        self,
        obj: models.Model,
        *,
        update_fields: list[str] | None = None,
        exclude: list[str] | None = None,
    ) -> None:
        """Validate and save ``obj``; the first row saved is the one the log entry names,
        unless ``names`` said otherwise."""
        validated_save(obj, update_fields=update_fields, exclude=exclude)
        if self._named is None:
            self._named = obj

    def names(self, obj: models.Model) -> None:
        """The log entry names ``obj`` (a row written without ``save``)."""
        self._named = obj

    def _logged_object(self) -> models.Model | None:
        named = self._named or self.row
        return None if named is self.access.citizen else named


class ObjectWrite(CitizenWrite, Generic[M]):
    row: M

    def __init__(self, access: CitizenAccess, row: M) -> None:
        super().__init__(access, row)


def _attempt(actor: User, citizen_id: int | None, action: str, target: Target[M]) -> Attempt:
    return Attempt(actor, citizen_id, action, target.object_type, str(target.pk))


def _log(write: CitizenWrite, *, action: str, purpose: StrOrPromise) -> None:
    write.access.log(action=action, purpose=purpose, obj=write._logged_object())


@contextmanager
def _logged_inside() -> Iterator[None]:
    """The body of a compound write: the writes inside must have logged (at least one
    entry), or the transaction it runs in is refused rather than committed unlogged."""
    before = entries_written()
    yield
    if entries_written() == before:
        raise TransactionManagementError("A compound write must log through its writes.")


def _check_version(row: models.Model, version: int | None, citizen_id: int) -> None:
    if version is None or not isinstance(row, Versioned) or row.version == version:
        return
    change = last_change(
        citizen_id=citizen_id, object_type=row._meta.label_lower, object_id=str(row.pk)
    )
    raise StaleWriteError(
        current=row,
        changed_by=change.actor_name if change else "",
        changed_at=change.at if change else None,
    )


@contextmanager
def citizen_write(
    *,
    actor: User,
    citizen_id: int,
    predicate: Predicate,
    purpose: StrOrPromise,
    action: str = Action.CREATE,
    lock: bool = False,
) -> Iterator[CitizenWrite]:
    """A write about one citizen that adds rows (a note, a goal, an application).

    ``lock`` locks the citizen's row too, for writes that must not interleave with another
    write about the same citizen (e.g. replacing the current plan)."""
    access = citizen_for_write(
        actor=actor, citizen_id=citizen_id, predicate=predicate, action=action
    )
    with transaction.atomic():
        if lock:
            type(access.citizen).objects.select_for_update().filter(pk=citizen_id).first()
        write = CitizenWrite(access, None)
        yield write
        _log(write, action=action, purpose=purpose)


@contextmanager
def object_write(
    *,
    actor: User,
    target: Target[M],
    predicate: Predicate,
    purpose: StrOrPromise,
    version: int | None = None,
    action: str = Action.UPDATE,
    citizen_id: int | None = None,
    nested: bool = False,
) -> Iterator[ObjectWrite[M]]:
    """A change to one existing row about a citizen, locked for the transaction.

    ``version`` is the version the user's form was read at (None where no form was read,
    e.g. a write from another module's service). ``citizen_id``, when the URL names the
    citizen too, must be the row's citizen. ``nested``: the body's own writes (another
    service's ``citizen_write``) log the entry of the request; this write logs none."""
    allowed = bool(predicate.test(actor))
    found = (
        target.queryset.filter(pk=target.pk).values_list(target.citizen_field, flat=True).first()
    )
    row_citizen = int(found) if found is not None else None
    if row_citizen is None or (citizen_id is not None and citizen_id != row_citizen):
        _attempt(actor, row_citizen or citizen_id, action, target).refuse(allowed=allowed)
    attempt = _attempt(actor, row_citizen, action, target)
    access = attempt.decide(predicate)
    if target.allowed is not None:
        unlocked = target.queryset.filter(pk=target.pk).first()
        if unlocked is None or not target.allowed(unlocked):
            attempt.refuse(allowed=True)
    with transaction.atomic():
        row = target.queryset.select_for_update(of=("self",)).filter(pk=target.pk).first()
        if row is None:
            raise Http404
        _check_version(row, version, access.citizen_id)
        write: ObjectWrite[M] = ObjectWrite(access, row)
        if nested:
            with _logged_inside():
                yield write
        else:
            yield write
            _log(write, action=action, purpose=purpose)


@contextmanager
def registration_write(
    *, actor: User, citizen: Citizen, department_id: int, purpose: StrOrPromise
) -> Iterator[None]:
    """The write that registers a new citizen, who exists for no one yet: the service
    decides the role and the registering department itself, then the body saves the
    citizen (and their first link) inside the transaction, and the one access-log entry,
    through the registering department, is written in it."""
    with transaction.atomic():
        yield
        access = CitizenAccess(user=actor, citizen=citizen, department_id=department_id)
        access.log(action=Action.CREATE, purpose=purpose)


@dataclass(frozen=True)
class Rows(Generic[M]):
    """One kind of row a service changes, declared once: where the rows are (``queryset``,
    with what the writes read), the path to their citizen, the role a write needs, and an
    object-level condition on the actor (e.g. the actor's own department). ``write`` is
    ``object_write`` on one of them."""

    queryset: Callable[[], models.QuerySet[M]]
    predicate: Predicate
    citizen_field: str = "citizen_id"
    allowed: Callable[[User, M], bool] | None = None

    def write(
        self,
        actor: User,
        pk: int,
        purpose: StrOrPromise,
        version: int | None = None,
        *,
        action: str = Action.UPDATE,
        predicate: Predicate | None = None,
        allowed: bool = True,
        citizen_id: int | None = None,
        nested: bool = False,
    ) -> AbstractContextManager[ObjectWrite[M]]:
        """A change to the row ``pk`` (``predicate`` when this write needs another role;
        ``allowed=False`` leaves the object-level condition out; the rest as for
        ``object_write``)."""
        condition = self.allowed if allowed else None
        target = Target(
            self.queryset(),
            pk,
            citizen_field=self.citizen_field,
            allowed=(lambda row: condition(actor, row)) if condition is not None else None,
        )
        return object_write(
            actor=actor,
            target=target,
            predicate=predicate or self.predicate,
            purpose=purpose,
            version=version,
            action=action,
            citizen_id=citizen_id,
            nested=nested,
        )


@contextmanager
def compound_write(
    *,
    actor: User,
    citizen_ids: Collection[int],
    predicate: Predicate,
    object_type: str,
    action: str = Action.UPDATE,
) -> Iterator[None]:
    """Writes about several citizens that commit or roll back together (a session's
    attendance). Need-to-know for every citizen is decided before anything is written, so
    that a refusal is logged outside the transaction and stays; then the one transaction,
    in which each citizen's ``citizen_write``/``object_write`` logs its own entry."""
    visible = set(
        citizens_visible_to(actor).filter(pk__in=citizen_ids).values_list("pk", flat=True)
    )
    for citizen_id in sorted(set(citizen_ids) - visible):
        citizen_for_write(
            actor=actor,
            citizen_id=citizen_id,
            predicate=predicate,
            action=action,
            object_type=object_type,
        )
    with transaction.atomic():
        yield
