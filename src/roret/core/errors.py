"""Errors the write path raises, shared by pages and the API."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class StaleWriteError(ValidationError):
    """The row changed after the user read it: nothing was written.

    ``current`` is the row as it is now; ``changed_by`` and ``changed_at`` name the last
    change, when the access log knows it. Pages show what changed and let the user save
    again; the API answers 409."""

    def __init__(
        self,
        *,
        current: Any,
        changed_by: str = "",
        changed_at: datetime.datetime | None = None,
        message: Any = None,
    ) -> None:
        super().__init__(
            message
            or _(
                "Someone else saved a change after you opened the page, so yours was not "
                "saved. See what changed below, then save again if your change still applies."
            ),
            code="stale",
        )
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at
