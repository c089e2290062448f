"""Downloads that municipal staff and councils read: Excel (openpyxl) and PDF (WeasyPrint).

A report renders the same figures three ways from one selector result: the page, an
``xlsx_response`` and a ``pdf_response`` of an HTML template extending ``core/pdf_base.html``.
Exports of citizen data must be logged by the caller (action "export"); aggregate reports
need no log entry.
"""

from __future__ import annotations

import datetime
import decimal
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Cell = str | int | float | decimal.Decimal | datetime.date | None


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    notes: Sequence[str] = field(default_factory=tuple)  # definitions printed under the table


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    stem, _dot, extension = filename.rpartition(".")
    safe = f"{slugify(stem) or 'roret'}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{safe}"'
    return response


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        # Excel limits sheet names to 31 characters and forbids a few characters.
        worksheet = workbook.create_sheet(re.sub(r"[\[\]:*?/\\]", "-", str(sheet.title))[:31])
        worksheet.append([str(header) for header in sheet.headers])
        for cell in worksheet[1]:
            cell.font = Font(bold=True)
        for row in sheet.rows:
            worksheet.append(list(row))
        if sheet.notes:
            worksheet.append([])
            for note in sheet.notes:
                worksheet.append([str(note)])
        for index, header in enumerate(sheet.headers, start=1):
            width = max([len(str(header)), *(len(str(r[index - 1] or "")) for r in sheet.rows)])
            worksheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(*, filename: str, sheets: Sequence[Sheet]) -> HttpResponse:
    return _attachment(HttpResponse(xlsx_bytes(sheets), content_type=XLSX_TYPE), filename)


# Relative URLs in a PDF's HTML resolve against this made-up origin, which the fetcher
# maps to files; nothing is ever fetched over the network.
_PDF_BASE_URL = "http://roret.invalid/"


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class StaticFileFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> Any:
            match = re.match(r"^http://roret\.invalid/static/([^?#]+)", url)
            if match:
                path = finders.find(match.group(1))
                found = path[0] if isinstance(path, list) else path
                if not found:
                    raise ValueError(f"static file not found: {match.group(1)}")
                url = Path(found).resolve().as_uri()
            return super().fetch(url, headers)

    fetcher = StaticFileFetcher(allowed_protocols={"file", "data"})
    document = HTML(string=html, base_url=_PDF_BASE_URL, url_fetcher=fetcher)
    result: bytes = document.write_pdf()
    return result


def pdf_response(
    *, request: HttpRequest, template: str, context: dict[str, Any], filename: str
) -> HttpResponse:
    html = render_to_string(template, context, request=request)
    return _attachment(HttpResponse(pdf_bytes(html), content_type="application/pdf"), filename)


View = Callable[..., HttpResponse]


class ReportViews(NamedTuple):
    """A report's three routes: the page, the Excel file and the PDF."""

    page: View
    xlsx: View
    pdf: View


def report_views(
    *,
    read: Callable[..., Any],
    template: str,
    context: Callable[[HttpRequest, Any], dict[str, Any]],
    pdf_template: str,
    pdf_context: Callable[[Any], dict[str, Any]],
    sheets: Callable[[Any], Sequence[Sheet]],
    filename: Callable[[Any], str],
) -> ReportViews:
    """The three ways a report is read, from one ``read(request, **url_kwargs)`` (which checks
    the permission and calls the selector): the page renders ``template`` with
    ``context(request, read)``, the Excel file holds ``sheets(read)`` and the PDF renders
    ``pdf_template`` with ``pdf_context(read)``; both files are named ``filename(read)`` with
    their extension."""

    @require_GET
    def page(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        return TemplateResponse(request, template, context(request, read(request, **kwargs)))

    @require_GET
    def xlsx(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        result = read(request, **kwargs)
        return xlsx_response(filename=f"{filename(result)}.xlsx", sheets=sheets(result))

    @require_GET
    def pdf(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        result = read(request, **kwargs)
        return pdf_response(
            request=request,
            template=pdf_template,
            context=pdf_context(result),
            filename=f"{filename(result)}.pdf",
        )

    return ReportViews(page, xlsx, pdf)
