"""SQL building blocks for durations and percentiles, one definition on both backends.

Percentiles are *linear interpolation between closest ranks* (PostgreSQL's
``percentile_cont``; Python's ``statistics.quantiles(method="inclusive")``): for ``n`` sorted
values ``x[0..n-1]`` the p-th percentile is ``x[k] + (h - k) * (x[k+1] - x[k])`` with
``h = p * (n - 1)`` and ``k = floor(h)``. PostgreSQL computes it with ``percentile_cont``;
SQLite, which has no percentile function, with window functions (``ROW_NUMBER`` and
``COUNT`` over each group) in the query below.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, F, FloatField, Func, IntegerField
from django.db.models.expressions import Combinable


class PercentileCont(Aggregate):
    """``percentile_cont(p) WITHIN GROUP (ORDER BY expression)`` (PostgreSQL only)."""

    function = "PERCENTILE_CONT"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(percentile)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression: Combinable | str, percentile: float, **extra: Any) -> None:
        if not 0 <= percentile <= 1:
            raise ValueError("percentile must be between 0 and 1")
        super().__init__(expression, percentile=repr(float(percentile)), **extra)


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (two date columns)."""

    output_field = IntegerField()

    def __init__(self, end: str, start: str) -> None:
        super().__init__(F(end), F(start))

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


def sqlite_percentile(p: float) -> str:
    """The p-th percentile of ``days`` in a group of rows ranked ``r`` (0-based) of ``n``."""
    h = f"({float(p)!r} * (n - 1))"
    k = f"CAST({h} AS INTEGER)"
    return (
        f"SUM(CASE WHEN r = {k} THEN days * (1.0 - ({h} - {k})) "
        f"WHEN r = {k} + 1 THEN days * ({h} - {k}) ELSE 0 END)"
    )
