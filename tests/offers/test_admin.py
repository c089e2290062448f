"""The administrator keeps the offer catalogue and its rates in the admin; case content
(referrals, enrolments, attendance, tallies) is not there."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from roret.offers.models import Enrolment, Offer, Rate, Referral
from tests.factories import DepartmentFactory, UserFactory, login_staff

from .factories import offer

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_rate_in_kroner_and_ore(client: Client) -> None:
    login_staff(client, UserFactory.create(roles=["administrator"], is_staff=True))
    course = offer(DepartmentFactory.create())
    assert client.get(reverse("admin:offers_offer_change", args=[course.pk])).status_code == 200
    response = client.post(
        reverse("admin:offers_rate_add"),
        {"offer": course.pk, "amount": "1234.56", "unit": "month", "valid_from": "2026-01-01"},
    )
    assert response.status_code == 302
    rate = Rate.objects.get(offer=course)
    assert rate.amount == Decimal("1234.56") and isinstance(rate.amount, Decimal)
    refused = client.post(
        reverse("admin:offers_rate_add"),
        {
            "offer": course.pk,
            "amount": "-1",
            "unit": "month",
            "valid_from": "2026-01-01",
            "valid_to": "2025-01-01",
        },
    )
    assert refused.status_code == 200 and Rate.objects.count() == 1


def test_case_content_is_not_in_the_admin_and_others_have_no_access(client: Client) -> None:
    registered = admin.site._registry
    assert Offer in registered and Rate in registered
    assert Referral not in registered and Enrolment not in registered
    login_staff(client, UserFactory.create(roles=["provider_staff"], is_staff=True))
    response = client.get(reverse("admin:offers_offer_changelist"))
    assert response.status_code in (302, 403)
