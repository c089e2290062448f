"""The outreach seed phase: areas and capacities, caseloads with their links, contacts over
two years, anonymous persons some identified, the M-ACT team, and the requests behind the
fast-track applications from outreach; all valid by the models' rules."""

from __future__ import annotations

import re

import pytest

from roret.outreach.models import (
    AnonymousPerson,
    ApplicationReferral,
    CaseloadEntry,
    Contact,
    OutreachWorker,
)
from roret.outreach.services import CASELOAD_LINK
from roret.people.models import CitizenLink
from roret.seed.runner import SeedReport

pytestmark = pytest.mark.django_db


def test_the_seed_writes_outreach(small_seed: SeedReport) -> None:
    assert OutreachWorker.objects.filter(user__username="opsoger", area__isnull=False).exists()
    assert all(10 <= w.capacity <= 20 for w in OutreachWorker.objects.all())
    entries = list(CaseloadEntry.objects.all())
    assert entries and any(e.team_id for e in entries) and any(e.worker_id for e in entries)
    linked = set(
        CitizenLink.objects.filter(source_type=CASELOAD_LINK).values_list("source_id", flat=True)
    )
    assert linked == {str(e.pk) for e in entries}
    for entry in entries:
        entry.full_clean(validate_unique=False)
    persons = list(AnonymousPerson.objects.all())
    identified = [p for p in persons if p.citizen_id]
    assert identified and len(identified) < len(persons)
    for person in persons:
        assert not re.search(r"\d{6}-?\d{4}", person.alias + person.description)
        assert {c.citizen_id for c in person.contacts.all()} == {person.citizen_id}
    contacts = Contact.objects.all()
    assert contacts.filter(anonymous_person__isnull=True, citizen__isnull=False).exists()
    for contact in contacts:
        contact.full_clean(validate_unique=False)
    span = (max(c.occurred_on for c in contacts) - min(c.occurred_on for c in contacts)).days
    assert span > 365
    for referral in ApplicationReferral.objects.select_related("application"):
        assert referral.application is not None
        assert referral.application.citizen_id == referral.citizen_id
