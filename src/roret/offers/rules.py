"""Who may do what with offers. Seeing a citizen follows need-to-know
(``roret.people.access``); these predicates add the role requirements and are tested with
``predicate.test(user)`` so a superuser gets no bypass."""

from __future__ import annotations

import rules

from roret.accounts.models import Role
from roret.accounts.rules import is_administrator, member_of_department, role

# Caseworkers (social centre, job centre) and coordinators refer citizens to offers.
# Outreach workers refer the people they meet (issue: from a contact, refer to an offer).
can_refer = (
    role(Role.CASEWORKER)
    | role(Role.COORDINATOR)
    | role(Role.TEAM_LEADER)
    | role(Role.OUTREACH_WORKER)
)
# Provider staff run the offer: the intake queue, enrolments, courses and attendance.
can_provide = role(Role.PROVIDER_STAFF) | role(Role.TEAM_LEADER)
# The offer's own department; checked with ``provides_offer.test(user, offer)``.
provides_offer = member_of_department(lambda offer: [offer.department_id])
can_read_outcomes = role(Role.MANAGER) | role(Role.TEAM_LEADER)

# The catalogue, rates and course set-up are reference data the administrator keeps;
# referrals, enrolments and attendance are case content, which no admin permission opens.
rules.add_perm("offers", is_administrator)
for _model in ("offer", "rate", "courserun", "coursemodule", "coursesession"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"offers.{_action}_{_model}", is_administrator)
