from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from roret.organisation.models import Partner
from tests.factories import (
    AreaFactory,
    DepartmentFactory,
    PartnerFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_team_belongs_to_a_department_and_may_work_in_an_area() -> None:
    department = DepartmentFactory.create(name="Socialafdeling udfører")
    area = AreaFactory.create(name="Skovparken")
    team = TeamFactory.create(department=department, name="Opsøgende team", area=area)
    assert str(team) == "Opsøgende team (Socialafdeling udfører)"
    assert list(area.teams.all()) == [team]


def test_team_names_are_unique_within_a_department() -> None:
    department = DepartmentFactory.create()
    TeamFactory.create(department=department, name="M-ACT")
    TeamFactory.create(name="M-ACT")
    with pytest.raises(IntegrityError):
        TeamFactory.create(department=department, name="M-ACT")


def test_a_partner_cvr_number_is_validated() -> None:
    partner = PartnerFactory.build(kind=Partner.Kind.PROVIDER, cvr="12345678")
    with pytest.raises(ValidationError):
        partner.full_clean()
    # A CVR number with a valid modulus-11 check digit (synthetic, not a real company).
    partner.cvr = "13585628"
    partner.full_clean()


def test_staff_belong_to_departments_and_teams_and_hold_roles() -> None:
    department = DepartmentFactory.create()
    team = TeamFactory.create(department=department)
    user = UserFactory.create(
        roles=["caseworker", "coordinator"], departments=[department], teams=[team]
    )
    assert user.role_codes == {"caseworker", "coordinator"}
    assert user.department_ids == {department.pk}
    assert user.team_ids == {team.pk}
    assert user.has_role("coordinator")
    assert not user.has_role("administrator")
    user.is_active = False
    assert not user.has_role("coordinator")
