"""Role predicates shared by every app's rules.py."""

from __future__ import annotations

from typing import Any

import rules


def role(code: str) -> Any:
    @rules.predicate(name=f"has_role:{code}")
    def _has_role(user: Any) -> bool:
        return bool(getattr(user, "is_authenticated", False)) and user.has_role(code)

    return _has_role
