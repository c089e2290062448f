from __future__ import annotations

import pytest
from pytest_django.fixtures import SettingsWrapper


@pytest.fixture(autouse=True)
def _danish(settings: SettingsWrapper) -> None:
    settings.LANGUAGE_CODE = "da"
