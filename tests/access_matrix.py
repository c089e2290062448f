"""The access matrix: every URL route of Roret, who may reach it, and the checks that prove it.

Roret denies by default. Every route needs a logged-in staff user with a verified second
factor, except an explicit allowlist of public routes. ``tests/test_access_matrix.py`` walks
the URL resolver and runs the checks below for *every* route it finds; a route with no entry
here fails the suite. See docs/access-control.md for the policy behind it.

Adding your app's routes
========================

Create ``tests/<app>/access.py`` (with ``tests/<app>/__init__.py``) holding a list ``ROUTES``.
It is found automatically; nothing else needs registering::

    from tests.access_matrix import API, PAGE, Route, Scope
    from tests.people.factories import CitizenFactory, link

    def citizen(scope: Scope) -> dict[str, object]:
        # A new object each call, that scope.department (and scope.team) has a reason to see.
        citizen = CitizenFactory()
        link(citizen, scope.department, team=scope.team)
        return {"pk": citizen.pk}

    ROUTES = [
        Route("people:citizen_search", PAGE, roles={"caseworker", "coordinator"}),
        Route(
            "people:citizen_detail", PAGE, roles={"caseworker"},
            kwargs=citizen, department_scoped=True,
        ),
        Route(
            "people:citizen_edit", PAGE, roles={"caseworker"}, kwargs=citizen,
            method="post", data=lambda scope: {"first_name": "Ny"}, ok=(200, 302),
            department_scoped=True,
        ),
    ]

``Route`` fields:

``name``
    The URL name with its namespace, as for ``reverse()``: ``"people:citizen_detail"``.
``kind``
    ``PAGE`` (HTML; anonymous → redirect to the login page), ``API`` (under ``/api/``;
    anonymous → 401 with an ``application/problem+json`` body) or ``PUBLIC`` (no login; the
    view must be marked ``login_not_required`` and this entry is what allows it).
``roles``
    Role codes of which *any one* gives access. ``ANY_STAFF`` (the default) means every
    logged-in staff user, with or without roles.
``kwargs``
    ``Callable[[Scope], dict]`` building the URL kwargs, creating the objects they point at.
    It is called once per check, so it must make new objects each time. Omit it for routes
    without kwargs.
``method``, ``data``
    The HTTP method (``"get"`` by default, ``"post"``...), and ``Callable[[Scope], dict]``
    giving the query (GET) or the form body (POST).
``ok``
    The statuses an allowed user may get (default ``(200,)``; e.g. ``(302,)`` after a POST).
``department_scoped``
    True when the object belongs to ``scope.department``: a user who holds the role but sits
    in ``scope.other_department`` must get 403 or 404.
``second_factor``, ``unverified_ok``
    Only for the steps of logging in (marked ``otp_not_required`` in code): False lets a user
    who has given only a password in, and ``unverified_ok`` is what that user gets.

The checks, for every route (``check_route``):

1. anonymous: PAGE → 302 to the login page with ``?next=``; API → 401 problem body;
   PUBLIC → a status in ``ok``.
2. password given, second factor not: PAGE → 302 to the second-factor step; API → 401.
3. allowed: for each role in ``roles``, a user with only that role, member of
   ``scope.department`` and ``scope.team`` → a status in ``ok`` (ANY_STAFF: a user with no
   role at all).
4. denied (unless ANY_STAFF): a user with *every other role*, the administrator role
   included, in the same department and team → 403; and so for each other role alone.
5. wrong department (``department_scoped``): a user with all of ``roles`` in
   ``scope.other_department`` → 403 or 404.
6. every response to a logged-in user carries ``Cache-Control: no-store``.
7. on a route behind the citizen gate (``roret.people.gate.citizen_route``: a route that
   names a citizen or a citizen's object), every request of checks 3–5 writes exactly one
   access-log entry: a granted one when allowed, a refused one (``granted=False``) when
   refused. Every route with URL arguments is behind the gate or marked
   ``not_citizen_data``.
8. content per role: before each request of check 3 on a gated route, every citizen the
   entry's ``kwargs`` made gets a note and a goal with texts seen nowhere else. A role that
   may not read the journal (``can_read_journal``) or plans (``can_read_plans``), finance
   among them, finds neither text in the page, nor a link to that citizen's journal or
   plan (which would only answer 403).

Whole URL namespaces that share one gate (Django's admin) are covered by a ``RouteGroup``
instead; see ``ADMIN`` below. The core routes (start page, health check, language switch)
are listed in this module as ``CORE_ROUTES``.
"""

from __future__ import annotations

import importlib
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from roret.accounts.admin_site import GATE_DENIAL
from roret.accounts.models import Role, User
from roret.audit.models import AccessLogEntry
from roret.journal.models import Note
from roret.journal.rules import can_read_journal
from roret.organisation.models import Department, Team
from roret.people.models import Citizen
from roret.plans.models import Goal, Plan
from roret.plans.rules import can_read_plans
from tests.factories import (
    DepartmentFactory,
    TeamFactory,
    UserFactory,
    login_password_only,
    login_staff,
)

PAGE = "page"
API = "api"
PUBLIC = "public"
KINDS = (PAGE, API, PUBLIC)

# Any logged-in staff user with a verified second factor, whatever their roles.
ANY_STAFF: frozenset[str] = frozenset()

ALL_ROLES = frozenset(
    {
        Role.CASEWORKER,
        Role.COORDINATOR,
        Role.OUTREACH_WORKER,
        Role.PROVIDER_STAFF,
        Role.TEAM_LEADER,
        Role.MANAGER,
        Role.FINANCE,
        Role.ADMINISTRATOR,
    }
)


@dataclass(frozen=True)
class Scope:
    """The organisation a check runs in; made fresh for every route."""

    department: Department  # owns the object; allowed and denied users are members
    team: Team  # a team in ``department``; allowed and denied users are members
    other_department: Department  # no relation to the object
    other_team: Team  # a team in ``other_department``


Builder = Callable[[Scope], dict[str, Any]]


@dataclass(frozen=True)
class Route:
    name: str
    kind: str
    roles: Iterable[str] = ANY_STAFF
    kwargs: Builder | None = None
    method: str = "get"
    data: Builder | None = None
    ok: tuple[int, ...] = (200,)
    department_scoped: bool = False
    second_factor: bool = True
    unverified_ok: tuple[int, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(self.roles))
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: kind must be one of {KINDS}, not {self.kind!r}")
        unknown = set(self.roles) - ALL_ROLES
        if unknown:
            raise ValueError(f"{self.name}: unknown role codes {sorted(unknown)}")
        if self.kind == PUBLIC and (self.roles or self.department_scoped):
            raise ValueError(f"{self.name}: a public route has no roles")


@dataclass(frozen=True)
class RouteGroup:
    """Every route in a URL namespace behind one gate (checks 1, 2 and 4 apply to each).

    The allowed check uses a user who holds the role *and* is a superuser: the matrix proves
    the gate; per-model permissions inside it are the owning app's tests.
    """

    namespace: str
    kind: str
    roles: Iterable[str]
    kwargs: Callable[[RouteInfo, Scope], dict[str, Any]]
    allowed_is_superuser: bool = False
    # The reason the gate gives when it refuses (PermissionDenied's message), which tells a
    # refusal by the gate apart from a refusal by one model's permissions inside it.
    gate_denial: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(self.roles))


@dataclass(frozen=True)
class RouteInfo:
    """One route found in the resolver."""

    name: str | None
    namespace: str
    pattern: str  # the whole path pattern, e.g. "borgere/<int:pk>/"
    callback: Callable[..., Any]
    kwarg_names: tuple[str, ...]

    @property
    def key(self) -> str:
        if self.name is None:
            return f"{self.namespace}:<unnamed {self.pattern}>".lstrip(":")
        return f"{self.namespace}:{self.name}" if self.namespace else self.name

    def url(self, kwargs: dict[str, Any]) -> str:
        if self.name is not None:
            return reverse(self.key, kwargs=kwargs)
        # Unnamed routes (Django's admin has two) are built from their pattern.
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m[1]]), self.pattern)
        path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m[1]]), path)
        return "/" + path.replace("^", "").replace("$", "")


_KWARG = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def walk_routes(urlconf: Any = None) -> list[RouteInfo]:
    """Every route the resolver knows, in order, with namespaces joined as for reverse()."""

    def walk(
        patterns: Iterable[URLPattern | URLResolver], namespace: str, prefix: str
    ) -> Iterator[RouteInfo]:
        for entry in patterns:
            text = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, inner, text)
            else:
                names = tuple(a or b for a, b in _KWARG.findall(text))
                yield RouteInfo(entry.name, namespace, text, entry.callback, names)

    return list(walk(get_resolver(urlconf).url_patterns, "", ""))


# --- the registry -------------------------------------------------------------------------


CORE_ROUTES = [
    Route("home", PAGE),
    Route("reports", PAGE),
    Route("healthz", PUBLIC),
    Route("set_language", PAGE, method="post", data=lambda s: {"language": "en"}, ok=(302,)),
]


def _admin_kwargs(route: RouteInfo, scope: Scope) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in route.kwarg_names:
        if name == "app_label":
            # app_list's pattern lists the registered apps: ^(?P<app_label>auth|accounts|...)/$
            match = re.search(r"\(\?P<app_label>([^)|]+)", route.pattern)
            values[name] = match[1] if match else "accounts"
        elif name == "content_type_id":
            values[name] = ContentType.objects.get_for_model(Department).pk
        else:
            values[name] = scope.department.pk
    return values


ADMIN = RouteGroup(
    namespace="admin",
    kind=PAGE,
    roles={Role.ADMINISTRATOR},
    kwargs=_admin_kwargs,
    allowed_is_superuser=True,
    gate_denial=GATE_DENIAL,
)
# An entry by name wins over a group: the admin's own login form is public, and Roret's admin
# site turns it into a redirect to the one login page.
ADMIN_ROUTES = [Route("admin:login", PUBLIC, ok=(302,))]

GROUPS = [ADMIN]


@dataclass
class Registry:
    routes: dict[str, Route]
    groups: list[RouteGroup]
    sources: dict[str, str]

    def add(self, route: Route, source: str) -> None:
        if route.name in self.routes:
            raise ValueError(
                f"{route.name} is in the access matrix twice: {self.sources[route.name]} "
                f"and {source}"
            )
        self.routes[route.name] = route
        self.sources[route.name] = source

    def rule_for(self, info: RouteInfo) -> Route | RouteGroup | None:
        if info.key in self.routes:
            return self.routes[info.key]
        for group in self.groups:
            if info.namespace == group.namespace or info.namespace.startswith(
                group.namespace + ":"
            ):
                return group
        return None


TESTS_DIR = Path(__file__).resolve().parent


def load_registry(extra: Iterable[Route] = ()) -> Registry:
    """The matrix: the core and admin routes here plus every ``tests/<app>/access.py``."""
    registry = Registry({}, list(GROUPS), {})
    for route in [*CORE_ROUTES, *ADMIN_ROUTES]:
        registry.add(route, "tests/access_matrix.py")
    for path in sorted(TESTS_DIR.glob("*/access.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.access")
        for route in module.ROUTES:
            registry.add(route, str(path.relative_to(TESTS_DIR.parent)))
    for route in extra:
        registry.add(route, "extra")
    return registry


def missing_routes(urlconf: Any = None, registry: Registry | None = None) -> list[str]:
    """Routes in the resolver that the matrix does not cover."""
    registry = registry or load_registry()
    return [info.key for info in walk_routes(urlconf) if registry.rule_for(info) is None]


def stale_entries(urlconf: Any = None, registry: Registry | None = None) -> list[str]:
    """Matrix entries that name no route (a typo, or a route that was removed)."""
    registry = registry or load_registry()
    keys = {info.key for info in walk_routes(urlconf)}
    return sorted(set(registry.routes) - keys)


# --- the checks ---------------------------------------------------------------------------


def make_scope() -> Scope:
    department = DepartmentFactory.create()
    other = DepartmentFactory.create()
    return Scope(
        department=department,
        team=TeamFactory.create(department=department),
        other_department=other,
        other_team=TeamFactory.create(department=other),
    )


def _staff(
    roles: Iterable[str], department: Department, team: Team, *, superuser: bool = False
) -> User:
    return UserFactory.create(
        roles=sorted(roles), departments=[department], teams=[team], is_superuser=superuser
    )


# The test client's responses (with .json() and .context); django-stubs has no public name.
Response = Any


def _request(client: Client, method: str, url: str, data: dict[str, Any]) -> Response:
    return getattr(client, method)(url, data)


def _describe(response: Response) -> str:
    location = response.get("Location", "")
    return f"{response.status_code}" + (f" → {location}" if location else "")


def _login_url() -> str:
    return str(resolve_url(settings.LOGIN_URL))


def _denial_reason(response: Response) -> str:
    context = getattr(response, "context", None)
    return str(context.get("exception", "")) if context is not None else ""


def _assert_login_redirect(response: Response, who: str, key: str) -> None:
    expected = _login_url() + "?next="
    assert response.status_code == 302 and response["Location"].startswith(expected), (
        f"{key}: {who} should be sent to {expected}…, got {_describe(response)}"
    )


def _assert_problem_401(response: Response, who: str, key: str) -> None:
    assert response.status_code == 401, f"{key}: {who} should get 401, got {_describe(response)}"
    assert response["Content-Type"] == "application/problem+json", (
        f"{key}: a 401 from the API carries a problem body, got {response['Content-Type']}"
    )
    assert response.json()["status"] == 401


def check_route(info: RouteInfo, rule: Route | RouteGroup) -> None:
    """Runs the checks of the module docstring against one route; AssertionError if broken."""
    scope = make_scope()
    if isinstance(rule, RouteGroup):
        _check_group_route(info, rule, scope)
        return
    _check_route(info, rule, scope)


def citizen_gate(info: RouteInfo) -> Any:
    """The route's citizen gate, None for a route marked ``not_citizen_data``, or the
    string "unmarked" for a route that is neither."""
    return getattr(info.callback, "citizen_gate", "unmarked")


def _assert_no_store(response: Response, key: str, who: str) -> None:
    assert "no-store" in response.get("Cache-Control", ""), (
        f"{key}: the response to {who} may hold personal data and must carry "
        f"Cache-Control: no-store, got {response.get('Cache-Control')!r}"
    )


def _entries_after(last_id: int) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.filter(id__gt=last_id).order_by("id"))


def _last_entry_id() -> int:
    return AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0


@dataclass(frozen=True)
class SeededContent:
    """The note and goal given to one citizen of a check (check 8)."""

    citizen_id: int
    note: str
    goal: str


def _last_citizen_id() -> int:
    return Citizen.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def seed_content(after_citizen_id: int, scope: Scope) -> list[SeededContent]:
    """A note and a goal for every citizen made since ``after_citizen_id``: the goal in the
    citizen's current plan, or in an archived one when there is none (so a route that
    expects no current plan, such as creating one, still meets what it expects)."""
    seeded = []
    author = None
    for citizen in Citizen.objects.filter(pk__gt=after_citizen_id).order_by("pk"):
        if author is None:
            author = _staff([Role.CASEWORKER], scope.department, scope.team)
        marker = uuid.uuid4().hex[:12]
        note = f"Notatkontrol-{marker}"
        goal = f"Maalkontrol-{marker}"
        Note.objects.create(
            citizen=citizen, text=note, author=author, author_department=scope.department
        )
        plan = Plan.objects.filter(citizen=citizen, is_current=True).first()
        if plan is None:
            plan = Plan.objects.create(
                citizen=citizen,
                coordinator=author,
                department=scope.department,
                is_current=False,
                archived_at=timezone.now(),
            )
        Goal.objects.create(
            plan=plan,
            citizen_wording=goal,
            life_area=Goal.LifeArea.HOUSING,
            scale=Goal.Scale.LADDER,
        )
        seeded.append(SeededContent(citizen.pk, note, goal))
    return seeded


def assert_content_per_role(
    key: str, who: str, user: User, response: Response, seeded: list[SeededContent]
) -> None:
    """Check 8: what the page shows of each seeded citizen follows the user's roles."""
    if response.status_code != 200 or not seeded:
        return
    body = response.content.decode(errors="replace")
    reads_notes = bool(can_read_journal.test(user))
    reads_plans = bool(can_read_plans.test(user))
    for content in seeded:
        if not reads_notes:
            assert content.note not in body, f"{key}: {who} may not read notes, but sees one"
            journal = reverse("journal:citizen_timeline", args=[content.citizen_id])
            assert f'href="{journal}"' not in body, (
                f"{key}: {who} may not read the journal, but the page links to it"
            )
        if not reads_plans:
            assert content.goal not in body, f"{key}: {who} may not read plans, but sees a goal"
            plan = reverse("plans:plan_for_citizen", args=[content.citizen_id])
            assert f'href="{plan}"' not in body, (
                f"{key}: {who} may not read plans, but the page links to the plan"
            )


def _check_route(info: RouteInfo, route: Route, scope: Scope) -> None:
    key = info.key
    gated = citizen_gate(info) not in (None, "unmarked")
    if info.kwarg_names and info.namespace != "admin":
        assert citizen_gate(info) != "unmarked", (
            f"{key}: a route with URL arguments must be behind the citizen gate "
            "(roret.people.gate.citizen_route) or marked not_citizen_data"
        )

    def call(client: Client) -> Response:
        kwargs = route.kwargs(scope) if route.kwargs else {}
        data = route.data(scope) if route.data else {}
        return _request(client, route.method, info.url(kwargs), data)

    def logged_call(
        client: Client, who: str, *, granted: bool, user: User | None = None
    ) -> Response:
        # The objects are made before the request, so that only the request's entries count.
        citizens_before = _last_citizen_id()
        kwargs = route.kwargs(scope) if route.kwargs else {}
        data = route.data(scope) if route.data else {}
        url = info.url(kwargs)
        seeded = seed_content(citizens_before, scope) if gated and user is not None else []
        before = _last_entry_id()
        response = _request(client, route.method, url, data)
        _assert_no_store(response, key, who)
        if user is not None:
            assert_content_per_role(key, who, user, response, seeded)
        if gated:
            entries = [(e.granted, e.action) for e in _entries_after(before)]
            assert len(entries) == 1 and entries[0][0] is granted, (
                f"{key}: {who} ({_describe(response)}) should leave exactly one "
                f"{'granted' if granted else 'refused'} access-log entry, got {entries}"
            )
        return response

    response = call(Client())
    if route.kind == PUBLIC:
        assert response.status_code in route.ok, (
            f"{key}: a public route should answer {route.ok} without login, "
            f"got {_describe(response)}"
        )
        return
    if route.kind == PAGE:
        _assert_login_redirect(response, "an anonymous visitor", key)
    else:
        _assert_problem_401(response, "an anonymous caller", key)

    some_allowed_role = sorted(route.roles)[:1]
    unverified = _staff(some_allowed_role, scope.department, scope.team)
    response = call(login_password_only(Client(), unverified))
    if not route.second_factor:
        expected = route.unverified_ok or route.ok
        assert response.status_code in expected, (
            f"{key}: a user with only a password should get {expected}, got {_describe(response)}"
        )
    elif route.kind == PAGE:
        otp_step = reverse("otp_verify")
        assert response.status_code == 302 and response["Location"].startswith(otp_step), (
            f"{key}: a user with only a password should be sent to {otp_step}, "
            f"got {_describe(response)}"
        )
    else:
        _assert_problem_401(response, "a user with only a password", key)

    every_role_alone = [[code] for code in sorted(ALL_ROLES)] if gated else []
    for roles in [[code] for code in sorted(route.roles)] or [[], *every_role_alone]:
        allowed = _staff(roles, scope.department, scope.team)
        who = f"a user with role {roles or 'none'} in the right department"
        response = logged_call(login_staff(Client(), allowed), who, granted=True, user=allowed)
        assert response.status_code in route.ok, (
            f"{key}: {who} should get {route.ok}, got {_describe(response)}"
        )

    if route.roles:
        others = ALL_ROLES - set(route.roles)
        denied = _staff(others, scope.department, scope.team)
        who = f"a user with every role except {sorted(route.roles)}"
        response = logged_call(login_staff(Client(), denied), who, granted=False)
        assert response.status_code == 403, (
            f"{key}: {who} should get 403, got {_describe(response)}"
        )
        for code in sorted(others) if gated else []:
            alone = _staff([code], scope.department, scope.team)
            who = f"a user with only the role {code}"
            response = logged_call(login_staff(Client(), alone), who, granted=False)
            assert response.status_code == 403, (
                f"{key}: {who} should get 403, got {_describe(response)}"
            )

    if route.department_scoped or gated:
        stranger = _staff(route.roles, scope.other_department, scope.other_team)
        who = "a user with the role in another department"
        response = logged_call(login_staff(Client(), stranger), who, granted=False)
        assert response.status_code in (403, 404), (
            f"{key}: {who} should get 403 or 404, got {_describe(response)}"
        )


def _check_group_route(info: RouteInfo, group: RouteGroup, scope: Scope) -> None:
    key = info.key
    url = info.url(group.kwargs(info, scope))
    response = Client().get(url)
    _assert_login_redirect(response, "an anonymous visitor", key)

    unverified = _staff(group.roles, scope.department, scope.team)
    response = login_password_only(Client(), unverified).get(url)
    otp_step = reverse("otp_verify")
    assert response.status_code == 302 and response["Location"].startswith(otp_step), (
        f"{key}: a user with only a password should be sent to {otp_step}, "
        f"got {_describe(response)}"
    )

    denied = _staff(ALL_ROLES - set(group.roles), scope.department, scope.team)
    response = login_staff(Client(), denied).get(url)
    assert response.status_code == 403, (
        f"{key}: a user with every role except {sorted(group.roles)} should get 403, "
        f"got {_describe(response)}"
    )
    assert _denial_reason(response) == group.gate_denial, (
        f"{key}: the gate should refuse, not {_denial_reason(response)!r}"
    )

    allowed = _staff(
        group.roles, scope.department, scope.team, superuser=group.allowed_is_superuser
    )
    response = login_staff(Client(), allowed).get(url)
    login_or_otp = (_login_url(), reverse("otp_verify"))
    refused_by_gate = response.status_code == 403 and _denial_reason(response) == group.gate_denial
    assert response.status_code < 500 and not refused_by_gate, (
        f"{key}: a user with {sorted(group.roles)} should pass the gate, got {_describe(response)}"
    )
    assert not response.get("Location", "").startswith(login_or_otp), (
        f"{key}: a user with {sorted(group.roles)} was sent to log in: {_describe(response)}"
    )
