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
from collections import Counter

from roret.organisation.models import Department, Team
from roret.people.models import CitizenLink
from roret.seed.bulk import BATCH, Row, insert
from roret.seed.context import CitizenRecord, SeedContext, chunked
from roret.seed.problems import CRIME, HOMELESSNESS, MENTAL, NO_JOB, SUBSTANCE, WEAK_SOCIAL
from roret.seed.staff import DEMO_USERS, demo_team_key

REGISTRATION = "people.registration"
CASELOAD = "seed.caseload"
# A demo user's team should show at least this many citizens.
MIN_DEMO_TEAM_CITIZENS = 5


def seed_citizen_links(ctx: SeedContext) -> None:
    tally = _Tally()
    with ctx.progress(len(ctx.citizens), "Adgangsgrundlag", unit="citizens") as bar:
        for batch in chunked(ctx.citizens, BATCH):
            links = [link for citizen in batch for link in _links_for(ctx, citizen)]
            _save(ctx, tally, links)
            bar.update(len(batch))
        _save(ctx, tally, _demo_top_up(ctx, tally))


class _Tally:
    """What the demo top-up needs to know about the links written so far."""

    def __init__(self) -> None:
        self.pairs: set[tuple[int, int]] = set()
        self.per_team: Counter[int] = Counter()
        self.per_department: Counter[int] = Counter()


def _save(ctx: SeedContext, tally: _Tally, links: list[Row]) -> None:
    insert(CitizenLink, links)
    ctx.created["people.CitizenLink"] += len(links)
    ctx.link_departments(links)
    for link in links:
        citizen_id, team_id, department_id = (
            link["citizen_id"],
            link["team_id"],
            link["department_id"],
        )
        tally.pairs.add((team_id, citizen_id))
        if link["ends_on"] is None:
            tally.per_team[team_id] += 1
            tally.per_department[department_id] += 1


def _link(
    citizen: CitizenRecord,
    team: Team,
    source_type: str,
    source_id: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Row:
    return {
        "citizen_id": citizen.pk,
        "department_id": team.department_id,
        "team_id": team.pk,
        "source_type": source_type,
        "source_id": source_id,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def _links_for(ctx: SeedContext, citizen: CitizenRecord) -> list[Row]:
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
    links = [_link(citizen, registered_by, REGISTRATION, str(citizen.pk), citizen.registered_on)]

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


def _caseload_link(ctx: SeedContext, citizen: CitizenRecord, team: Team) -> Row:
    last_day = citizen.date_of_death or ctx.today
    starts_on = ctx.date_between(citizen.registered_on, last_day)
    ends_on: datetime.date | None = citizen.date_of_death
    if ends_on is None and ctx.rng.random() < 0.2:
        ends_on = ctx.date_between(starts_on + datetime.timedelta(days=30), ctx.today)
    return _link(citizen, team, CASELOAD, f"{citizen.pk}-{team.pk}", starts_on, ends_on)


def _demo_top_up(ctx: SeedContext, tally: _Tally) -> list[Row]:
    """Small seeds might leave a demo user's team or department empty; give it a few citizens."""
    living = [c for c in ctx.citizens if c.date_of_death is None]
    extra: list[Row] = []
    for spec in DEMO_USERS:
        teams = [ctx.team(demo_team_key(ctx, key)) for key in spec.teams]
        departments = [ctx.department(kind) for kind in spec.departments]
        targets = [t for t in teams if tally.per_team[t.pk] < MIN_DEMO_TEAM_CITIZENS]
        targets += [_first_team(ctx, d) for d in departments if not tally.per_department[d.pk]]
        for team in targets:
            candidates = [c for c in living if c.area_id == team.area_id] if team.area_id else []
            for citizen in (candidates or living)[:MIN_DEMO_TEAM_CITIZENS]:
                if (team.pk, citizen.pk) in tally.pairs:
                    continue
                tally.pairs.add((team.pk, citizen.pk))
                tally.per_team[team.pk] += 1
                tally.per_department[team.department_id] += 1
                starts_on = ctx.date_between(citizen.registered_on, ctx.today)
                extra.append(_link(citizen, team, CASELOAD, f"{citizen.pk}-{team.pk}", starts_on))
    return extra


def _first_team(ctx: SeedContext, department: Department) -> Team:
    return next(t for t in ctx.teams.values() if t.department_id == department.pk)
