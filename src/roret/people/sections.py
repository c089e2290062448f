"""What people contributes to pages lower in the layers (see roret.core.sections)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roret.accounts.models import User
from roret.people.access import log_list, purpose_text

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def page_read(*, user: User, purpose: StrOrPromise, criteria: list[StrOrPromise]) -> None:
    """The one entry of a page built of sections that list citizens (the home page): a
    search entry with what the sections listed, as each list page writes its own."""
    log_list(
        user=user,
        purpose=purpose,
        criterion="; ".join(purpose_text(criterion) for criterion in criteria),
    )
