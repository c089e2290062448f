"""Who may do what with plans. Seeing a plan follows seeing the citizen (need-to-know in
``roret.people.access``); these predicates add the role requirements and are tested with
``predicate.test(user)`` so a superuser gets no bypass."""

from __future__ import annotations

from roret.accounts.models import Role
from roret.accounts.rules import role

# Create plans, goals and interventions: the people who coordinate and decide.
can_manage_plans = role(Role.COORDINATOR) | role(Role.CASEWORKER) | role(Role.TEAM_LEADER)
# Follow up: record ratings and agreements. Provider staff and outreach workers meet the
# citizen most often and record the day-to-day progress.
can_follow_up_plans = can_manage_plans | role(Role.PROVIDER_STAFF) | role(Role.OUTREACH_WORKER)
# Read a citizen's plan: the people who work with the citizen. Finance sees amounts, stays
# and enrolments, never the plan's goals and agreements (docs/access-control.md).
can_read_plans = can_follow_up_plans
