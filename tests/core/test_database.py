"""Settings of the database connection itself."""

from __future__ import annotations

import pytest
from django.db import connection


@pytest.mark.django_db
def test_postgresql_connections_run_without_jit() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("JIT is a PostgreSQL setting; CI runs this on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


@pytest.mark.django_db
def test_postgresql_connections_plan_for_data_in_memory() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("random_page_cost is a PostgreSQL setting; CI runs this on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert cursor.fetchone() == ("1.1",)
