"""Sections employment contributes to pages lower in the layers (see roret.core.sections)."""

from __future__ import annotations

from roret.accounts.models import User
from roret.core.sections import Section
from roret.employment import selectors
from roret.employment.rules import can_manage_employment
from roret.people.access import CitizenAccess


def citizen_section(*, access: CitizenAccess) -> Section | None:
    summary = selectors.citizen_summary(access=access)
    if summary is None:
        return None
    return Section("employment/_citizen_section.html", {"summary": summary}, order=50)


def follow_up_section(*, user: User) -> Section | None:
    if not can_manage_employment.test(user):
        return None
    warnings = selectors.follow_up_warnings(user=user)
    return Section("employment/_follow_up_section.html", {"warnings": warnings}, order=50)
