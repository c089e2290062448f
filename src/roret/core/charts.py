"""Charts: one Vega-Lite spec for the screen (vega-embed) and for paper (SVG in PDFs).

A page passes a ``Chart`` to the template ``core/_chart.html``; the spec travels as JSON in a
``<script type="application/json">`` element and ``roret.js`` draws it, so the
Content-Security-Policy needs no inline script. Vega evaluates expressions with the
CSP-safe interpreter instead of ``new Function``. Every chart carries its numbers as a table
too, for screen readers and for anyone who prefers figures.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import vl_convert

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

# Danish number and date formats (d3 locales); roret.js gives the browser the same ones.
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
    "shortMonths": [
        "jan",
        "feb",
        "mar",
        "apr",
        "maj",
        "jun",
        "jul",
        "aug",
        "sep",
        "okt",
        "nov",
        "dec",
    ],
}


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str  # one sentence that says what the chart shows, for screen readers
    spec: dict[str, Any]
    columns: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)

    @property
    def spec_element_id(self) -> str:
        return f"{self.id}-spec"


def vega_lite(spec: dict[str, Any]) -> dict[str, Any]:
    """Complete a spec with the schema and Roret's look (DKFDS-like font and colours)."""
    return {
        "$schema": SCHEMA,
        "width": "container",
        "config": {
            "font": "IBM Plex Sans, Arial, sans-serif",
            "range": {"category": ["#0059b3", "#008139", "#c05600", "#6b3fa0", "#b51a3b"]},
            "axis": {"labelFontSize": 12, "titleFontSize": 12},
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
