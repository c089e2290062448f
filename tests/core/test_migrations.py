"""The models and the migrations agree: declaring fields through the shared helpers
(``roret.core.fields``, ``roret.accounts.fields``) must not change the schema."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_models_need_no_new_migration() -> None:
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
