"""Charts: one Vega-Lite spec for the screen (vega-embed) and for paper (SVG in PDFs).

A page passes a ``Chart`` to the template ``core/_chart.html``; the spec travels as JSON in a
``<script type="application/json">`` element and ``roret.js`` draws it, so the
Content-Security-Policy needs no inline script. Vega evaluates expressions with the
CSP-safe interpreter instead of ``new Function``. Every chart carries its numbers as a table
too, for screen readers and for anyone who prefers figures.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from typing import Any

import vl_convert
from django.utils.translation import gettext as _

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

# Danish number and date formats (d3 locales), carried in every spec as config.locale.
FORMAT_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " kr."]}
TIME_FORMAT_LOCALE = {
    "dateTime": "%A den %d. %B %Y %X",
    "date": "%d.%m.%Y",
    "time": "%H:%M:%S",
    "periods": ["", ""],
    "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
    "shortDays": ["søn", "man", "tir", "ons", "tor", "fre", "lør"],
    "months": [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ],
    # Danish abbreviations end with a full stop except where nothing is cut (CLDR's "da").
    "shortMonths": [
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "maj",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "okt.",
        "nov.",
        "dec.",
    ],
}

# Vega picks a tick's format by the coarsest time unit the tick falls on; its defaults mix
# "%b %d" (an English order) with "%B", so one axis read "dec. 07" next to "februar". One
# Danish style on every temporal axis: days as "7. dec.", months as "dec. 2025" (a new year's
# first tick too, rather than a bare "2026" among months). Month charts use the time unit
# "utcyearmonth", whose default label is "%b %Y" as well.
TIME_MULTI_FORMAT = {
    "milliseconds": "%H:%M:%S.%L",
    "seconds": "%H:%M:%S",
    "minutes": "%H:%M",
    "hours": "%H:%M",
    "date": "%-d. %b",
    "week": "%-d. %b",
    "month": "%b %Y",
    "quarter": "%b %Y",
    "year": "%b %Y",
}
# Tooltips and text marks of raw dates (axes use TIME_MULTI_FORMAT).
TIME_FORMAT = "%-d. %b %Y"


def month_label(day: datetime.date) -> str:
    """A month as the charts' axes write it ("dec. 2025"), for the tables beside them."""
    return f"{TIME_FORMAT_LOCALE['shortMonths'][day.month - 1]} {day.year}"


def month_value(day: datetime.date) -> str:
    """A month as chart data: its first day, read by the time unit "utcyearmonth".

    A date without a time is parsed as UTC midnight, so the UTC time unit keeps it in its
    month whatever the time zone of the browser or the converter.
    """
    return day.replace(day=1).isoformat()


def month_field() -> dict[str, Any]:
    """The month in a chart's encoding, an axis or a tooltip: the data's ``month`` as
    ``month_value`` writes it, labelled as the axes write months."""
    return {"field": "month", "type": "ordinal", "timeUnit": "utcyearmonth", "title": _("Month")}


def month_trend(
    *,
    values: list[dict[str, Any]],
    height: int,
    y: dict[str, Any],
    series: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A line with a point per month: ``y`` is the figure, ``series`` the field that tells
    several lines apart (None for one line); the tooltip shows the month, the series and the
    figure."""
    named = [series] if series is not None else []
    return vega_lite(
        {
            "height": height,
            "data": {"values": values},
            "mark": {"type": "line", "point": True},
            "encoding": {
                "x": month_field(),
                "y": y,
                **({"color": series} if series is not None else {}),
                "tooltip": [month_field(), *named, y],
            },
        }
    )


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str  # one sentence that says what the chart shows, for screen readers
    spec: dict[str, Any]
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Vega names the drawing after the spec's description (aria-label); without one a
        # screen reader hears "Vega visualization". The spec is what both the page and the
        # PDF draw, so the name goes there, once for every chart.
        if "description" not in self.spec:
            object.__setattr__(self, "spec", {**self.spec, "description": self.description})

    @property
    def spec_element_id(self) -> str:
        return f"{self.id}-spec"


def vega_lite(spec: dict[str, Any]) -> dict[str, Any]:
    """Complete a spec with the schema, Roret's look (DKFDS-like font and colours) and the
    Danish number and time formats, which travel in the spec so that the browser and the
    PDF converter draw the same labels."""
    return {
        "$schema": SCHEMA,
        "width": "container",
        "config": {
            "font": "IBM Plex Sans, Arial, sans-serif",
            "range": {"category": ["#0059b3", "#008139", "#c05600", "#6b3fa0", "#b51a3b"]},
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
            "axisTemporal": {"format": TIME_MULTI_FORMAT},
            "timeFormat": TIME_FORMAT,
            "locale": {"number": FORMAT_LOCALE, "time": TIME_FORMAT_LOCALE},
            # The chart is one image named by its description; its figures are in the table
            # beside it. Vega's per-mark ARIA roles would otherwise leave an empty mark layer
            # (a month without figures) as an unnamed graphics symbol.
            "aria": False,
            "mark": {"aria": False},
        },
        **spec,
    }


def to_svg(spec: dict[str, Any], *, width: int = 640) -> str:
    """The same chart as static SVG (for PDFs): a fixed width replaces "container"."""
    printable = {**spec, "width": width if spec.get("width") == "container" else spec["width"]}
    svg: str = vl_convert.vegalite_to_svg(
        json.loads(json.dumps(printable, default=str)),
        format_locale=FORMAT_LOCALE,
        time_format_locale=TIME_FORMAT_LOCALE,
    )
    return svg
