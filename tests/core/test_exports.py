from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from openpyxl import load_workbook
from pypdf import PdfReader

from roret.core.charts import Chart, to_svg, vega_lite
from roret.core.exports import Sheet, pdf_bytes, pdf_response, xlsx_bytes, xlsx_response

SPEC = vega_lite(
    {
        "data": {"values": [{"måned": "2026-01", "antal": 4}, {"måned": "2026-02", "antal": 7}]},
        "mark": "bar",
        "encoding": {
            "x": {"field": "måned", "type": "ordinal"},
            "y": {"field": "antal", "type": "quantitative"},
        },
    }
)


def test_xlsx_keeps_types_headers_and_notes() -> None:
    data = xlsx_bytes(
        [
            Sheet(
                title="Sagsbehandlingstider: § 85/§ 107?",
                headers=["Paragraf", "Antal", "Beløb", "Dato"],
                rows=[["§ 85", 12, Decimal("1234.50"), datetime.date(2026, 1, 31)]],
                notes=["Median i kalenderdage."],
            )
        ]
    )
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert len(sheet.title) <= 31
    assert "?" not in sheet.title
    assert [c.value for c in sheet[1]] == ["Paragraf", "Antal", "Beløb", "Dato"]
    assert sheet["B2"].value == 12
    assert sheet["C2"].value == 1234.5
    assert sheet["D2"].value == datetime.datetime(2026, 1, 31)
    assert sheet["A4"].value == "Median i kalenderdage."


def test_xlsx_response_is_a_download_with_a_safe_name() -> None:
    response = xlsx_response(filename="Rapport for år 2026.xlsx", sheets=[Sheet("A", ["x"], [[1]])])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="rapport-for-ar-2026.xlsx"'


def test_pdf_has_the_text_with_danish_letters_and_an_svg_chart() -> None:
    html = render_to_string("core/pdf_base.html", {"MUNICIPALITY_NAME": "Prøve Kommune"}).replace(
        "</body>", f"<h1>Årsrapport for Ærø og Øster</h1>{to_svg(SPEC)}</body>"
    )
    reader = PdfReader(io.BytesIO(pdf_bytes(html)))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Årsrapport for Ærø og Øster" in text
    assert "Prøve Kommune" in text


def test_pdf_fetches_nothing_from_the_network() -> None:
    html = '<html><body><img src="https://example.org/x.png"><p>Hej</p></body></html>'
    reader = PdfReader(io.BytesIO(pdf_bytes(html)))
    assert "Hej" in reader.pages[0].extract_text()


@pytest.mark.django_db
def test_pdf_response_renders_a_template() -> None:
    request = RequestFactory().get("/")
    response = pdf_response(
        request=request, template="core/pdf_base.html", context={}, filename="plan.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_svg_and_chart_template() -> None:
    svg = to_svg(SPEC)
    assert svg.lstrip().startswith("<svg")
    chart = Chart(
        id="test-chart",
        title="Antal pr. måned",
        description="Søjlediagram over antal pr. måned.",
        spec=SPEC,
        columns=["Måned", "Antal"],
        rows=[["2026-01", 4], ["2026-02", 7]],
    )
    html = render_to_string("core/_chart.html", {"chart": chart})
    assert 'type="application/json"' in html
    assert 'id="test-chart-spec"' in html
    assert "<td>7</td>" in html
    assert "<script>" not in html


def test_printed_charts_use_danish_dates_and_numbers() -> None:
    spec = vega_lite(
        {
            "data": {"values": [{"d": "2026-03-01", "n": 1234.5}, {"d": "2026-05-01", "n": 2}]},
            "mark": "line",
            "encoding": {
                "x": {"field": "d", "type": "temporal", "timeUnit": "yearmonth"},
                "y": {"field": "n", "type": "quantitative"},
            },
        }
    )
    svg = to_svg(spec)
    assert "maj" in svg or "marts" in svg
    assert "May" not in svg and "March" not in svg
