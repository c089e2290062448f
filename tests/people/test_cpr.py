from __future__ import annotations

import datetime
import random

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.dk import cpr as stdnum_cpr

from roret.people import cpr
from roret.seed.identifiers import CprGenerator

from .factories import new_cpr


def test_numbers_without_modulus_11_are_accepted() -> None:
    number = new_cpr(modulus_11=False)
    assert stdnum_cpr.checksum(number) != 0
    assert cpr.parse(number).number == number


def test_numbers_with_modulus_11_are_accepted_with_or_without_dash() -> None:
    number = new_cpr(modulus_11=True)
    assert cpr.parse(f"{number[:6]}-{number[6:]}").number == number


def test_birth_date_and_sex_are_derived() -> None:
    number = new_cpr(birth_date=datetime.date(1971, 3, 9), sex="M")
    facts = cpr.parse(number)
    assert facts.birth_date == datetime.date(1971, 3, 9)
    assert facts.sex == "M"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("12345", "cpr_format"),
        ("abcdefghij", "cpr_format"),
        ("3213" + "80" + "1234", "cpr_date"),  # day 32, month 13
    ],
)
def test_invalid_numbers_give_a_danish_message_without_the_number(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as raised:
        cpr.parse(value)
    assert raised.value.code == code
    assert value not in " ".join(raised.value.messages)


def test_future_birth_date_is_refused() -> None:
    tomorrow = datetime.date.today() + datetime.timedelta(days=400)
    number = tomorrow.strftime("%d%m%y") + "4" + "000"
    with pytest.raises(ValidationError) as raised:
        cpr.parse(number)
    assert raised.value.code in {"cpr_future", "cpr_date"}


def test_encryption_round_trips_and_hides_the_number() -> None:
    number = new_cpr()
    blob = cpr.encrypt(number)
    assert number.encode() not in blob
    assert cpr.decrypt(blob) == number
    # A fresh nonce every time: equal numbers do not give equal ciphertexts.
    assert cpr.encrypt(number) != blob


def test_tampered_ciphertext_is_rejected() -> None:
    blob = bytearray(cpr.encrypt(new_cpr()))
    blob[-1] ^= 1
    with pytest.raises(ValueError, match="does not match"):
        cpr.decrypt(bytes(blob))


def test_blind_index_is_stable_keyed_and_not_the_plain_hash() -> None:
    import hashlib

    number = new_cpr()
    assert cpr.blind_index(number) == cpr.blind_index(number)
    assert cpr.blind_index(number) != hashlib.sha256(number.encode()).hexdigest()
    assert cpr.blind_index(number) != cpr.blind_index(new_cpr())


def test_masked_keeps_no_serial_digits() -> None:
    number = new_cpr()
    assert cpr.masked(number) == number[:6] + "-xxxx"


@settings(max_examples=200, deadline=None)
@given(
    birth=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2007, 12, 31)),
    sex=st.sampled_from(["F", "M"]),
    modulus_11=st.booleans(),
    seed=st.integers(min_value=0, max_value=2**32),
)
def test_every_synthetic_number_parses_back_to_its_facts(
    birth: datetime.date, sex: str, modulus_11: bool, seed: int
) -> None:
    number = CprGenerator(random.Random(seed)).new(birth, sex, modulus_11=modulus_11)
    facts = cpr.parse(number)
    assert (facts.birth_date, facts.sex) == (birth, sex)
    assert (stdnum_cpr.checksum(number) == 0) == modulus_11
