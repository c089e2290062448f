"""The 98 Danish municipalities, loaded by a data migration."""

from __future__ import annotations

import pytest

from roret.organisation.models import Municipality

pytestmark = pytest.mark.django_db


def test_there_are_98_municipalities_with_unique_three_digit_codes() -> None:
    codes = list(Municipality.objects.values_list("code", flat=True))
    assert len(codes) == 98
    assert len(set(codes)) == 98
    assert all(len(code) == 3 and code.isdigit() for code in codes)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("101", "København"),
        ("147", "Frederiksberg"),
        ("173", "Lyngby-Taarbæk"),
        ("400", "Bornholm"),
        ("479", "Svendborg"),
        ("492", "Ærø"),
        ("751", "Aarhus"),
        ("825", "Læsø"),
        ("851", "Aalborg"),
        ("860", "Hjørring"),
    ],
)
def test_known_codes_have_their_official_names(code: str, name: str) -> None:
    assert Municipality.objects.get(code=code).name == name


def test_christianso_is_not_a_municipality() -> None:
    assert not Municipality.objects.filter(code="411").exists()
