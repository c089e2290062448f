"""Phase: staff users. The demo users have fixed usernames; M and L add generated staff.

Every seeded user shares the demo password, hashed once: hashing is deliberately slow and
hundreds of users would otherwise cost minutes. Seeded data is never production data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password

from roret.accounts.models import Role, User
from roret.organisation.models import Department
from roret.seed.context import SeedContext, StaffRecord, ascii_name

DEMO_PASSWORD = "roret-demo-kode"  # noqa: S105 - the published demo password, synthetic data only

K = Department.Kind
R = Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    roles: tuple[str, ...]
    departments: tuple[str, ...]
    teams: tuple[str, ...]


DEMO_USERS: list[DemoUser] = [
    DemoUser("sagsbehandler", "Sofie", "Holm", (R.CASEWORKER,), (K.SOCIAL_AUTHORITY,), ("adults",)),
    DemoUser(
        "teamleder",
        "Louise",
        "Krogh",
        (R.TEAM_LEADER, R.CASEWORKER),
        (K.SOCIAL_AUTHORITY,),
        ("fast_track",),
    ),
    DemoUser(
        "koordinator", "Mads", "Kjær", (R.COORDINATOR,), (K.SOCIAL_PROVIDER,), ("coordinators",)
    ),
    DemoUser(
        "opsoger", "Ida", "Lund", (R.OUTREACH_WORKER,), (K.SOCIAL_PROVIDER,), ("outreach:first",)
    ),
    DemoUser(
        "bostotte", "Jonas", "Bach", (R.PROVIDER_STAFF,), (K.SOCIAL_PROVIDER,), ("housing_support",)
    ),
    DemoUser("jobcenter", "Camilla", "Friis", (R.CASEWORKER,), (K.JOBCENTRE,), ("jobcentre",)),
    DemoUser("rusmiddel", "Peter", "Dahl", (R.PROVIDER_STAFF,), (K.HEALTH,), ("substance",)),
    DemoUser(
        "leder", "Henrik", "Vinther", (R.MANAGER,), (K.SOCIAL_AUTHORITY, K.SOCIAL_PROVIDER), ()
    ),
    DemoUser("okonomi", "Maria", "Juhl", (R.FINANCE,), (K.SOCIAL_AUTHORITY,), ()),
    # The administrator role opens the admin site (users, reference data); with no department
    # the administrator sees no citizens.
    DemoUser("admin", "Anders", "Bonde", (R.ADMINISTRATOR,), (), ()),
]

# Generated staff: (department kind, team key, role code, weight). "outreach:*" = any area.
STAFF_MIX: list[tuple[str, str, str, int]] = [
    (K.SOCIAL_AUTHORITY, "adults", R.CASEWORKER, 22),
    (K.SOCIAL_AUTHORITY, "fast_track", R.CASEWORKER, 5),
    (K.SOCIAL_AUTHORITY, "adults", R.TEAM_LEADER, 1),
    (K.SOCIAL_PROVIDER, "outreach:*", R.OUTREACH_WORKER, 14),
    (K.SOCIAL_PROVIDER, "coordinators", R.COORDINATOR, 6),
    (K.SOCIAL_PROVIDER, "m_act", R.PROVIDER_STAFF, 7),
    (K.SOCIAL_PROVIDER, "housing_support", R.PROVIDER_STAFF, 12),
    (K.SOCIAL_PROVIDER, "cti", R.PROVIDER_STAFF, 4),
    (K.SOCIAL_PROVIDER, "m_act", R.TEAM_LEADER, 1),
    (K.JOBCENTRE, "jobcentre", R.CASEWORKER, 10),
    (K.JOBCENTRE, "resource", R.CASEWORKER, 4),
    (K.HEALTH, "substance", R.PROVIDER_STAFF, 6),
    (K.HEALTH, "nursing", R.PROVIDER_STAFF, 4),
    (K.HOUSING, "allocation", R.CASEWORKER, 3),
    (K.SOCIAL_AUTHORITY, "", R.MANAGER, 1),
    (K.SOCIAL_AUTHORITY, "", R.FINANCE, 1),
]


def demo_team_key(ctx: SeedContext, key: str) -> str:
    # The demo outreach worker works in the first housing area.
    return f"outreach:{ctx.areas[0].pk}" if key == "outreach:first" else key


def seed_staff(ctx: SeedContext) -> None:
    roles = {role.code: role for role in Role.objects.all()}
    password_hash = make_password(DEMO_PASSWORD)
    total = len(DEMO_USERS) + ctx.size.extra_staff
    with ctx.progress(total, "Medarbejdere", unit="users") as bar:
        for spec in DEMO_USERS:
            ctx.demo_users[spec.username] = _demo_user(ctx, spec, roles, password_hash)
            bar.update()
        _generated_staff(ctx, roles, password_hash, bar)


def _demo_user(
    ctx: SeedContext, spec: DemoUser, roles: dict[str, Role], password_hash: str
) -> User:
    user, made = User.objects.get_or_create(
        username=spec.username,
        defaults={
            "first_name": spec.first_name,
            "last_name": spec.last_name,
            "email": f"{spec.username}@kommune.example",
            "password": password_hash,
        },
    )
    ctx.created["accounts.User"] += int(made)
    departments = [ctx.departments[kind] for kind in spec.departments]
    teams = [ctx.teams[demo_team_key(ctx, key)] for key in spec.teams]
    user.departments.add(*departments)
    user.teams.add(*teams)
    user.roles.add(*[roles[code] for code in spec.roles if code in roles])
    ctx.staff.append(
        StaffRecord(
            pk=user.pk,
            name=f"{user.first_name} {user.last_name}",
            department_ids=tuple(d.pk for d in departments),
            team_ids=tuple(t.pk for t in teams),
            role_codes=spec.roles,
        )
    )
    return user


def _generated_staff(
    ctx: SeedContext, roles: dict[str, Role], password_hash: str, bar: Any
) -> None:
    if ctx.size.extra_staff == 0:
        return
    taken = set(User.objects.values_list("username", flat=True))
    outreach_keys = [f"outreach:{area.pk}" for area in ctx.areas]
    weights = [weight for *_, weight in STAFF_MIX]
    plans: list[tuple[User, str, str, str]] = []
    for _ in range(ctx.size.extra_staff):
        kind, team_key, role_code, _weight = ctx.rng.choices(STAFF_MIX, weights)[0]
        if team_key == "outreach:*":
            team_key = ctx.rng.choice(outreach_keys)
        female = ctx.rng.random() < 0.65
        first = ctx.faker.first_name_female() if female else ctx.faker.first_name_male()
        last = ctx.faker.last_name()
        username = _username(first, last, taken)
        user = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@kommune.example",
            password=password_hash,
        )
        plans.append((user, kind, team_key, role_code))

    users = User.objects.bulk_create([user for user, *_ in plans], batch_size=500)
    ctx.created["accounts.User"] += len(users)
    memberships_d = []
    memberships_t = []
    memberships_r = []
    for (_user, kind, team_key, role_code), user in zip(plans, users, strict=True):
        department = ctx.departments[kind]
        team = ctx.teams[team_key] if team_key else None
        memberships_d.append(User.departments.through(user_id=user.pk, department_id=department.pk))
        if team is not None:
            memberships_t.append(User.teams.through(user_id=user.pk, team_id=team.pk))
        if role_code in roles:
            memberships_r.append(User.roles.through(user_id=user.pk, role_id=roles[role_code].pk))
        ctx.staff.append(
            StaffRecord(
                pk=user.pk,
                name=f"{user.first_name} {user.last_name}",
                department_ids=(department.pk,),
                team_ids=(team.pk,) if team is not None else (),
                role_codes=(role_code,),
            )
        )
    User.departments.through.objects.bulk_create(memberships_d, batch_size=1000)
    User.teams.through.objects.bulk_create(memberships_t, batch_size=1000)
    User.roles.through.objects.bulk_create(memberships_r, batch_size=1000)
    bar.update(len(users))


def _username(first: str, last: str, taken: set[str]) -> str:
    """Initials-style usernames as municipalities use them, e.g. 'sofho', 'sofho2'."""
    base = (ascii_name(first)[:3] + ascii_name(last)[:2]).lower() or "bruger"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}{n}"
    taken.add(candidate)
    return candidate


def demo_login_lines() -> list[str]:
    """One line per demo user that exists: username, name, roles, departments and teams."""
    users = (
        User.objects.filter(username__in=[spec.username for spec in DEMO_USERS])
        .prefetch_related("roles", "departments", "teams")
        .order_by()
    )
    by_username = {user.username: user for user in users}
    width = max(len(spec.username) for spec in DEMO_USERS)
    lines = []
    for spec in DEMO_USERS:
        user = by_username.get(spec.username)
        if user is None:
            continue
        roles = ", ".join(role.name for role in user.roles.all())
        places = [d.name for d in user.departments.all()] + [t.name for t in user.teams.all()]
        where = " / ".join(places) if places else "ingen afdeling, ser ingen borgere"
        lines.append(f"  {user.username:<{width}}  {roles} ({where})")
    return lines
