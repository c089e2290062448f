from __future__ import annotations

import pytest
from pytest_django.fixtures import Settings


@pytest.fixture(autouse=True)
def _danish(settings: Settings) -> None:
    settings.LANGUAGE_CODE = "da"
