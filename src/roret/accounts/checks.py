"""System checks that keep the login safe in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=True)
def demo_mode_is_off(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEMO_MODE:
        return [
            Error(
                "RORET_DEMO is on: staff log in without a second factor.",
                hint="Unset RORET_DEMO; it is for the demo with synthetic data only.",
                id="roret.accounts.E001",
            )
        ]
    return []
