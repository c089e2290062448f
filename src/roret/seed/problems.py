"""Problem areas (udsathedsfaktorer) with realistic co-occurrence, and the phase that dates
and stores them.

Each citizen gets one profile; a profile is a core problem plus others that tend to come
with it (homelessness rarely comes alone: substance misuse and mental illness follow it).
The citizens phase chooses the problems, because they decide whether a citizen has a fixed
address; this phase gives them start and end dates.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from roret.people.models import ProblemArea, ProblemAreaType
from roret.seed.bulk import BATCH, insert
from roret.seed.context import SeedContext, add_years, chunked

HOMELESSNESS = "homelessness"
SUBSTANCE = "substance_misuse"
MENTAL = "mental_illness"
PROSTITUTION = "prostitution"
VIOLENCE = "violence_close_relations"
NO_JOB = "no_labour_market_attachment"
CRIME = "crime"
WEAK_SOCIAL = "weak_social_skills"
TRAUMA = "crisis_trauma_neglect"
POVERTY = "poverty"


@dataclass(frozen=True)
class Profile:
    core: str
    companions: tuple[tuple[str, float], ...]
    weight_women: float
    weight_men: float


PROFILES: list[Profile] = [
    Profile(
        HOMELESSNESS,
        ((SUBSTANCE, 0.65), (MENTAL, 0.55), (NO_JOB, 0.8), (POVERTY, 0.5), (CRIME, 0.25)),
        8,
        18,
    ),
    Profile(
        SUBSTANCE,
        ((MENTAL, 0.45), (NO_JOB, 0.6), (CRIME, 0.25), (POVERTY, 0.3), (TRAUMA, 0.15)),
        14,
        24,
    ),
    Profile(
        MENTAL,
        ((WEAK_SOCIAL, 0.45), (NO_JOB, 0.5), (POVERTY, 0.25), (TRAUMA, 0.25), (SUBSTANCE, 0.2)),
        26,
        18,
    ),
    Profile(VIOLENCE, ((TRAUMA, 0.6), (MENTAL, 0.35), (POVERTY, 0.3)), 14, 2),
    Profile(
        PROSTITUTION, ((SUBSTANCE, 0.5), (TRAUMA, 0.6), (VIOLENCE, 0.35), (MENTAL, 0.3)), 5, 0.5
    ),
    Profile(NO_JOB, ((POVERTY, 0.55), (WEAK_SOCIAL, 0.35), (MENTAL, 0.2)), 22, 22),
    Profile(CRIME, ((SUBSTANCE, 0.55), (NO_JOB, 0.6), (WEAK_SOCIAL, 0.3)), 2, 10),
    Profile(TRAUMA, ((MENTAL, 0.4), (WEAK_SOCIAL, 0.3)), 5, 3),
]
# Registered, not yet assessed: no problem area recorded.
SHARE_WITHOUT_PROBLEMS = 0.05
MAX_USUAL_PROBLEMS = 4


def choose_problems(rng: random.Random, sex: str, known: frozenset[str]) -> tuple[str, ...]:
    if rng.random() < SHARE_WITHOUT_PROBLEMS:
        return ()
    weights = [p.weight_women if sex == "F" else p.weight_men for p in PROFILES]
    profile = rng.choices(PROFILES, weights)[0]
    problems = [profile.core]
    for code, probability in profile.companions:
        if rng.random() < probability:
            problems.append(code)
    # Most citizens have one to four; the few with more are the most complex cases.
    if len(problems) > MAX_USUAL_PROBLEMS and rng.random() < 0.85:
        problems = problems[:MAX_USUAL_PROBLEMS]
    return tuple(code for code in problems if code in known)


NOTES = [
    "Oplyst af borgeren",
    "Fra opsøgende kontakt",
    "Bekræftet af egen læge",
    "Oplyst ved visitationssamtale",
    "Fra underretning",
]


def seed_problem_areas(ctx: SeedContext) -> None:
    types = {t.code: t.pk for t in ProblemAreaType.objects.all()}
    authority = ctx.department("social_authority").pk
    recorders = [s.pk for s in ctx.staff if authority in s.department_ids]
    rng = ctx.rng
    total = sum(len(c.problems) for c in ctx.citizens)
    with ctx.progress(total, "Problemområder") as bar:
        rows = (
            {
                "citizen_id": citizen_pk,
                "type_id": types[code],
                "started_on": started,
                "ended_on": ended,
                "note": rng.choice(NOTES) if rng.random() < 0.3 else "",
                "recorded_by_id": (
                    rng.choice(recorders) if recorders and rng.random() < 0.8 else None
                ),
            }
            for citizen_pk, code, started, ended in _dated_problems(ctx)
        )
        for batch in chunked(rows, BATCH):
            insert(ProblemArea, batch)
            ctx.created["people.ProblemArea"] += len(batch)
            bar.update(len(batch))


def _dated_problems(
    ctx: SeedContext,
) -> list[tuple[int, str, datetime.date, datetime.date | None]]:
    rng = ctx.rng
    dated: list[tuple[int, str, datetime.date, datetime.date | None]] = []
    for citizen in ctx.citizens:
        last_day = citizen.date_of_death or ctx.today
        earliest = max(add_years(citizen.birth_date, 15), ctx.years_ago(12))
        latest = min(citizen.registered_on + datetime.timedelta(days=180), last_day)
        for code in citizen.problems:
            started = ctx.date_between(earliest, latest)
            ended: datetime.date | None = None
            if code == HOMELESSNESS:
                # Homeless citizens without an address are homeless now; the others were.
                if citizen.lives_at_fixed_address:
                    ended = ctx.date_between(started + datetime.timedelta(days=30), last_day)
            elif rng.random() < 0.2:
                ended = ctx.date_between(started + datetime.timedelta(days=30), last_day)
            if ended is not None and ended > last_day:
                ended = last_day
            dated.append((citizen.pk, code, started, ended))
    return dated
