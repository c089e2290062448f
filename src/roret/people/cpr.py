"""CPR numbers: validation, derived facts, encryption at rest and the blind index.

A CPR is validated with python-stdnum, which checks format and birth date but not the old
modulus-11 rule: numbers without it have been issued since 2007 and are valid.
The value is stored AES-GCM encrypted; lookups use an HMAC-SHA256 blind index computed
with a separate key, so the database alone reveals neither the number nor a way to test one.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import os
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as StdnumError

from roret.core.keys import get_keys

_NONCE_BYTES = 12
# Binds the ciphertext to its purpose, so a value cannot be moved into another encrypted field.
_ASSOCIATED_DATA = b"roret.people.citizen.cpr.v1"


@dataclass(frozen=True)
class CprFacts:
    number: str  # ten digits, no separator
    birth_date: datetime.date
    sex: str  # "F" or "M": the last digit is even for women, odd for men


def parse(value: str) -> CprFacts:
    """Validate a CPR typed by a person; raise a Danish ValidationError without echoing it."""
    try:
        number = stdnum_cpr.validate(value)
        birth_date = stdnum_cpr.get_birth_date(number)
    except InvalidComponent as exc:
        if "not been born" in str(exc):
            raise ValidationError(
                _("The CPR number gives a birth date in the future."), code="cpr_future"
            ) from exc
        raise ValidationError(
            _("The CPR number does not contain a valid date."), code="cpr_date"
        ) from exc
    except StdnumError as exc:
        raise ValidationError(
            _("A CPR number has 10 digits, written as DDMMÅÅ-XXXX or DDMMÅÅXXXX."),
            code="cpr_format",
        ) from exc
    return CprFacts(
        number=number, birth_date=birth_date, sex="F" if int(number[-1]) % 2 == 0 else "M"
    )


def blind_index(number: str) -> str:
    return hmac.new(get_keys().index, number.encode(), hashlib.sha256).hexdigest()


def encrypt(number: str) -> bytes:
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + AESGCM(get_keys().encryption).encrypt(nonce, number.encode(), _ASSOCIATED_DATA)


def decrypt(blob: bytes) -> str:
    blob = bytes(blob)
    try:
        plain = AESGCM(get_keys().encryption).decrypt(
            blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], _ASSOCIATED_DATA
        )
    except InvalidTag as exc:
        raise ValueError("CPR ciphertext does not match the configured key") from exc
    return plain.decode()


def formatted(number: str) -> str:
    return f"{number[:6]}-{number[6:]}"


def masked(number: str) -> str:
    """The birth-date part only, for places where the full number must not appear."""
    return f"{number[:6]}-xxxx"
