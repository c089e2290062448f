"""The statistics as charts, Excel sheets and PDF context: one ``Statistics`` feeds all three."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from roret.core.charts import Chart, month_field, month_label, month_value, to_svg, vega_lite
from roret.core.exports import Sheet
from roret.dropin.selectors import Statistics


def _month(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def charts(stats: Statistics) -> list[Chart]:
    visits, last_year = _("Visits"), _("Same month last year")
    day_values = [{"date": d.isoformat(), "visits": v} for d, v in stats.per_day]
    slot_labels = [column.label for column in stats.time_slots]
    heat_values = [
        {"weekday": label, "slot": slot, "visits": value}
        for label, values in stats.heatmap_rows
        for slot, value in zip(slot_labels, values, strict=True)
    ]
    # Keyed by the month itself, not its number: a period of 13 months has two Decembers,
    # and each is drawn beside its own year-earlier figure.
    month_values = [
        {"month": month_value(datetime.date(row.year, row.month, 1)), "series": series, "n": n}
        for row in stats.per_month
        for series, n in ((visits, row.visits), (last_year, row.visits_last_year))
    ]
    weekday_order = [label for label, _values in stats.heatmap_rows]
    return [
        Chart(
            id="dropin-per-day",
            title=_("Visits per day"),
            description=_("Line chart of the number of visits on each day of the period."),
            spec=vega_lite(
                {
                    "data": {"values": day_values},
                    "mark": {"type": "line", "interpolate": "monotone"},
                    "encoding": {
                        "x": {"field": "date", "type": "temporal", "title": _("Date")},
                        "y": {"field": "visits", "type": "quantitative", "title": visits},
                    },
                }
            ),
            columns=[_("Date"), visits],
            rows=[[d.isoformat(), v] for d, v in stats.per_day],
        ),
        Chart(
            id="dropin-heatmap",
            title=_("Visits per weekday and time of day"),
            description=_(
                "Heat map of the visits in the period by weekday and time of day; darker is more."
            ),
            spec=vega_lite(
                {
                    "data": {"values": heat_values},
                    "mark": "rect",
                    "encoding": {
                        "x": {
                            "field": "slot",
                            "type": "ordinal",
                            "sort": slot_labels,
                            "title": _("Time of day"),
                        },
                        "y": {
                            "field": "weekday",
                            "type": "ordinal",
                            "sort": weekday_order,
                            "title": _("Weekday"),
                        },
                        "color": {
                            "field": "visits",
                            "type": "quantitative",
                            "title": visits,
                            "scale": {"scheme": "blues"},
                        },
                    },
                }
            ),
            columns=[_("Weekday"), *slot_labels],
            rows=[[label, *values] for label, values in stats.heatmap_rows],
        ),
        Chart(
            id="dropin-per-month",
            title=_("Visits per month, compared with the year before"),
            description=_(
                "Bar chart of the visits in each month of the period next to the same month "
                "a year earlier."
            ),
            spec=vega_lite(
                {
                    "data": {"values": month_values},
                    "mark": "bar",
                    "encoding": {
                        "x": month_field(),
                        "xOffset": {"field": "series", "sort": [visits, last_year]},
                        "y": {"field": "n", "type": "quantitative", "title": visits},
                        "color": {
                            "field": "series",
                            "type": "nominal",
                            "sort": [visits, last_year],
                            "title": None,
                        },
                    },
                }
            ),
            columns=[_("Month"), visits, last_year],
            rows=[
                [month_label(datetime.date(r.year, r.month, 1)), r.visits, r.visits_last_year]
                for r in stats.per_month
            ],
        ),
        Chart(
            id="dropin-per-category",
            title=_("Visits per category"),
            description=_("Bar chart of the visits in the period in each category."),
            spec=vega_lite(
                {
                    "data": {
                        "values": [{"category": c, "visits": v} for c, v in stats.per_category]
                    },
                    "mark": "bar",
                    "encoding": {
                        "y": {
                            "field": "category",
                            "type": "nominal",
                            "title": _("Category"),
                            "sort": None,
                        },
                        "x": {"field": "visits", "type": "quantitative", "title": visits},
                    },
                }
            ),
            columns=[_("Category"), visits],
            rows=[[c, v] for c, v in stats.per_category],
        ),
    ]


def sheets(stats: Statistics) -> list[Sheet]:
    note = _(
        "Visits are counted at the door; no visitor is registered. %(site)s, %(start)s to %(end)s."
    ) % {
        "site": stats.site.name,
        "start": stats.start.isoformat(),
        "end": stats.end.isoformat(),
    }
    return [
        Sheet(_("Per day"), [_("Date"), _("Visits")], list(stats.per_day), notes=[note]),
        Sheet(
            _("Weekday and hour"),
            [_("Weekday"), *[column.label for column in stats.time_slots]],
            [[label, *values] for label, values in stats.heatmap_rows],
            notes=[note],
        ),
        Sheet(
            _("Per month"),
            [_("Month"), _("Visits"), _("Same month last year")],
            [[_month(r.year, r.month), r.visits, r.visits_last_year] for r in stats.per_month],
            notes=[note],
        ),
        Sheet(_("Per category"), [_("Category"), _("Visits")], stats.per_category, notes=[note]),
    ]


def pdf_context(stats: Statistics) -> dict[str, Any]:
    drawn = charts(stats)
    return {
        "stats": stats,
        "charts": [(chart, to_svg(chart.spec)) for chart in drawn],
    }
