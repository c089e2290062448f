"""The frikort status reads as Danish: an amount in kroner ends a sentence with one full
stop ("29.516,46 kr."), never two."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation


@pytest.mark.parametrize("level", ["full", "near", "no_cap", "ok"])
def test_no_amount_ends_in_a_double_full_stop(level: str) -> None:
    status = SimpleNamespace(
        level=level,
        total=Decimal("29516.46"),
        cap=Decimal("42766.00"),
        remaining=Decimal("13249.54"),
        share=Decimal("0.69"),
        year=2026,
    )
    with translation.override("da"):
        html = render_to_string("employment/_cap_status.html", {"status": status})
    assert "29.516,46 kr." in html
    assert "kr.." not in html
