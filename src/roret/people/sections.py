"""What people contributes to pages lower in the layers (see roret.core.sections)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roret.accounts.models import User
from roret.audit.models import AccessLogEntry
from roret.people.access import log_citizen_access, purpose_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def page_read(*, user: User, purpose: StrOrPromise, criteria: list[StrOrPromise]) -> None:
    """The one entry of a page built of sections that list citizens (the home page): a
    search entry with what the sections listed, as each list page writes its own."""
    log_citizen_access(
        actor=user,
        citizen_id=None,
        action=AccessLogEntry.Action.SEARCH,
        purpose=purpose,
        access_department_id=next(iter(sorted(user.department_ids)), None),
        criterion="; ".join(purpose_text(criterion) for criterion in criteria),
    )
