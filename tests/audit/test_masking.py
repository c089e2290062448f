"""No CPR number survives ``mask_cpr``, whatever the text around it."""

from __future__ import annotations

import random
import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from roret.audit.masking import CPR_MASK, CPR_SHAPE, mask_cpr

TEN_DIGITS = re.compile(r"\d{10}")
# Text rich in digits and separators, where CPR-shaped runs are likely.
digit_heavy = st.text(alphabet="0123456789 -\u2013\n\u00a0x/.", max_size=80)
no_digits = st.text(max_size=30).filter(lambda text: not any(c.isdigit() for c in text))
separators = st.sampled_from(["", "-", " ", " - ", "\u2013", "\u2011"])


@st.composite
def cprs(draw: st.DrawFn) -> tuple[str, str]:
    """A synthetic CPR (ddmmyy + four digits), made at run time, and how it is written."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
    rng = random.Random(draw(st.integers(0, 2**32)))
    digits = f"{born:%d%m%y}{rng.randrange(10_000):04d}"
    separator = draw(separators)
    return digits, f"{digits[:6]}{separator}{digits[6:]}"


@given(st.one_of(st.text(max_size=80), digit_heavy))
def test_nothing_cpr_shaped_survives(text: str) -> None:
    masked = mask_cpr(text)
    assert CPR_SHAPE.search(masked) is None
    assert TEN_DIGITS.search(masked) is None


@given(no_digits, cprs(), no_digits)
def test_a_cpr_in_text_is_replaced_entirely(before: str, cpr: tuple[str, str], after: str) -> None:
    digits, written = cpr
    masked = mask_cpr(f"{before}{written}{after}")
    assert masked == f"{before}{CPR_MASK}{after}"
    assert digits[6:] not in masked
    assert digits[:6] not in masked


@given(cprs(), st.integers(1, 9), st.integers(0, 9))
def test_a_stray_digit_next_to_a_cpr_keeps_none_of_it(
    cpr: tuple[str, str], stray: int, trailing: int
) -> None:
    digits, _written = cpr
    assert mask_cpr(f"nr. {stray}{digits}{trailing} ok") == f"nr. {CPR_MASK} ok"


@given(st.one_of(st.text(max_size=80), digit_heavy))
def test_text_without_a_cpr_shape_is_unchanged(text: str) -> None:
    if CPR_SHAPE.search(text) is None:
        assert mask_cpr(text) == text


@given(st.one_of(st.text(max_size=80), digit_heavy))
def test_masking_twice_changes_nothing_more(text: str) -> None:
    assert mask_cpr(mask_cpr(text)) == mask_cpr(text)


def test_dates_phone_numbers_and_masked_numbers_are_kept() -> None:
    text = "2024-01-31 til 2024-12-31, tlf. 12 34 56 78, CPR: 010203-xxxx"
    assert mask_cpr(text) == text
