"""Synthetic CPR and CVR numbers that pass the same checks as real ones.

A synthetic CPR is built from the birth date and sex it must express: the 7th digit is one
that python-stdnum's century rule maps back to the right century, the last digit's parity
gives the sex, and a chosen share of numbers satisfies the old modulus-11 rule while the
rest deliberately fails it (numbers without it are valid and issued since 2007; Roret must
never reject them). The numbers exist only in memory until encrypted.
"""

from __future__ import annotations

import datetime
import random
import string
from functools import cache

from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

_CPR_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2)
_CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2)


@cache
def century_digits(year: int) -> tuple[str, ...]:
    """The 7th digits that stdnum reads back as ``year`` (its century rule, not ours)."""
    yy = f"{year % 100:02d}"
    return tuple(
        digit
        for digit in string.digits
        if stdnum_cpr.get_birth_date(f"0101{yy}{digit}000").year == year
    )


class CprGenerator:
    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        # Numbers handed out in this run: a CPR identifies one person.
        self._taken: set[str] = set()

    def new(self, birth_date: datetime.date, sex: str, *, modulus_11: bool) -> str:
        digits = century_digits(birth_date.year)
        if not digits:
            raise ValueError("CPR numbers cannot express births in that year")
        prefix = birth_date.strftime("%d%m%y")
        parity = 0 if sex == "F" else 1
        while True:
            body = prefix + self._rng.choice(digits) + f"{self._rng.randrange(100):02d}"
            weighted = sum(w * int(d) for w, d in zip(_CPR_WEIGHTS, body, strict=True))
            fitting = (-weighted) % 11
            if modulus_11:
                if fitting > 9 or fitting % 2 != parity:
                    continue
                last = fitting
            else:
                last = self._rng.choice([d for d in range(parity, 10, 2) if d != fitting])
            number = f"{body}{last}"
            if number not in self._taken:
                self._taken.add(number)
                return number


def new_cvr(rng: random.Random) -> str:
    """An eight-digit CVR with a valid check digit."""
    while True:
        body = str(rng.randrange(1, 10)) + "".join(str(rng.randrange(10)) for _ in range(6))
        weighted = sum(w * int(d) for w, d in zip(_CVR_WEIGHTS, body, strict=True))
        last = (-weighted) % 11
        if last <= 9:
            number = f"{body}{last}"
            if stdnum_cvr.checksum(number) == 0:
                return number
