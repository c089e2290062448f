from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from roret.accounts.rules import member_of_department, role
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_role_predicates_follow_the_assigned_roles() -> None:
    caseworker = UserFactory.create(roles=["caseworker"])
    can_decide = role("caseworker") | role("team_leader")
    assert can_decide.test(caseworker)
    assert not role("finance").test(caseworker)
    assert not can_decide.test(AnonymousUser())


def test_department_membership_predicate() -> None:
    social, jobcentre = DepartmentFactory.create(), DepartmentFactory.create()
    owned_by_social = SimpleNamespace(department_id=social.pk)
    in_owning_department = member_of_department(lambda obj: [obj.department_id])
    assert in_owning_department.test(UserFactory.create(departments=[social]), owned_by_social)
    assert not in_owning_department.test(
        UserFactory.create(departments=[jobcentre]), owned_by_social
    )
    assert not in_owning_department.test(AnonymousUser(), owned_by_social)
