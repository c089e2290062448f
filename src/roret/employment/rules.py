"""Who may do what with frikort, jobs and earnings. Seeing a citizen's employment follows
seeing the citizen (need-to-know in ``roret.people.access``); these predicates add the role
requirements and are tested with ``predicate.test(user)`` so a superuser gets no bypass."""

from __future__ import annotations

import rules

from roret.accounts.models import Role
from roret.accounts.rules import is_administrator, role

# Decide and deactivate the frikort, register jobs and earnings: the people who hold the case.
can_manage_employment = role(Role.CASEWORKER) | role(Role.COORDINATOR) | role(Role.TEAM_LEADER)
# The start- and end-of-year counts are aggregates for management.
can_read_employment_report = role(Role.MANAGER) | role(Role.TEAM_LEADER)

# The yearly amounts are reference data the administrator keeps; frikorts, jobs and earnings
# are case content, which no admin permission opens.
rules.add_perm("employment", is_administrator)
for _action in ("view", "add", "change"):
    rules.add_perm(f"employment.{_action}_frikortcap", is_administrator)
