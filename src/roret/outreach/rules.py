"""Who may do what in outreach. Seeing a known citizen's contacts follows need-to-know
(``roret.people.access``); anonymous persons belong to the department that met them.

Tested with ``predicate.test(user)``: a superuser gets no bypass."""

from __future__ import annotations

from roret.accounts.models import Role
from roret.accounts.rules import role

# Those who meet people in the housing areas and follow them.
can_record_contacts = role(Role.OUTREACH_WORKER) | role(Role.COORDINATOR)
# The team coordinator sees the whole team's caseload (M-ACT); team leaders too.
can_read_team_caseload = role(Role.COORDINATOR) | role(Role.TEAM_LEADER)
# Load against capacity per worker and area, to decide where to move staff; and the report.
can_read_area_overview = role(Role.MANAGER) | role(Role.TEAM_LEADER)
can_read_outreach_report = role(Role.MANAGER) | role(Role.TEAM_LEADER)
# Managers move staff between areas and set their capacity (the administrator does not).
can_place_workers = role(Role.MANAGER) | role(Role.TEAM_LEADER)
# Registering the application an outreach worker asked for is casework's work.
can_register_referrals = role(Role.CASEWORKER) | role(Role.TEAM_LEADER)
