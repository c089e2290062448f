"""Citizens with synthetic CPR numbers made at run time (never literals)."""

from __future__ import annotations

import datetime
import random
from typing import Any

import factory
from django.utils import timezone

from roret.organisation.models import Department, Team
from roret.people import cpr
from roret.people.models import Citizen, CitizenLink, Consent
from roret.people.services import consent_link_keep
from roret.seed.identifiers import CprGenerator

_generator = CprGenerator(random.Random())


def new_cpr(
    *, birth_date: datetime.date | None = None, sex: str = "F", modulus_11: bool = False
) -> str:
    birth_date = birth_date or datetime.date(1980, 1, 1) + datetime.timedelta(
        days=random.randrange(365 * 40)
    )
    return _generator.new(birth_date, sex, modulus_11=modulus_11)


class CitizenFactory(factory.django.DjangoModelFactory[Citizen]):
    class Meta:
        model = Citizen

    first_name = factory.Faker("first_name", locale="da_DK")
    last_name = factory.Faker("last_name", locale="da_DK")
    address = factory.Faker("street_address", locale="da_DK")
    postcode = "5700"
    city = "Svendborg"

    @classmethod
    def _create(cls, model_class: type[Citizen], *args: Any, **kwargs: Any) -> Citizen:
        number = kwargs.pop("cpr_number", None) or new_cpr()
        citizen = model_class(**kwargs)
        citizen.set_cpr(cpr.parse(number))
        citizen.save()
        return citizen


def link(
    citizen: Citizen,
    department: Department,
    *,
    team: Team | None = None,
    source_type: str = "test.case",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> CitizenLink:
    return CitizenLink.objects.create(
        citizen=citizen,
        department=department,
        team=team,
        source_type=source_type,
        source_id=f"{citizen.pk}-{department.pk}-{team.pk if team else 0}",
        starts_on=starts_on or timezone.localdate() - datetime.timedelta(days=30),
        ends_on=ends_on,
    )


def consent(citizen: Citizen, department: Department, **kwargs: Any) -> Consent:
    kwargs.setdefault("purpose", "Samarbejde om beskæftigelse")
    kwargs.setdefault("valid_from", timezone.localdate() - datetime.timedelta(days=10))
    given = Consent.objects.create(citizen=citizen, department=department, **kwargs)
    consent_link_keep(given)
    return given
