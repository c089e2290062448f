"""Synthetic CPR and CVR numbers pass the checks real ones pass."""

from __future__ import annotations

import datetime
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.dk import cpr as stdnum_cpr
from stdnum.dk import cvr as stdnum_cvr

from roret.people import cpr
from roret.seed.identifiers import CprGenerator, century_digits, new_cvr

BIRTH_DATES = st.dates(min_value=datetime.date(1937, 1, 1), max_value=datetime.date(2006, 12, 31))


@settings(max_examples=300, deadline=None)
@given(birth_date=BIRTH_DATES, sex=st.sampled_from(["F", "M"]), modulus_11=st.booleans())
def test_generated_cpr_expresses_birth_date_sex_and_chosen_checksum(
    birth_date: datetime.date, sex: str, modulus_11: bool
) -> None:
    number = CprGenerator(random.Random(birth_date.toordinal())).new(
        birth_date, sex, modulus_11=modulus_11
    )
    facts = cpr.parse(number)
    ok = (
        stdnum_cpr.is_valid(number)
        and facts.birth_date == birth_date
        and facts.sex == sex
        and (stdnum_cpr.checksum(number) == 0) == modulus_11
    )
    # A plain bool: a failing assert must not print the number.
    assert ok


def test_century_digits_follow_stdnum_rules() -> None:
    assert century_digits(1950) == ("0", "1", "2", "3", "4", "9")
    assert century_digits(1930) == ("0", "1", "2", "3")
    assert century_digits(2005) == ("4", "5", "6", "7", "8", "9")


def test_a_generator_never_repeats_a_number() -> None:
    generator = CprGenerator(random.Random(1))
    day = datetime.date(1980, 5, 17)
    numbers = {generator.new(day, "F", modulus_11=False) for _ in range(400)}
    assert len(numbers) == 400


@given(seed=st.integers(min_value=0, max_value=2**32))
def test_generated_cvr_is_valid(seed: int) -> None:
    assert stdnum_cvr.is_valid(new_cvr(random.Random(seed)))
