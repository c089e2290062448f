"""Drop-in sites for tests: a site with opening hours on weekdays and three categories."""

from __future__ import annotations

import datetime

import factory

from roret.dropin.models import Category, OpeningHours, Site
from roret.organisation.models import Department
from tests.factories import DepartmentFactory

CATEGORIES = ("Førstegangsbesøg", "Kendt besøgende", "Under 25 år")


class SiteFactory(factory.django.DjangoModelFactory[Site]):
    class Meta:
        model = Site

    name = factory.Sequence(lambda n: f"Værestedet {n}")
    address = factory.Sequence(lambda n: f"Havnegade {n}, 5700 Svendborg")
    department = factory.SubFactory(DepartmentFactory, kind=Department.Kind.SOCIAL_PROVIDER)


def site_with_categories(department: Department, *, names: tuple[str, ...] = CATEGORIES) -> Site:
    site = SiteFactory.create(department=department)
    for order, name in enumerate(names):
        Category.objects.create(site=site, name=name, order=order)
    for weekday in range(1, 6):
        OpeningHours.objects.create(
            site=site, weekday=weekday, opens=datetime.time(9), closes=datetime.time(16)
        )
    return site
