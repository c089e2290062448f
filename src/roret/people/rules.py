"""Who may do what with citizen data. Visibility itself (need-to-know) is a query:
``selectors.citizens_visible_to``; these predicates add the role requirements.

They are tested directly (``predicate.test(user)``), not through ``user.has_perm``, so a
superuser gets no bypass: administrators administer, they do not read case content."""

from __future__ import annotations

from roret.accounts.models import Role
from roret.accounts.rules import role

# Staff who register citizens and keep their basic data up to date.
can_register_citizens = (
    role(Role.CASEWORKER)
    | role(Role.COORDINATOR)
    | role(Role.OUTREACH_WORKER)
    | role(Role.TEAM_LEADER)
)
# Who may read the log of who looked at a citizen's data (the citizen reads it in the portal).
can_read_citizen_access_log = (
    role(Role.CASEWORKER) | role(Role.TEAM_LEADER) | role(Role.COORDINATOR)
)
