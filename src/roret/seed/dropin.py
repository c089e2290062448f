"""Three drop-in centres with two years of attendance counts.

The figures follow what drop-in staff describe: more visitors in the cold months and fewer
in July, a lunch peak, quieter Fridays and weekends, closed on public holidays (the night
café stays open on holidays, with fewer visitors), and a few more on the days after benefits
are paid. Counts only: the app has no place for a visitor.

The phase draws from its own ``random.Random`` seeded from ``--seed``, so that adding it
does not change what later phases draw from ``ctx.rng``.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass

import holidays

from roret.dropin.models import Category, Count, OpeningHours, Site, Slot
from roret.organisation.models import Department
from roret.seed.bulk import BATCH, insert
from roret.seed.context import SeedContext, chunked

DAYS = 730
# Relative attendance by month (January first): cold months bring people indoors.
SEASON = (1.2, 1.2, 1.1, 1.0, 0.9, 0.85, 0.7, 0.8, 0.95, 1.05, 1.15, 1.1)
# Relative attendance by ISO weekday (Monday first).
WEEKDAY = {1: 1.1, 2: 1.0, 3: 1.05, 4: 1.0, 5: 0.85, 6: 0.75, 7: 0.7}


@dataclass(frozen=True)
class SitePlan:
    name: str
    address: str
    # ISO weekday -> (opens, closes) as whole hours
    hours: dict[int, tuple[int, int]]
    categories: tuple[tuple[str, float], ...]  # name and share of the visits
    visits_per_day: float
    open_on_holidays: bool = False
    slots: tuple[tuple[str, int], ...] = ()


SITES = (
    SitePlan(
        "Værestedet Havnen",
        "Havnegade 12, 5700 Svendborg",
        {**{d: (9, 16) for d in range(1, 6)}, 6: (10, 14)},
        (("Førstegangsbesøg", 0.08), ("Kendt besøgende", 0.92)),
        visits_per_day=38,
    ),
    SitePlan(
        "Café Skovparken",
        "Skovparken 4, 5700 Svendborg",
        {**{d: (10, 18) for d in range(1, 5)}, 5: (10, 15)},
        (("Mand", 0.64), ("Kvinde", 0.32), ("Ved ikke", 0.04)),
        visits_per_day=27,
    ),
    SitePlan(
        "Natcaféen Kernen",
        "Kullinggade 31, 5700 Svendborg",
        {d: (9, 22) for d in range(1, 8)},
        (("Under 30 år", 0.18), ("30–49 år", 0.45), ("50 år og derover", 0.37)),
        visits_per_day=55,
        open_on_holidays=True,
        slots=(("Formiddag", 9), ("Eftermiddag", 13), ("Aften", 17)),
    ),
)


def _hour_weight(hour: int, opens: int, closes: int) -> float:
    """A lunch peak at 12 and a smaller evening one at 18, within the opening hours."""
    lunch = math.exp(-((hour - 12) ** 2) / 6)
    evening = 0.6 * math.exp(-((hour - 18) ** 2) / 4)
    return 0.25 + lunch + evening if opens <= hour < closes else 0.0


def _visits(rng: random.Random, mean: float) -> int:
    # Poisson-like noise without numpy: a normal with the Poisson's spread.
    return max(0, round(rng.gauss(mean, math.sqrt(mean)))) if mean > 0 else 0


def _site(plan: SitePlan, department: Department) -> tuple[Site, bool]:
    site, created = Site.objects.get_or_create(
        name=plan.name, defaults={"address": plan.address, "department": department}
    )
    if created:
        for weekday, (opens, closes) in plan.hours.items():
            OpeningHours.objects.create(
                site=site, weekday=weekday, opens=datetime.time(opens), closes=datetime.time(closes)
            )
        for order, (name, _share) in enumerate(plan.categories):
            Category.objects.create(site=site, name=name, order=order)
        for name, start in plan.slots:
            Slot.objects.create(site=site, name=name, start_hour=start)
    return site, created


def _slot_of(plan: SitePlan, hour: int) -> int:
    starts = [start for _name, start in plan.slots if start <= hour]
    return max(starts) if starts else hour


def seed_dropin(ctx: SeedContext) -> None:
    rng = random.Random(f"dropin-{ctx.seed}")
    department = ctx.department(Department.Kind.SOCIAL_PROVIDER)
    first = ctx.today - datetime.timedelta(days=DAYS)
    closed = holidays.country_holidays("DK", years=range(first.year, ctx.today.year + 1))
    rows: list[dict[str, object]] = []
    for plan in SITES:
        site, created = _site(plan, department)
        ctx.created["dropin.Site"] += int(created)
        if not created:
            continue  # seeded before (``--force``): keep its history as it is
        categories = list(site.categories.order_by("order"))
        shares = [share for _name, share in plan.categories]
        for offset in range(DAYS):
            day = first + datetime.timedelta(days=offset)
            weekday = day.isoweekday()
            if weekday not in plan.hours or (day in closed and not plan.open_on_holidays):
                continue
            opens, closes = plan.hours[weekday]
            weights = {h: _hour_weight(h, opens, closes) for h in range(opens, closes)}
            total_weight = sum(weights.values())
            mean_day = plan.visits_per_day * SEASON[day.month - 1] * WEEKDAY[weekday]
            if day in closed:
                mean_day *= 0.6
            if day.day in (1, 2):  # benefits paid: a little more money for coffee and bus
                mean_day *= 1.1
            slots: dict[tuple[int, int], int] = {}
            for hour, weight in weights.items():
                for index, share in enumerate(shares):
                    key = (_slot_of(plan, hour), index)
                    slots[key] = slots.get(key, 0) + _visits(
                        rng, mean_day * weight / total_weight * share
                    )
            rows.extend(
                {"category_id": categories[index].pk, "date": day, "hour": hour, "visits": n}
                for (hour, index), n in slots.items()
                if n
            )
    with ctx.progress(len(rows), "Væresteder") as bar:
        for batch in chunked(rows, BATCH):
            insert(Count, batch)
            bar.update(len(batch))
    ctx.created["dropin.Count"] += len(rows)
