"""What every seed phase shares: the size, the random sources and what earlier phases made."""

from __future__ import annotations

import datetime
import random
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any

from faker import Faker
from tqdm import tqdm

from roret.accounts.models import User
from roret.organisation.models import Area, Department, Municipality, Partner, Team


@dataclass(frozen=True)
class Size:
    name: str
    citizens: int
    extra_staff: int
    description: str
    # Ten years of journal history and five years of access log (the retention period),
    # scaled with --citizens: they give the benchmark at L the volume of a real
    # municipality's tables while S and M stay quick for the test suite.
    history_notes: int = 0
    access_log_entries: int = 0


SIZES: dict[str, Size] = {
    "S": Size("S", 300, 12, "a small municipality; the demo", 1_500, 3_000),
    "M": Size("M", 3_000, 80, "Svendborg-sized", 15_000, 30_000),
    "L": Size("L", 100_000, 900, "Copenhagen-sized", 5_000_000, 10_000_000),
}


@dataclass(slots=True)
class CitizenRecord:
    """What later phases need to know about a seeded citizen, without reading it back."""

    pk: int
    birth_date: datetime.date
    sex: str
    first_name: str
    last_name: str
    # The housing area the citizen lives in, if any (drives outreach team links).
    area_id: int | None
    registered_on: datetime.date
    date_of_death: datetime.date | None
    # Problem area type codes planned for the citizen; the problem-area phase dates them.
    problems: tuple[str, ...]
    lives_at_fixed_address: bool


@dataclass(slots=True)
class StaffRecord:
    pk: int
    name: str
    department_ids: tuple[int, ...]
    team_ids: tuple[int, ...]
    role_codes: tuple[str, ...]


@dataclass
class SeedContext:
    """Passed to every phase in order; a phase reads what earlier phases stored here and
    stores what later phases need (primary keys and small records, not model instances,
    so that L stays within memory)."""

    size: Size
    citizen_count: int
    seed: int
    today: datetime.date
    rng: random.Random
    faker: Faker
    show_progress: bool = True
    progress_file: IO[str] = field(default_factory=lambda: sys.stderr)

    municipality: Municipality | None = None
    other_municipalities: list[Municipality] = field(default_factory=list)
    # Departments by Department.Kind value; teams and partners by a stable key (see organisation).
    departments: dict[str, Department] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    areas: list[Area] = field(default_factory=list)
    partners: dict[str, Partner] = field(default_factory=dict)
    demo_users: dict[str, User] = field(default_factory=dict)
    staff: list[StaffRecord] = field(default_factory=list)
    citizens: list[CitizenRecord] = field(default_factory=list)
    # Citizen pk -> departments with a link to the citizen (set by the links phase).
    linked_departments: dict[int, list[int]] = field(default_factory=dict)
    # Rows created per model label, for the summary; phases add to it.
    created: Counter[str] = field(default_factory=Counter)
    # Blind indexes already in the database (only when seeding on top with --force).
    existing_cpr_indexes: set[str] = field(default_factory=set)

    def link_departments(self, links: Iterable[Mapping[str, Any]]) -> None:
        """Remember the departments that the CitizenLink rows written give a reason to know
        their citizens (later phases pick note authors and consents from them)."""
        for link in links:
            departments = self.linked_departments.setdefault(link["citizen_id"], [])
            if link["department_id"] not in departments:
                departments.append(link["department_id"])

    def progress(self, total: int, desc: str, unit: str = "rows") -> Any:
        return tqdm(
            total=total,
            desc=desc,
            unit=unit,
            # 12.3k reads better than 12345 for big phases, 46.0 worse than 46 for small ones.
            unit_scale=total >= 10_000,
            file=self.progress_file,
            disable=not self.show_progress,
            leave=True,
            dynamic_ncols=True,
        )

    def scaled(self, volume: int) -> int:
        """``volume`` (given for the size's own number of citizens) for this run's citizens."""
        return round(volume * self.citizen_count / self.size.citizens)

    def department(self, kind: str) -> Department:
        return self.departments[kind]

    def team(self, key: str) -> Team:
        return self.teams[key]

    def staff_in(self, department_id: int) -> list[StaffRecord]:
        return [s for s in self.staff if department_id in s.department_ids]

    def years_ago(self, years: float) -> datetime.date:
        return self.today - datetime.timedelta(days=round(years * 365.25))

    def date_between(self, start: datetime.date, end: datetime.date) -> datetime.date:
        if end <= start:
            return start
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))


Phase = Callable[[SeedContext], None]


def chunked(items: Iterable[Any], size: int) -> Iterable[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ascii_name(text: str) -> str:
    """A name reduced to ASCII letters and digits, for usernames and e-mail addresses."""
    for danish, plain in (
        ("æ", "ae"),
        ("ø", "oe"),
        ("å", "aa"),
        ("Æ", "Ae"),
        ("Ø", "Oe"),
        ("Å", "Aa"),
    ):
        text = text.replace(danish, plain)
    normalised = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in normalised if ch.isalnum())


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later (or earlier); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def danish_phone(rng: random.Random) -> str:
    """Eight digits written in pairs, as Danish phone numbers are."""
    digits = f"{rng.choice('2345679')}{rng.randrange(10_000_000):07d}"
    return " ".join(digits[i : i + 2] for i in range(0, 8, 2))
