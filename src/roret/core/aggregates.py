"""SQL building blocks for durations, and percentiles from grouped rows, one definition on
both backends.

Percentiles are *linear interpolation between closest ranks* (PostgreSQL's
``percentile_cont``; Python's ``statistics.quantiles(method="inclusive")``): for ``n`` sorted
values ``x[0..n-1]`` the p-th percentile is ``x[k] + (h - k) * (x[k+1] - x[k])`` with
``h = p * (n - 1)`` and ``k = floor(h)``. A report groups its rows in SQL by the value (days
from receipt to decision, say) and computes the percentiles from the counts
(``histogram_percentile``): the same figure on SQLite and PostgreSQL, and the percentile of
several months follows from the months' kept counts.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F, Func, IntegerField
from django.db.models.expressions import Combinable


class DaysBetween(Func):
    """Whole days from ``start`` to ``end`` (date columns, or date expressions)."""

    output_field = IntegerField()

    def __init__(self, end: str | Combinable, start: str | Combinable) -> None:
        super().__init__(
            F(end) if isinstance(end, str) else end, F(start) if isinstance(start, str) else start
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


Histogram = dict[int, int]  # value -> how many rows have it


def add_histograms(*histograms: Histogram) -> Histogram:
    total: Histogram = {}
    for histogram in histograms:
        for value, count in histogram.items():
            total[value] = total.get(value, 0) + count
    return total


def histogram_percentile(histogram: Histogram, p: float) -> float | None:
    """The p-th percentile of the values a histogram counts, by the definition above, from
    the (value, count) pairs without spelling out the values: a query can group rows by
    value and the percentiles of any union of groups follow."""
    n = sum(histogram.values())
    if not n:
        return None
    h = p * (n - 1)
    k = int(h)
    values = sorted(histogram)
    seen = 0
    for index, value in enumerate(values):
        seen += histogram[value]
        if seen > k:  # x[k] is ``value``; x[k + 1] is too, or is the next value
            upper = value if seen > k + 1 or index + 1 == len(values) else values[index + 1]
            return float(value + (h - k) * (upper - value))
    return None


def histogram_mean(histogram: Histogram) -> float | None:
    n = sum(histogram.values())
    return sum(value * count for value, count in histogram.items()) / n if n else None
