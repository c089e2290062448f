"""The gate of the outreach routes that name a person who may still be anonymous.

An anonymous person (and a contact with them) is not citizen data: no name, no CPR, and it
belongs to the department that met the person. Once the person is identified, the same URL
names a citizen, and the page is citizen data like any other.

``@person_route(...)`` decides per request which of the two it is:

- the object names a citizen (an identified person, a contact with a known citizen), or does
  not exist: the citizen gate (``roret.people.gate.citizen_route``) decides and logs, exactly
  as on every other citizen route — one granted entry for a read, or one refused entry;
- the person is still anonymous: the route's role and the department that met the person
  decide; a refusal is logged (403 without the role, 404 for another department), a granted
  read is not, since no one's personal data was shown.

The view gets ``request.citizen_access``: the decided access when the object names a
citizen, None while the person is anonymous.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, cast

from django.http import HttpRequest, HttpResponse

from roret.accounts.http import AuthenticatedRequest
from roret.audit.models import AccessLogEntry
from roret.people.access import Attempt, CitizenAccess
from roret.people.gate import READS, ObjectRef, View, citizen_route

if TYPE_CHECKING:
    from collections.abc import Callable

    from django_stubs_ext import StrOrPromise
    from rules import Predicate

Action = AccessLogEntry.Action


class PersonRequest(AuthenticatedRequest):
    """A request that passed the person gate; ``citizen_access`` is None while anonymous."""

    citizen_access: CitizenAccess | None


def person_route(
    *,
    purpose: StrOrPromise,
    predicate: Predicate,
    obj: ObjectRef,
    department_field: str = "department_id",
) -> Callable[[View], View]:
    """Put a view about a possibly anonymous person behind the gate. ``obj`` names the row
    (``citizen_field`` leads to the citizen it names once identified); ``department_field``
    leads to the department that met the person, which alone may use an anonymous one."""

    def decorate(view: View) -> View:
        gated = citizen_route(purpose=purpose, predicate=predicate, obj=obj)(view)

        @functools.wraps(view)
        def route(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            found = (
                obj.model._default_manager.filter(pk=kwargs[obj.kwarg])
                .values_list(obj.citizen_field, department_field)
                .first()
            )
            if found is None or found[0] is not None:
                # Citizen data, or nothing at all: the citizen gate decides and logs.
                return gated(request, *args, **kwargs)
            user = cast(AuthenticatedRequest, request).user
            allowed = bool(predicate.test(user))
            if not allowed or found[1] not in user.department_ids:
                Attempt(
                    user,
                    None,
                    Action.VIEW if request.method in READS else Action.UPDATE,
                    obj.model._meta.label_lower,
                    str(kwargs[obj.kwarg]),
                ).refuse(allowed=allowed)
            cast(PersonRequest, request).citizen_access = None
            return view(request, *args, **kwargs)

        # The house rules and the access matrix see the citizen gate this route uses.
        route.citizen_gate = gated.citizen_gate  # type: ignore[attr-defined]
        return route

    return decorate
