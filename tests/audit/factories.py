"""Minimal factories for the audit tests, and synthetic CPR numbers made at run time."""

from __future__ import annotations

import random
from datetime import date, timedelta

import factory

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.organisation.models import Department


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Revisionsafdeling {n}")


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"revisor{n}")
    first_name = "Karen"
    last_name = factory.Sequence(lambda n: f"Hansen{n}")


class EntryFactory(factory.django.DjangoModelFactory[AccessLogEntry]):
    """A log entry written straight to the table, e.g. with a chosen ``at`` or ``id``."""

    class Meta:
        model = AccessLogEntry

    action = AccessLogEntry.Action.VIEW
    object_type = "people.citizen"
    object_id = factory.Sequence(str)
    citizen_id = factory.Sequence(lambda n: 1000 + n)
    purpose = "Sagsbehandling"


def synthetic_cpr(rng: random.Random | None = None, *, born: date | None = None) -> str:
    """Ten digits: a birth date as ddmmyy and four random digits (no modulus-11 check)."""
    rng = rng or random.Random()
    born = born or date(1930, 1, 1) + timedelta(days=rng.randrange(27_000))
    return f"{born:%d%m%y}{rng.randrange(10_000):04d}"
