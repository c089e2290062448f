"""Masking of CPR numbers in free text before it is written to the access log."""

from __future__ import annotations

import re

# Six digits, an optional separator (a space and/or a dash of any kind), four digits. Longer
# digit runs are swallowed whole, so a number typed with a stray digit in front or behind
# leaves no part of the CPR behind. Unicode digits count too: a CPR pasted in full-width
# digits is still a CPR.
CPR_SHAPE = re.compile(r"\d{6,}\s?[-\u2010-\u2015\u2212]?\s?\d{4,}")

# Nothing of the number is kept: the date part is itself personal data (the birth date) and
# together with a name in the same criterion it nearly identifies the person.
CPR_MASK = "xxxxxx-xxxx"


def mask_cpr(text: str) -> str:
    """Replace every CPR-shaped substring of ``text`` with ``CPR_MASK``."""
    return CPR_SHAPE.sub(CPR_MASK, text)
