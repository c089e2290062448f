"""The journal tests' department, caseworker, citizen and logged-in client."""

from __future__ import annotations

import pytest
from django.test import Client

from roret.organisation.models import Department
from tests.factories import DepartmentFactory, UserFactory, login_staff
from tests.people.factories import CitizenFactory, link


@pytest.fixture
def social() -> Department:
    return DepartmentFactory.create(name="Socialafdeling myndighed")


@pytest.fixture
def caseworker(social):
    return UserFactory.create(
        roles=["caseworker"], departments=[social], first_name="Anne", last_name="Holm"
    )


@pytest.fixture
def citizen(social):
    made = CitizenFactory.create()
    link(made, social)
    return made


@pytest.fixture
def staff_client(client: Client, caseworker) -> Client:
    login_staff(client, caseworker)
    return client
