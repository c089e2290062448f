"""Charts read in one Danish style, on paper as on screen (the same spec, locale inside it),
and every chart carries its description as its accessible name."""

from __future__ import annotations

import datetime
import re

from roret.core.charts import Chart, month_label, month_value, to_svg, vega_lite

DAY_LABEL = re.compile(
    r"^\d{1,2}\. (jan|feb|mar|apr|jun|jul|aug|sep|okt|nov|dec)\.$|^\d{1,2}\. maj$"
)
MONTH_LABEL = re.compile(r"^((jan|feb|mar|apr|jun|jul|aug|sep|okt|nov|dec)\.|maj) \d{4}$")


def _labels(spec: dict[str, object]) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", to_svg(spec))


def test_a_time_axis_over_months_writes_days_and_months_in_one_danish_style() -> None:
    first = datetime.date(2025, 11, 20)
    values = [
        {"date": (first + datetime.timedelta(days=n)).isoformat(), "n": n} for n in range(100)
    ]
    spec = vega_lite(
        {
            "data": {"values": values},
            "mark": "line",
            "encoding": {
                "x": {"field": "date", "type": "temporal", "title": "Dato"},
                "y": {"field": "n", "type": "quantitative", "title": "Antal"},
            },
        }
    )
    ticks = [label for label in _labels(spec) if label not in {"Dato", "Antal"}]
    dates = [label for label in ticks if not label.replace(".", "").isdigit()]
    # Vega's defaults gave "dec 07" next to "februar".
    assert "7. dec." in dates and "feb. 2026" in dates
    for label in dates:
        assert DAY_LABEL.match(label) or MONTH_LABEL.match(label), label


def test_a_chart_of_months_labels_each_month_with_its_year() -> None:
    months = [datetime.date(2025, 12, 1), datetime.date(2026, 5, 1), datetime.date(2026, 12, 1)]
    spec = vega_lite(
        {
            "data": {"values": [{"m": month_value(m), "n": 1} for m in months]},
            "mark": "bar",
            "encoding": {
                "x": {"field": "m", "type": "ordinal", "timeUnit": "utcyearmonth", "title": "M"},
                "y": {"field": "n", "type": "quantitative", "title": "N"},
            },
        }
    )
    labels = _labels(spec)
    assert [label for label in labels if MONTH_LABEL.match(label)] == [
        "dec. 2025",
        "maj 2026",
        "dec. 2026",
    ]
    assert [month_label(m) for m in months] == ["dec. 2025", "maj 2026", "dec. 2026"]
    assert month_value(datetime.date(2026, 1, 31)) == "2026-01-01"


def test_numbers_use_the_danish_separators_from_the_spec() -> None:
    spec = vega_lite(
        {
            "data": {"values": [{"k": "a", "n": 12000}, {"k": "b", "n": 2.5}]},
            "mark": "bar",
            "encoding": {
                "x": {"field": "k", "type": "nominal"},
                "y": {"field": "n", "type": "quantitative"},
            },
        }
    )
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert "12.000" in _labels(spec)


def test_a_chart_is_one_image_named_by_its_description() -> None:
    spec = vega_lite(
        {
            "data": {"values": []},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": {"field": "m", "type": "ordinal"},
                "y": {"field": "n", "type": "quantitative"},
            },
        }
    )
    chart = Chart(id="c", title="Titel", description="Kurvediagram over intet.", spec=spec)
    assert chart.spec["description"] == "Kurvediagram over intet."
    svg = to_svg(chart.spec)
    # No mark layer, not even an empty one, is a graphics symbol without a name.
    assert 'role="graphics-symbol"' not in svg
    own = Chart(id="d", title="T", description="D", spec={**spec, "description": "Egen."})
    assert own.spec["description"] == "Egen."
