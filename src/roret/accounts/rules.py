"""Role predicates shared by every app's rules.py, and who administers accounts.

Predicates read like the policy: ``role("caseworker") | role("team_leader")``. Object rules
(need to know) live in the app that owns the object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import rules


def role(code: str) -> Any:
    @rules.predicate(name=f"has_role:{code}")
    def _has_role(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.has_role(code)

    return _has_role


def member_of_department(departments_of: Callable[[Any], Iterable[int]]) -> Any:
    """A predicate true when the user belongs to one of the departments ``departments_of(obj)``
    names (department ids); for objects that a department owns."""

    @rules.predicate
    def _member(user: Any, obj: Any) -> bool:
        if obj is None or not getattr(user, "is_authenticated", False):
            return False
        return bool(user.department_ids & set(departments_of(obj)))

    return _member


is_administrator = role("administrator")

# Administrators manage staff accounts and roles in the admin, and unlock locked accounts.
rules.add_perm("accounts", is_administrator)
for _model in ("user", "role"):
    for _action in ("view", "add", "change"):
        rules.add_perm(f"accounts.{_action}_{_model}", is_administrator)
rules.add_perm("accounts.delete_role", is_administrator)
rules.add_perm("axes", is_administrator)
rules.add_perm("axes.view_accessattempt", is_administrator)
rules.add_perm("axes.delete_accessattempt", is_administrator)
rules.add_perm("axes.view_accesslog", is_administrator)
rules.add_perm("axes.view_accessfailurelog", is_administrator)
