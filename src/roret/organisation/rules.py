"""Who administers the organisation's reference data: the administrator role.

The predicate asks the user object for its role rather than importing
``roret.accounts.rules``: organisation sits below accounts in the layers.
"""

from __future__ import annotations

from typing import Any

import rules


@rules.predicate
def is_administrator(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_role("administrator")


rules.add_perm("organisation", is_administrator)
for _model in ("department", "team", "area", "partner"):
    for _action in ("view", "add", "change", "delete"):
        rules.add_perm(f"organisation.{_action}_{_model}", is_administrator)
# The 98 municipalities are official reference data, loaded by a migration: read only.
rules.add_perm("organisation.view_municipality", is_administrator)
