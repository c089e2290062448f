"""The administrator keeps the legal-basis catalogue and the processing standards."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from roret.casework.models import ProcessingStandard
from tests.factories import UserFactory, login_staff

from .factories import basis

pytestmark = pytest.mark.django_db


def test_an_administrator_edits_a_legal_basis_and_adds_a_standard(client: Client) -> None:
    login_staff(client, UserFactory.create(roles=["administrator"], is_staff=True))
    legal_basis = basis("97")
    page = client.get(reverse("admin:casework_legalbasis_change", args=[legal_basis.pk]))
    assert page.status_code == 200
    response = client.post(
        reverse("admin:casework_processingstandard_add"),
        {
            "legal_basis": legal_basis.pk,
            "amount": "6",
            "unit": "weeks",
            "valid_from": "2019-01-01",
            "valid_to": "2019-12-31",
        },
    )
    assert response.status_code == 302
    assert legal_basis.standards.count() == 2


def test_standards_of_one_legal_basis_may_not_overlap() -> None:
    overlapping = ProcessingStandard(
        legal_basis=basis("85"), amount=4, unit="weeks", valid_from=datetime.date(2024, 1, 1)
    )
    with pytest.raises(ValidationError):
        overlapping.full_clean()
    zero = ProcessingStandard(
        legal_basis=basis("85"),
        amount=0,
        unit="weeks",
        valid_from=datetime.date(2010, 1, 1),
        valid_to=datetime.date(2010, 12, 31),
    )
    with pytest.raises(ValidationError):
        zero.full_clean()


def test_a_caseworker_has_no_admin_access_to_the_catalogue(client: Client) -> None:
    login_staff(client, UserFactory.create(roles=["caseworker"], is_staff=True))
    response = client.get(reverse("admin:casework_legalbasis_changelist"))
    assert response.status_code in (302, 403)
