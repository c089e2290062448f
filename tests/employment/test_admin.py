"""The administrator adds each new year's frikort amount; case content stays closed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from roret.employment.models import FrikortCap
from tests.factories import UserFactory, login_staff

pytestmark = pytest.mark.django_db


def test_the_migration_holds_the_known_amounts_with_their_notes() -> None:
    caps = {cap.year: cap for cap in FrikortCap.objects.filter(year__in=[2024, 2025])}
    assert caps[2024].amount == Decimal("41280.00")
    assert caps[2025].amount == Decimal("42766.00")
    assert "1. januar" in caps[2025].regulation_note


def test_an_administrator_adds_a_new_year(client: Client) -> None:
    login_staff(client, UserFactory.create(roles=["administrator"], is_staff=True))
    assert client.get(reverse("admin:employment_frikortcap_changelist")).status_code == 200
    response = client.post(
        reverse("admin:employment_frikortcap_add"),
        {"year": "2031", "amount": "45123.45", "regulation_note": "Satsreguleret pr. 1. januar"},
    )
    assert response.status_code == 302
    assert FrikortCap.objects.get(year=2031).amount == Decimal("45123.45")
    duplicate = client.post(
        reverse("admin:employment_frikortcap_add"), {"year": "2031", "amount": "1"}
    )
    assert duplicate.status_code == 200 and FrikortCap.objects.filter(year=2031).count() == 1


def test_the_admin_does_not_open_frikorts_or_earnings(client: Client) -> None:
    login_staff(client, UserFactory.create(roles=["administrator"], is_staff=True))
    index = client.get(reverse("admin:index")).content.decode()
    assert "frikortcap" in index
    assert "/admin/employment/frikort/" not in index
    assert "/admin/employment/earning/" not in index
