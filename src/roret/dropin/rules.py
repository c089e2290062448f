"""Who may do what at a drop-in centre. Role predicates combine with the site's owning
department (``owns_site``); tested with ``predicate.test(user, site)`` so a superuser gets
no bypass."""

from __future__ import annotations

from typing import Any

import rules

from roret.accounts.models import Role
from roret.accounts.rules import member_of_department, role

owns_site = member_of_department(lambda site: [site.department_id])

# Staff at the door count visits and correct the counts afterwards.
can_count = role(Role.PROVIDER_STAFF) & owns_site
# Leaders plan activities and rosters from the statistics.
can_see_statistics = (role(Role.MANAGER) | role(Role.TEAM_LEADER)) & owns_site
# The list of sites is for anyone who may do either at some site.
can_use_dropin = role(Role.PROVIDER_STAFF) | role(Role.MANAGER) | role(Role.TEAM_LEADER)


def _site_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role(Role.ADMINISTRATOR)


# Administrators set up sites, opening hours, slots and categories in the admin; the counts
# themselves are not theirs to read.
is_site_administrator = rules.predicate(_site_admin)
rules.add_perm("dropin", is_site_administrator)
for _model in ("site", "openinghours", "slot", "category"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"dropin.{_action}_{_model}", is_site_administrator)
