"""The casework phase: applications over ten years, decided, open, late and fast-tracked,
each linking its team to the citizen as the service would."""

from __future__ import annotations

import datetime

from django.utils import timezone

from roret.casework.models import Application, FastTrackRequest
from roret.casework.services import LINK_AFTER_DECISION
from roret.people.models import CitizenLink
from roret.seed.casework import YEARS
from roret.seed.runner import SeedReport


def test_the_seed_makes_realistic_applications(small_seed: SeedReport) -> None:
    today = timezone.localdate()
    applications = list(Application.objects.all())
    assert len(applications) == small_seed.created["casework.Application"] > 0
    decided = [a for a in applications if a.status in Application.DECIDED]
    assert decided and all(a.decided_on and a.decided_on >= a.received_on for a in decided)
    assert YEARS == 10
    earliest = today - datetime.timedelta(days=round(YEARS * 365.25))
    assert all(a.received_on >= earliest for a in applications)
    # The whole history, not only the recent years.
    assert any(a.received_on < today.replace(year=today.year - 5) for a in applications)
    assert any(a.deadline and a.decided_on and a.decided_on > a.deadline for a in decided)
    assert all(a.deadline is None for a in applications if a.own_initiative)
    fast = [a for a in applications if a.fast_track]
    assert FastTrackRequest.objects.filter(application__in=fast).count() == len(fast)
    links = CitizenLink.objects.filter(source_type="casework.application")
    assert links.count() == len(applications)
    ends = {link.source_id: link.ends_on for link in links}
    for application in applications:
        expected = application.decided_on + LINK_AFTER_DECISION if application.decided_on else None
        assert ends[str(application.pk)] == expected
