"""The section outreach contributes to the citizen overview (see roret.core.sections)."""

from __future__ import annotations

from roret.accounts.models import User
from roret.core.sections import Section
from roret.outreach import selectors
from roret.people.models import Citizen


def citizen_section(*, user: User, citizen: Citizen) -> Section:
    # The citizen comes from the overview's citizen_for: need-to-know is checked and the
    # page's one log entry written.
    section = selectors.citizen_section(user=user, citizen=citizen)
    return Section(
        "outreach/_citizen_section.html",
        {
            "contacts": section.contacts,
            "caseload": section.caseload,
            "can_record": section.can_record,
        },
        order=40,
    )
