from __future__ import annotations

import pytest

from roret.seed.runner import SeedReport, run_seed

SMALL = 40


@pytest.fixture
def small_seed(db: None) -> SeedReport:
    """A quick synthetic municipality for tests that do not need size S."""
    return run_seed(size="S", citizens=SMALL, seed=7, show_progress=False)
