"""Offers, referrals, enrolments and course runs for tests, written directly (the services
are tested on their own)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from roret.accounts.models import User
from roret.casework.models import LegalBasis
from roret.offers.models import (
    CourseModule,
    CourseRun,
    CourseSession,
    Enrolment,
    Offer,
    Participant,
    Referral,
)
from roret.organisation.models import Department
from roret.people.models import Citizen
from tests.factories import UserFactory
from tests.people.factories import CitizenFactory, link


def basis(paragraph: str) -> LegalBasis:
    found, _created = LegalBasis.objects.get_or_create(
        law="SEL", paragraph=paragraph, defaults={"title": f"Paragraf {paragraph}"}
    )
    return found


def offer(department: Department, *, paragraph: str = "82a", **kwargs: Any) -> Offer:
    kwargs.setdefault("name", f"Tilbud § {paragraph}")
    kwargs.setdefault("capacity", 12)
    kwargs.setdefault("active_from", timezone.localdate() - datetime.timedelta(days=1000))
    return Offer.objects.create(department=department, legal_basis=basis(paragraph), **kwargs)


def referral(
    the_offer: Offer,
    *,
    citizen: Citizen | None = None,
    referrer: User | None = None,
    linked: bool = True,
    **kwargs: Any,
) -> Referral:
    """A pending referral; ``linked`` gives the offer's department the referral's link, as
    ``referral_create`` does."""
    citizen = citizen or CitizenFactory.create()
    department = the_offer.department
    assert department is not None
    referrer = referrer or UserFactory.create(roles=["caseworker"], departments=[department])
    kwargs.setdefault("referred_on", timezone.localdate())
    made = Referral.objects.create(
        citizen=citizen,
        offer=the_offer,
        reason="Har brug for hjælp til økonomien",
        referred_by=referrer,
        referring_department=department,
        **kwargs,
    )
    if linked:
        link(citizen, department, source_type=Referral.LINK_SOURCE_TYPE)
    return made


def enrolment(
    the_offer: Offer,
    *,
    citizen: Citizen | None = None,
    starts_on: datetime.date | None = None,
    linked: bool = True,
    **kwargs: Any,
) -> Enrolment:
    citizen = citizen or CitizenFactory.create()
    department = the_offer.department
    assert department is not None
    starts_on = starts_on or timezone.localdate() - datetime.timedelta(days=10)
    kwargs.setdefault("max_end_on", the_offer.max_end(starts_on))
    made = Enrolment.objects.create(
        citizen=citizen,
        offer=the_offer,
        starts_on=starts_on,
        created_by=kwargs.pop("created_by", None)
        or UserFactory.create(roles=["provider_staff"], departments=[department]),
        **kwargs,
    )
    if linked:
        link(citizen, department, source_type="test.enrolment")
    return made


def course_run(the_offer: Offer, *, sessions: int = 2) -> CourseRun:
    today = timezone.localdate()
    run = CourseRun.objects.create(
        offer=the_offer,
        name="Hold forår",
        starts_on=today - datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=90),
        place="Aktivitetshuset",
    )
    module = CourseModule.objects.create(course_run=run, order=1, theme="Hverdagsøkonomi")
    for n in range(sessions):
        CourseSession.objects.create(
            course_run=run,
            module=module,
            date=today + datetime.timedelta(days=7 * n),
            starts_at=datetime.time(10, 0),
            ends_at=datetime.time(12, 0),
        )
    return run


def participant(run: CourseRun, **kwargs: Any) -> Participant:
    return Participant.objects.create(course_run=run, enrolment=enrolment(run.offer, **kwargs))
