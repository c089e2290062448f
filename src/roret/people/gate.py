"""The one refusal path: every route that names a citizen or a citizen's object passes this
gate before the view reads anything.

``@citizen_route(...)`` on a view declares which URL argument names the citizen (or the
object, and how to reach its citizen), which role the route needs and the purpose the
citizen will read in their log. Before the view runs, the gate

- refuses a user without the role with 403, and a user without a reason to know (or an
  object that does not exist, or does not belong to the citizen the URL names) with 404,
  logging exactly one refused entry either way;
- on a read (GET), logs the one granted entry of the page;
- on a write (POST), logs nothing when granted and the service wrote the one entry of the
  write; when nothing was written (a form shown again with its errors, a button refused
  for the row's state), the request was a read and is logged here as one;
- hands the view the decided access as ``request.citizen_access``.

Services still check permission themselves: the gate is where refusals are decided and
logged for pages, the service is authoritative for the write.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods, require_POST

from roret.accounts.http import AuthenticatedRequest
from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.audit.services import entries_written
from roret.core.forms import form_page
from roret.core.routing import route
from roret.people.access import CITIZEN_OBJECT_TYPE, Attempt, CitizenAccess
from roret.people.models import Citizen

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from rules import Predicate

Action = AccessLogEntry.Action
READS = frozenset({"GET", "HEAD"})


class CitizenRequest(AuthenticatedRequest):
    """A request that passed the gate."""

    citizen_access: CitizenAccess


@dataclass(frozen=True)
class ObjectRef:
    """A citizen's object named by the URL argument ``kwarg``; ``citizen_field`` leads from
    the object to its citizen's id (e.g. ``"plan__citizen_id"``)."""

    model: type[Model]
    kwarg: str = "pk"
    citizen_field: str = "citizen_id"
    # The objects of a visible citizen the user may reach on this route (e.g. only notes
    # written in the user's own department may be corrected); others are refused as 404.
    scope: Callable[[User], Q] | None = None


@dataclass(frozen=True)
class Gate:
    purpose: StrOrPromise
    predicate: Predicate | None
    write_predicate: Predicate | None
    citizen: str | None
    obj: ObjectRef | None
    queryset: Callable[[], QuerySet[Citizen]] | None
    read_action: str = Action.VIEW

    def citizen_id(self, kwargs: dict[str, Any], user: User) -> tuple[int | None, bool]:
        """The citizen the URL names, and whether every id in it fits together (and the
        object is within the route's scope for the user)."""
        named = int(kwargs[self.citizen]) if self.citizen else None
        if self.obj is None:
            return named, True
        objects = self.obj.model._default_manager.filter(pk=kwargs[self.obj.kwarg])
        found = objects.values_list(self.obj.citizen_field, flat=True).first()
        if found is None:
            return named, False
        fits = named is None or named == int(found)
        if fits and self.obj.scope is not None:
            fits = objects.filter(self.obj.scope(user)).exists()
        return int(found), fits

    def object_type(self) -> str:
        return self.obj.model._meta.label_lower if self.obj else CITIZEN_OBJECT_TYPE

    def object_id(self, kwargs: dict[str, Any]) -> str:
        return str(kwargs[self.obj.kwarg]) if self.obj else ""


View = Callable[..., HttpResponse]


def citizen_route(
    *,
    purpose: StrOrPromise,
    predicate: Predicate | None = None,
    write_predicate: Predicate | None = None,
    citizen: str | None = None,
    obj: ObjectRef | None = None,
    queryset: Callable[[], QuerySet[Citizen]] | None = None,
    read_action: str = Action.VIEW,
) -> Callable[[View], View]:
    """Put a view behind the gate. ``predicate`` is the role the route needs (None: any
    staff member with a reason to know); ``write_predicate`` the role for POST when it
    differs. ``citizen`` names the URL argument holding the citizen's id: by default
    ``pk``, unless ``pk`` names the route's object (``obj``), which leads to its citizen;
    when the URL names both, the gate checks that they belong together. ``queryset`` gives
    the citizen query of a read, with the page's select_related and prefetches, so that the
    check and the page's first read are one.
    ``read_action`` is what a granted GET is logged as (``EXPORT`` for a PDF handed out)."""
    gate = Gate(
        purpose=purpose,
        predicate=predicate,
        write_predicate=write_predicate or predicate,
        citizen=citizen or (None if obj is not None and obj.kwarg == "pk" else "pk"),
        obj=obj,
        queryset=queryset,
        read_action=read_action,
    )

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = cast(AuthenticatedRequest, request).user
            reading = request.method in READS
            action = gate.read_action if reading else Action.UPDATE
            predicate = gate.predicate if reading else gate.write_predicate
            citizen_id, consistent = gate.citizen_id(kwargs, user)
            object_type, object_id = gate.object_type(), gate.object_id(kwargs)
            attempt = Attempt(user, citizen_id, action, object_type, object_id)
            if not consistent:
                attempt.refuse(allowed=predicate is None or bool(predicate.test(user)))
            if reading:
                queryset = gate.queryset() if gate.queryset else None
                access = attempt.read(predicate, purpose=gate.purpose, queryset=queryset)
            else:
                access = attempt.decide(predicate)
            cast(CitizenRequest, request).citizen_access = access
            logged_before = entries_written()
            response = view(request, *args, **kwargs)
            if not reading and entries_written() == logged_before:
                # Nothing was written (a form shown again with its errors, an action refused
                # for the row's state): the user was shown the citizen's data, a read.
                access.log(
                    action=Action.VIEW,
                    purpose=gate.purpose,
                    object_type=object_type,
                    object_id=object_id,
                )
            return response

        guarded.citizen_gate = gate  # type: ignore[attr-defined]
        return guarded

    return decorate


def citizen_action(
    pattern: str,
    *,
    purpose: StrOrPromise,
    predicate: Predicate | None = None,
    citizen: str | None = None,
    obj: ObjectRef | None = None,
) -> Callable[[View], View]:
    """A POST-only action about a citizen or one of their objects (end, revoke, decide) at
    ``pattern``: the route, the method and the gate (``citizen_route``) declared together."""

    def wrap(view: View) -> View:
        gated = citizen_route(purpose=purpose, predicate=predicate, citizen=citizen, obj=obj)
        return route(pattern)(require_POST(gated(view)))

    return wrap


def not_citizen_data(view: View) -> View:
    """Marks a route with URL arguments that name no citizen or citizen's object (an offer,
    a course session, a drop-in centre), so the house-rules check knows it was considered."""
    view.citizen_gate = None  # type: ignore[attr-defined]
    return view


@dataclass(frozen=True)
class FormCall:
    """One request to a ``form_route``: what the route's functions are given. ``page`` is
    what the route's ``page`` function read (a selector's result), None without one."""

    request: CitizenRequest
    kwargs: dict[str, Any] = field(default_factory=dict)
    page: Any = None

    @property
    def user(self) -> User:
        return self.request.user

    @property
    def access(self) -> CitizenAccess:
        return self.request.citizen_access

    @property
    def citizen(self) -> Citizen:
        return self.request.citizen_access.citizen

    @property
    def data(self) -> Any:
        """The posted data to bind the form to, None on a GET."""
        return self.request.POST or None


Save = Callable[[FormCall, dict[str, Any], int | None], Any]


def for_citizen(service: Callable[..., Any]) -> Save:
    """``save`` for a service that adds a row about the route's citizen:
    ``service(actor=, citizen_id=, **data)``."""
    return lambda call, data, _version: service(
        actor=call.user, citizen_id=call.access.citizen_id, **data
    )


def for_object(service: Callable[..., Any], id_name: str, *, versioned: bool = True) -> Save:
    """``save`` for a service that changes (or acts from) the route's object, named by the
    URL argument ``pk``: ``service(actor=, <id_name>=pk, version=, **data)`` (``versioned``:
    the form carries the row's version)."""
    return lambda call, data, version: service(
        actor=call.user,
        **{id_name: call.kwargs["pk"]},
        **({"version": version} if versioned else {}),
        **data,
    )


def read_object(selector: Callable[..., Any], id_name: str) -> Callable[[FormCall], Any]:
    """``page`` for a route about its object, named by the URL argument ``pk``:
    ``selector(access=, <id_name>=pk)``."""
    return lambda call: selector(access=call.access, **{id_name: call.kwargs["pk"]})


def form_route(
    *,
    purpose: StrOrPromise,
    predicate: Predicate | None,
    form: Callable[[FormCall], forms.BaseForm],
    save: Save,
    success_url: Callable[[FormCall, Any], str],
    message: StrOrPromise,
    context: Callable[[FormCall], dict[str, Any]],
    citizen: str | None = None,
    obj: ObjectRef | None = None,
    page: Callable[[FormCall], Any] | None = None,
    editing: Callable[[FormCall], Model | None] | None = None,
    template: str = "core/form_page.html",
) -> View:
    """A page with a form about a citizen or one of their objects, declared: the gate
    (``citizen_route`` with ``purpose``, ``predicate``, ``citizen``/``obj``) decides and logs
    the page, then ``page`` reads what the page shows, ``form`` makes the form, and
    ``form_page`` runs it: ``save(call, data, version)`` is the service, which logs the
    write; on success ``message`` and a redirect to ``success_url(call, result)``.
    ``editing`` gives the row the form changes, whose version the form carries."""

    def view(request: CitizenRequest, **kwargs: Any) -> HttpResponse:
        call = FormCall(request, kwargs)
        if page is not None:
            call = replace(call, page=page(call))
        return form_page(
            request,
            form=form(call),
            save=lambda data, version: save(call, data, version),
            success_url=lambda result: success_url(call, result),
            message=message,
            context=context(call),
            template=template,
            editing=editing(call) if editing is not None else None,
        )

    gated = citizen_route(purpose=purpose, predicate=predicate, citizen=citizen, obj=obj)(view)
    return require_http_methods(["GET", "POST"])(gated)
