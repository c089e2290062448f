"""The section outreach contributes to the citizen overview (see roret.core.sections)."""

from __future__ import annotations

from roret.core.sections import Section
from roret.outreach import selectors
from roret.people.access import CitizenAccess


def citizen_section(*, access: CitizenAccess) -> Section:
    section = selectors.citizen_section(access=access)
    return Section(
        "outreach/_citizen_section.html",
        {
            "contacts": section.contacts,
            "caseload": section.caseload,
            "can_record": section.can_record,
        },
        order=40,
    )
