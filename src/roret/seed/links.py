"""Phase: the need-to-know links (people.CitizenLink) from departments and teams to citizens.

Until casework, plans and outreach write their own links, every citizen gets the link of the
department that registered them (``people.registration``) and some get caseload links
(``seed.caseload``) shaped by their problems: the Jobcenter follows citizens without work, the
drug treatment centre those with substance misuse, outreach teams their housing area. Most
citizens are linked only to the authority side, so a demo user from the Jobcenter or from
health visibly does not see them.
"""

from __future__ import annotations

import datetime

from roret.organisation.models import Department, Team
from roret.people.models import CitizenLink
from roret.seed.citizens import BATCH
from roret.seed.context import CitizenRecord, SeedContext, chunked
from roret.seed.problems import CRIME, HOMELESSNESS, MENTAL, NO_JOB, SUBSTANCE, WEAK_SOCIAL
from roret.seed.staff import DEMO_USERS, demo_team_key

REGISTRATION = "people.registration"
CASELOAD = "seed.caseload"
# A demo user's team should show at least this many citizens.
MIN_DEMO_TEAM_CITIZENS = 5


def seed_citizen_links(ctx: SeedContext) -> None:
    with ctx.progress(len(ctx.citizens), "Adgangsgrundlag", unit="citizens") as bar:
        links: list[CitizenLink] = []
        for citizen in ctx.citizens:
            links.extend(_links_for(ctx, citizen))
            bar.update()
        links.extend(_demo_top_up(ctx, links))
        for batch in chunked(links, BATCH):
            CitizenLink.objects.bulk_create(batch)
        ctx.created["people.CitizenLink"] += len(links)
    for link in links:
        departments = ctx.linked_departments.setdefault(link.citizen_id, [])
        if link.department_id not in departments:
            departments.append(link.department_id)


def _links_for(ctx: SeedContext, citizen: CitizenRecord) -> list[CitizenLink]:
    rng = ctx.rng
    problems = set(citizen.problems)
    age = (ctx.today - citizen.birth_date).days // 365
    outreach = _outreach_team(ctx, citizen)
    draw = rng.random()
    if draw < 0.82:
        registered_by = ctx.team("adults")
    elif draw < 0.92:
        registered_by = outreach
    else:
        registered_by = ctx.team("jobcentre")
    links = [
        CitizenLink(
            citizen_id=citizen.pk,
            department_id=registered_by.department_id,
            team=registered_by,
            source_type=REGISTRATION,
            source_id=str(citizen.pk),
            starts_on=citizen.registered_on,
        )
    ]

    chances: list[tuple[str | Team, float]] = [
        ("jobcentre", 0.6 if NO_JOB in problems and age < 67 else 0.05),
        ("resource", 0.1 if NO_JOB in problems and age < 60 else 0.0),
        (outreach, 0.35 if problems & {HOMELESSNESS, SUBSTANCE, MENTAL} else 0.03),
        ("coordinators", 0.2 if citizen.area_id and len(problems) >= 2 else 0.0),
        ("m_act", 0.3 if {MENTAL, SUBSTANCE} <= problems else 0.0),
        ("housing_support", 0.25 if problems & {MENTAL, WEAK_SOCIAL} else 0.03),
        ("cti", 0.3 if HOMELESSNESS in problems and citizen.lives_at_fixed_address else 0.0),
        ("substance", 0.5 if SUBSTANCE in problems else 0.0),
        ("nursing", 0.2 if age >= 65 else (0.1 if MENTAL in problems else 0.0)),
        ("allocation", 0.6 if HOMELESSNESS in problems else 0.0),
        ("adults", 0.6 if registered_by != ctx.team("adults") else 0.0),
        ("fast_track", 0.1 if len(problems) >= 2 and problems & {HOMELESSNESS, CRIME} else 0.02),
    ]
    for target, chance in chances:
        # Drawn for every citizen, so one citizen's problems do not shift the others' data.
        roll = rng.random()
        if roll >= chance:
            continue
        team = target if isinstance(target, Team) else ctx.team(target)
        links.append(_caseload_link(ctx, citizen, team))
    return links


def _outreach_team(ctx: SeedContext, citizen: CitizenRecord) -> Team:
    # Outreach workers meet citizens without an address in some area too.
    area = next((a for a in ctx.areas if a.pk == citizen.area_id), None) or ctx.rng.choice(
        ctx.areas
    )
    return ctx.team(f"outreach:{area.pk}")


def _caseload_link(ctx: SeedContext, citizen: CitizenRecord, team: Team) -> CitizenLink:
    last_day = citizen.date_of_death or ctx.today
    starts_on = ctx.date_between(citizen.registered_on, last_day)
    ends_on: datetime.date | None = citizen.date_of_death
    if ends_on is None and ctx.rng.random() < 0.2:
        ends_on = ctx.date_between(starts_on + datetime.timedelta(days=30), ctx.today)
    return CitizenLink(
        citizen_id=citizen.pk,
        department_id=team.department_id,
        team=team,
        source_type=CASELOAD,
        source_id=f"{citizen.pk}-{team.pk}",
        starts_on=starts_on,
        ends_on=ends_on,
    )


def _demo_top_up(ctx: SeedContext, links: list[CitizenLink]) -> list[CitizenLink]:
    """Small seeds might leave a demo user's team or department empty; give it a few citizens."""
    have: set[tuple[int, int]] = {(link.team_id or 0, link.citizen_id) for link in links}
    team_counts: dict[int, int] = {}
    department_counts: dict[int, int] = {}
    for link in links:
        if link.ends_on is None:
            team_counts[link.team_id or 0] = team_counts.get(link.team_id or 0, 0) + 1
            department_counts[link.department_id] = department_counts.get(link.department_id, 0) + 1
    living = [c for c in ctx.citizens if c.date_of_death is None]
    extra: list[CitizenLink] = []
    for spec in DEMO_USERS:
        teams = [ctx.team(demo_team_key(ctx, key)) for key in spec.teams]
        departments = [ctx.department(kind) for kind in spec.departments]
        targets: list[Team] = [
            t for t in teams if team_counts.get(t.pk, 0) < MIN_DEMO_TEAM_CITIZENS
        ]
        targets += [_first_team(ctx, d) for d in departments if department_counts.get(d.pk, 0) == 0]
        for team in targets:
            candidates = [c for c in living if c.area_id == team.area_id] if team.area_id else []
            for citizen in (candidates or living)[:MIN_DEMO_TEAM_CITIZENS]:
                if (team.pk, citizen.pk) in have:
                    continue
                have.add((team.pk, citizen.pk))
                extra.append(
                    CitizenLink(
                        citizen_id=citizen.pk,
                        department_id=team.department_id,
                        team=team,
                        source_type=CASELOAD,
                        source_id=f"{citizen.pk}-{team.pk}",
                        starts_on=ctx.date_between(citizen.registered_on, ctx.today),
                    )
                )
                team_counts[team.pk] = team_counts.get(team.pk, 0) + 1
                department_counts[team.department_id] = (
                    department_counts.get(team.department_id, 0) + 1
                )
    return extra


def _first_team(ctx: SeedContext, department: Department) -> Team:
    return next(t for t in ctx.teams.values() if t.department_id == department.pk)
