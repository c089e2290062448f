"""A compound write (``roret.people.writes``): the writes inside log their own entries in
its one transaction; a compound write whose body logged nothing is refused, not committed."""

from __future__ import annotations

import pytest
from django.db.transaction import TransactionManagementError

from roret.people.rules import can_register_citizens
from roret.people.writes import Target, object_write
from tests.conftest import AccessLogWatch
from tests.factories import DepartmentFactory, UserFactory

from .factories import CitizenFactory, link

pytestmark = pytest.mark.django_db


def test_a_nested_write_that_logs_nothing_is_rolled_back(access_log: AccessLogWatch) -> None:
    department = DepartmentFactory.create()
    citizen = CitizenFactory.create(address="Vej 1")
    link(citizen, department)
    actor = UserFactory.create(roles=["caseworker"], departments=[department])
    access_log.reset()
    with (
        pytest.raises(TransactionManagementError),
        object_write(
            actor=actor,
            target=Target(type(citizen).objects.all(), citizen.pk, citizen_field="pk"),
            predicate=can_register_citizens,
            purpose="Test",
            nested=True,
        ) as write,
    ):
        write.row.address = "Nyvej 2"
        write.row.save(update_fields=["address"])
    citizen.refresh_from_db()
    assert citizen.address == "Vej 1"
    assert access_log.new() == []
