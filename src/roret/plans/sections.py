"""Sections plans contributes to pages lower in the layers (see roret.core.sections)."""

from __future__ import annotations

from roret.core.sections import Section
from roret.people.access import CitizenAccess
from roret.plans.rules import can_read_plans


def citizen_section(*, access: CitizenAccess) -> Section | None:
    """The way to the citizen's plan, for the roles that read plans (never finance or
    management: they would only meet a refusal). No query, no log entry."""
    if not can_read_plans.test(access.user):
        return None
    return Section("plans/_citizen_section.html", {"citizen_id": access.citizen_id}, order=10)
