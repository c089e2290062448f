from __future__ import annotations

import pytest

from roret.accounts.models import User
from roret.organisation.models import Department

from .factories import DepartmentFactory, UserFactory


@pytest.fixture
def department() -> Department:
    return DepartmentFactory.create(name="Socialafdelingen")


@pytest.fixture
def actor(department: Department) -> User:
    user = UserFactory.create(first_name="Karen", last_name="Jensen")
    user.departments.add(department)
    return user
