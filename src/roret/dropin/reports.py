"""The statistics as charts, Excel sheets and PDF context: one ``Statistics`` feeds all three."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from roret.core.charts import Chart, to_svg, vega_lite
from roret.core.exports import Sheet
from roret.dropin.selectors import Statistics


def _month(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def charts(stats: Statistics) -> list[Chart]:
    visits = _("Visits")
    day_values = [{"date": d.isoformat(), "visits": v} for d, v in stats.per_day]
    heat_values = [
        {"weekday": label, "hour": f"{hour:02d}", "visits": value}
        for label, values in stats.heatmap_rows
        for hour, value in zip(stats.hours, values, strict=True)
    ]
    month_values = [
        {"month": f"{row.month:02d}", "period": period, "visits": value}
        for row in stats.per_month
        for period, value in (
            (str(row.year), row.visits),
            (str(row.year - 1), row.visits_last_year),
        )
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
            title=_("Visits per weekday and hour"),
            description=_(
                "Heat map of the visits in the period by weekday and hour; darker is more."
            ),
            spec=vega_lite(
                {
                    "data": {"values": heat_values},
                    "mark": "rect",
                    "encoding": {
                        "x": {"field": "hour", "type": "ordinal", "title": _("Hour")},
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
            columns=[_("Weekday"), *[f"{hour:02d}" for hour in stats.hours]],
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
                        "x": {"field": "month", "type": "ordinal", "title": _("Month")},
                        "xOffset": {"field": "period"},
                        "y": {"field": "visits", "type": "quantitative", "title": visits},
                        "color": {"field": "period", "type": "nominal", "title": _("Year")},
                    },
                }
            ),
            columns=[_("Month"), visits, _("Same month last year")],
            rows=[[_month(r.year, r.month), r.visits, r.visits_last_year] for r in stats.per_month],
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
            [_("Weekday"), *[f"{hour:02d}" for hour in stats.hours]],
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
