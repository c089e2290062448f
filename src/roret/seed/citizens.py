"""Phase: citizens with synthetic CPR numbers, their households and family relations.

Everything about a citizen is planned in memory first (sex, birth date, problems, family),
because the family decides shared addresses and surnames; then the rows are written in
batches. CPR numbers exist in clear only inside this function, between generation and
``Citizen.set_cpr``: they are never printed, logged or kept in the context.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass, field

from roret.organisation.models import Municipality
from roret.people import cpr
from roret.people.models import Citizen, Household, HouseholdMember, ProblemAreaType, Relation
from roret.seed.bulk import BATCH, Row, insert, row_of
from roret.seed.context import CitizenRecord, SeedContext, add_years, ascii_name, danish_phone
from roret.seed.identifiers import CprGenerator
from roret.seed.organisation import POSTCODES
from roret.seed.problems import HOMELESSNESS, choose_problems

# Socially vulnerable adults skew young-middle-aged and male.
AGE_BANDS: list[tuple[int, int, int]] = [
    (18, 24, 12),
    (25, 34, 22),
    (35, 44, 22),
    (45, 54, 20),
    (55, 64, 14),
    (65, 80, 10),
]
SHARE_MEN = 0.6
# Exaggerated compared with the population so that tests and demos meet such numbers.
SHARE_WITHOUT_MODULUS_11 = 0.25
SHARE_DECEASED = 0.015
SHARE_WITH_PHONE = 0.7
SHARE_WITH_EMAIL = 0.3
SHARE_PLACED_BY_OTHER_MUNICIPALITY = 0.03
# Of citizens whose core problem is homelessness, the share who have no address now.
SHARE_HOMELESS_WITHOUT_ADDRESS = 0.7
SHARE_IN_HOUSING_AREA = 0.45
SHARE_IN_COUPLES = 0.18
SHARE_ADULT_CHILDREN = 0.06

Address = tuple[str, str, str, int | None]


@dataclass(slots=True)
class _Person:
    sex: str
    birth_date: datetime.date
    first_name: str
    last_name: str
    problems: tuple[str, ...]
    fixed_address: bool
    registered_on: datetime.date
    date_of_death: datetime.date | None
    phone: str
    wants_email: bool
    paying: Municipality | None
    household: int | None = None
    address: Address = ("", "", "", None)


@dataclass(slots=True)
class _Household:
    members: list[tuple[int, str, datetime.date]] = field(default_factory=list)
    address: Address = ("", "", "", None)


def seed_citizens(ctx: SeedContext) -> None:
    known = frozenset(ProblemAreaType.objects.filter(is_active=True).values_list("code", flat=True))
    people: list[_Person] = []
    with ctx.progress(ctx.citizen_count, "Borgere planlægges") as bar:
        for _ in range(ctx.citizen_count):
            people.append(_plan_person(ctx, known))
            bar.update()
    households, relations = _plan_families(ctx, people)
    _plan_addresses(ctx, people, households)
    _insert_citizens(ctx, people)
    _insert_families(ctx, households, relations)


def _plan_person(ctx: SeedContext, known: frozenset[str]) -> _Person:
    rng = ctx.rng
    sex = "M" if rng.random() < SHARE_MEN else "F"
    low, high, _weight = rng.choices(AGE_BANDS, [w for *_, w in AGE_BANDS])[0]
    birth_date = ctx.date_between(
        add_years(ctx.today, -(high + 1)) + datetime.timedelta(days=1), add_years(ctx.today, -low)
    )
    first_name = ctx.faker.first_name_female() if sex == "F" else ctx.faker.first_name_male()
    last_name = ctx.faker.last_name()
    problems = choose_problems(rng, sex, known)
    homeless_now = (
        bool(problems)
        and problems[0] == HOMELESSNESS
        and rng.random() < SHARE_HOMELESS_WITHOUT_ADDRESS
    )
    registered_on = ctx.date_between(
        max(add_years(birth_date, 18), ctx.years_ago(10)),
        ctx.today - datetime.timedelta(days=14),
    )
    date_of_death = None
    if rng.random() < SHARE_DECEASED:
        date_of_death = ctx.date_between(registered_on, ctx.today - datetime.timedelta(days=1))
    phone = ""
    if rng.random() < SHARE_WITH_PHONE:
        phone = danish_phone(rng)
    wants_email = rng.random() < SHARE_WITH_EMAIL
    paying = None
    if ctx.other_municipalities and rng.random() < SHARE_PLACED_BY_OTHER_MUNICIPALITY:
        paying = rng.choice(ctx.other_municipalities)
    return _Person(
        sex=sex,
        birth_date=birth_date,
        first_name=first_name,
        last_name=last_name,
        problems=problems,
        fixed_address=not homeless_now,
        registered_on=registered_on,
        date_of_death=date_of_death,
        phone=phone,
        wants_email=wants_email,
        paying=paying,
    )


def _age(ctx: SeedContext, person: _Person) -> int:
    born = person.birth_date
    today = ctx.today
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _plan_families(
    ctx: SeedContext, people: list[_Person]
) -> tuple[list[_Household], list[tuple[int, int, str]]]:
    """Couples (mostly living together) and adult children with a parent among the citizens.

    Relations are (citizen, relative, kind): ``relative`` is the citizen's <kind>.
    """
    rng = ctx.rng
    households: list[_Household] = []
    relations: list[tuple[int, int, str]] = []

    def household_of(index: int, since: datetime.date) -> _Household:
        position = people[index].household
        if position is None:
            position = people[index].household = len(households)
            households.append(_Household(members=[(index, HouseholdMember.Role.ADULT, since)]))
        return households[position]

    eligible = [
        i
        for i, p in enumerate(people)
        if p.fixed_address and p.date_of_death is None and _age(ctx, p) >= 20
    ]
    rng.shuffle(eligible)
    women = [i for i in eligible if people[i].sex == "F"]
    men = [i for i in eligible if people[i].sex == "M"]
    pair_count = min(round(len(people) * SHARE_IN_COUPLES / 2), len(women), len(men))
    # Sorting both sides by age pairs people of similar age.
    pairs = list(
        zip(
            sorted(women[:pair_count], key=lambda i: people[i].birth_date),
            sorted(men[:pair_count], key=lambda i: people[i].birth_date),
            strict=True,
        )
    )
    same_sex = sorted(
        men[pair_count : pair_count + 2 * max(1, pair_count // 30)],
        key=lambda i: people[i].birth_date,
    )
    pairs += [(same_sex[k], same_sex[k + 1]) for k in range(0, len(same_sex) - 1, 2)]
    in_pair: set[int] = set()
    for a, b in pairs:
        in_pair.update((a, b))
        relations.append((a, b, Relation.Kind.PARTNER))
        if rng.random() < 0.8:
            adult_since = max(
                add_years(people[a].birth_date, 18), add_years(people[b].birth_date, 18)
            )
            since = ctx.date_between(
                max(adult_since, ctx.years_ago(25)), ctx.today - datetime.timedelta(days=30)
            )
            household_of(a, since).members.append((b, HouseholdMember.Role.ADULT, since))
            people[b].household = people[a].household
            if people[a].sex != people[b].sex and rng.random() < 0.35:
                people[a].last_name = people[b].last_name

    candidates = [
        i
        for i, p in enumerate(people)
        if i not in in_pair and p.date_of_death is None and 18 <= _age(ctx, p) <= 30
    ]
    rng.shuffle(candidates)
    children = candidates[: round(len(people) * SHARE_ADULT_CHILDREN)]
    child_set = set(children)
    parents = sorted(
        (p.birth_date, i) for i, p in enumerate(people) if i not in child_set and _age(ctx, p) >= 36
    )
    parent_births = [born for born, _ in parents]
    for child in children:
        born = people[child].birth_date
        low = bisect.bisect_left(parent_births, add_years(born, -45))
        high = bisect.bisect_right(parent_births, add_years(born, -18))
        if low >= high:
            continue
        parent = parents[rng.randrange(low, high)][1]
        relations.append((parent, child, Relation.Kind.CHILD))
        if rng.random() < 0.8:
            people[child].last_name = people[parent].last_name
        lives_at_home = (
            _age(ctx, people[child]) <= 25
            and people[child].fixed_address
            and people[parent].fixed_address
            and people[parent].date_of_death is None
            and rng.random() < 0.5
        )
        if lives_at_home:
            household = household_of(parent, born)
            household.members.append((child, HouseholdMember.Role.CHILD, born))
            people[child].household = people[parent].household
    return households, relations


def _plan_addresses(ctx: SeedContext, people: list[_Person], households: list[_Household]) -> None:
    streets = list(dict.fromkeys(ctx.faker.street_name() for _ in range(150)))
    for household in households:
        household.address = _address(ctx, streets)
    for person in people:
        if person.household is not None:
            person.address = households[person.household].address
        elif person.fixed_address:
            person.address = _address(ctx, streets)


def _address(ctx: SeedContext, streets: list[str]) -> Address:
    rng = ctx.rng
    if rng.random() < SHARE_IN_HOUSING_AREA:
        area = rng.choice(ctx.areas)
        floor = rng.choice(["st.", "1.", "2.", "3.", "4."])
        side = rng.choice(["th.", "tv.", "mf."])
        return (f"{area.name} {rng.randint(1, 60)}, {floor} {side}", "5700", "Svendborg", area.pk)
    line = f"{rng.choice(streets)} {rng.randint(1, 150)}"
    if rng.random() < 0.3:
        line += f", {rng.choice(['st.', '1.', '2.', '3.'])} {rng.choice(['th.', 'tv.'])}"
    postcode, city, _weight = rng.choices(POSTCODES, [w for *_, w in POSTCODES])[0]
    return (line, postcode, city, None)


def _email(ctx: SeedContext, person: _Person) -> str:
    first = ascii_name(person.first_name.split()[0]).lower()
    last = ascii_name(person.last_name).lower()
    domain = ctx.rng.choice(["example.com", "example.net", "example.org"])
    return f"{first}.{last}{ctx.rng.randrange(1, 100)}@{domain}"


def _insert_citizens(ctx: SeedContext, people: list[_Person]) -> None:
    generator = CprGenerator(ctx.rng)
    with ctx.progress(len(people), "Borgere gemmes") as bar:
        for start in range(0, len(people), BATCH):
            batch = people[start : start + BATCH]
            citizens = [row_of(_citizen(ctx, generator, person)) for person in batch]
            ids = insert(Citizen, citizens, need_ids=True)
            for person, pk in zip(batch, ids, strict=True):
                ctx.citizens.append(
                    CitizenRecord(
                        pk=pk,
                        birth_date=person.birth_date,
                        sex=person.sex,
                        first_name=person.first_name,
                        last_name=person.last_name,
                        area_id=person.address[3],
                        registered_on=person.registered_on,
                        date_of_death=person.date_of_death,
                        problems=person.problems,
                        lives_at_fixed_address=person.fixed_address,
                    )
                )
            ctx.created["people.Citizen"] += len(citizens)
            bar.update(len(batch))


def _citizen(ctx: SeedContext, generator: CprGenerator, person: _Person) -> Citizen:
    modulus_11 = ctx.rng.random() >= SHARE_WITHOUT_MODULUS_11
    number = generator.new(person.birth_date, person.sex, modulus_11=modulus_11)
    # Only when seeding on top of existing citizens can a number already be taken.
    while ctx.existing_cpr_indexes and cpr.blind_index(number) in ctx.existing_cpr_indexes:
        number = generator.new(person.birth_date, person.sex, modulus_11=modulus_11)
    facts = cpr.parse(number)
    if facts.sex != person.sex or facts.birth_date != person.birth_date:
        raise RuntimeError("A generated CPR number does not express the planned person.")
    address, postcode, city, _area = person.address
    citizen = Citizen(
        first_name=person.first_name,
        last_name=person.last_name,
        address=address,
        postcode=postcode,
        city=city,
        phone=person.phone,
        email=_email(ctx, person) if person.wants_email else "",
        date_of_death=person.date_of_death,
        acting_municipality_id=ctx.municipality.pk if ctx.municipality else None,
        paying_municipality_id=person.paying.pk if person.paying else None,
    )
    citizen.set_cpr(facts)
    return citizen


def _insert_families(
    ctx: SeedContext, households: list[_Household], relations: list[tuple[int, int, str]]
) -> None:
    pks = [record.pk for record in ctx.citizens]
    member_count = sum(len(h.members) for h in households)
    with ctx.progress(len(households) + member_count + 2 * len(relations), "Familier") as bar:
        for start in range(0, len(households), BATCH):
            batch = households[start : start + BATCH]
            ids = insert(Household, [{"name": h.address[0]} for h in batch], need_ids=True)
            members = [
                {"household_id": pk, "citizen_id": pks[index], "role": role, "since": since}
                for pk, household in zip(ids, batch, strict=True)
                for index, role, since in household.members
            ]
            insert(HouseholdMember, members)
            ctx.created["people.Household"] += len(ids)
            ctx.created["people.HouseholdMember"] += len(members)
            bar.update(len(ids) + len(members))
        for start in range(0, len(relations), BATCH):
            pairs: list[Row] = []
            for a, b, kind in relations[start : start + BATCH]:
                pairs.append({"citizen_id": pks[a], "relative_id": pks[b], "kind": kind})
                inverse = Relation.INVERSE[Relation.Kind(kind)]
                pairs.append({"citizen_id": pks[b], "relative_id": pks[a], "kind": inverse})
            insert(Relation, pairs)
            ctx.created["people.Relation"] += len(pairs)
            bar.update(len(pairs))
