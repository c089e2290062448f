"""Applications made directly (without the service) for tests that need many of them."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from roret.accounts.models import User
from roret.casework.models import Application, FastTrackRequest, LegalBasis
from roret.organisation.models import Team
from roret.people.models import Citizen
from tests.factories import UserFactory
from tests.people.factories import CitizenFactory, link


def basis(paragraph: str = "85") -> LegalBasis:
    return LegalBasis.objects.get(law="SEL", paragraph=paragraph)


def application(
    team: Team,
    *,
    citizen: Citizen | None = None,
    paragraph: str = "85",
    received_on: datetime.date | None = None,
    created_by: User | None = None,
    **fields: Any,
) -> Application:
    """An application in ``team``'s department, its citizen linked to the team."""
    if citizen is None:
        citizen = CitizenFactory.create()
        link(citizen, team.department, team=team)
    legal_basis = basis(paragraph)
    received_on = received_on or timezone.localdate() - datetime.timedelta(days=10)
    standard = legal_basis.standards.first()
    fields.setdefault("deadline", standard.deadline_for(received_on) if standard else None)
    return Application.objects.create(
        citizen=citizen,
        legal_basis=legal_basis,
        received_on=received_on,
        channel=Application.Channel.SELF,
        applied_for="Bostøtte to timer om ugen",
        department=team.department,
        team=team,
        standard=standard,
        created_by=created_by or UserFactory.create(),
        **fields,
    )


def pending_request(app: Application) -> FastTrackRequest:
    return FastTrackRequest.objects.create(
        application=app, reason="Kendt af opsøgende team", requested_by=UserFactory.create()
    )
