"""Who may do what in casework. Need-to-know (which citizens) is a query in
``roret.people.access``; these predicates add the role requirements.

Tested with ``predicate.test(user)``: a superuser gets no bypass."""

from __future__ import annotations

import rules

from roret.accounts.models import Role
from roret.accounts.rules import is_administrator, role

# Register applications, assess and decide them, and send the notice of a later decision.
can_handle_applications = role(Role.CASEWORKER) | role(Role.TEAM_LEADER)
# Those who meet the citizen outside the office ask for grøn bølge (DOMAIN.md, "Fast track").
can_request_fast_track = role(Role.OUTREACH_WORKER) | role(Role.COORDINATOR)
can_decide_fast_track = role(Role.TEAM_LEADER)
# Who sees a citizen's applications at all (the citizen must also be visible to them).
can_read_applications = can_handle_applications | can_request_fast_track
can_read_processing_report = role(Role.MANAGER) | role(Role.TEAM_LEADER)

# The catalogue and the standards are reference data the administrator keeps; applications
# are case content, which no admin permission opens.
rules.add_perm("casework", is_administrator)
for _model in ("legalbasis", "processingstandard"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"casework.{_action}_{_model}", is_administrator)
