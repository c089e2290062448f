"""Factories for staff, organisation and login, shared by every app's tests.

    dept = DepartmentFactory(name="Socialafdeling myndighed")
    user = UserFactory(roles=["caseworker"], departments=[dept], teams=[team])
    login_staff(client, user)   # logged in AND past the second factor: a full staff session

``UserFactory.create(...)`` (rather than ``UserFactory(...)``) gives mypy the model type.

``UserFactory`` users have the password ``DEFAULT_PASSWORD`` unless given ``password=``.
Roles are looked up by code and created if missing (a transactional test flushes the rows
that the role migration seeded).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import factory
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from roret.accounts.models import Role, User
from roret.organisation.models import Area, Department, Partner, Team

DEFAULT_PASSWORD = "korrekt-hest-batteri-klips"


def role_objects(codes: Iterable[str]) -> list[Role]:
    return [
        Role.objects.get_or_create(code=code, defaults={"name": code.replace("_", " ")})[0]
        for code in codes
    ]


class DepartmentFactory(factory.django.DjangoModelFactory[Department]):
    class Meta:
        model = Department
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Afdeling {n}")
    kind = Department.Kind.SOCIAL_AUTHORITY


class AreaFactory(factory.django.DjangoModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Boligområde {n}")
    kind = Area.Kind.HOUSING_AREA


class TeamFactory(factory.django.DjangoModelFactory[Team]):
    class Meta:
        model = Team

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class PartnerFactory(factory.django.DjangoModelFactory[Partner]):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Boligselskab {n}")
    kind = Partner.Kind.HOUSING_ASSOCIATION


class UserFactory(factory.django.DjangoModelFactory[User]):
    """A staff user. ``roles`` are role codes; ``departments`` and ``teams`` are objects."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medarbejder{n}")
    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    email = factory.LazyAttribute(lambda u: f"{u.username}@kommune.example")
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: Iterable[str] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.roles.add(*role_objects(extracted))

    @factory.post_generation
    def departments(
        self, create: bool, extracted: Iterable[Department] | None, **kwargs: Any
    ) -> None:
        if create and extracted:
            self.departments.add(*extracted)

    @factory.post_generation
    def teams(self, create: bool, extracted: Iterable[Team] | None, **kwargs: Any) -> None:
        if create and extracted:
            self.teams.add(*extracted)


def confirmed_totp_device(user: User) -> TOTPDevice:
    """The user's enrolled authenticator (created if missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    return device


def login_staff(client: Client, user: User) -> Client:
    """Logs ``user`` in on ``client`` with a verified second factor, as after a real login."""
    client.force_login(user)
    device = confirmed_totp_device(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def login_password_only(client: Client, user: User) -> Client:
    """Logs ``user`` in without the second factor: the state after the password step."""
    confirmed_totp_device(user)
    client.force_login(user)
    return client


def totp_token(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows now.

    A code is accepted once: when this device already used the current time step (two logins
    within 30 seconds in one test), the next step's code is given, which the device accepts
    as one step of clock drift. After a wrong code the device refuses every code for a
    moment (django-otp's throttling); this waits that moment out, as a person would.
    """
    deadline = time.monotonic() + 10
    device.refresh_from_db()
    while not device.verify_is_allowed()[0] and time.monotonic() < deadline:
        time.sleep(0.2)
        device.refresh_from_db()
    generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    generator.time = time.time()
    if generator.t() <= device.last_t:
        generator.time += (device.last_t + 1 - generator.t()) * device.step
    return f"{generator.token():0{device.digits}d}"
