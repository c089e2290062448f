"""Who may write in the journal and book meetings. Reading follows need-to-know
(``roret.people.access``) plus the note rules in ``selectors``; predicates are tested with
``predicate.test(user)`` so a superuser gets no bypass."""

from __future__ import annotations

from roret.accounts.models import Role
from roret.accounts.rules import role

can_write_journal = (
    role(Role.CASEWORKER)
    | role(Role.COORDINATOR)
    | role(Role.TEAM_LEADER)
    | role(Role.OUTREACH_WORKER)
    | role(Role.PROVIDER_STAFF)
)
# Read a citizen's journal: the same people. Finance sees amounts, stays and enrolments,
# never notes (docs/access-control.md).
can_read_journal = can_write_journal
