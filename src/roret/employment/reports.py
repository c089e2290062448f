"""The yearly frikort and KLAP report as tables and sheets: one selector result, the same
figures on the page, in Excel and in the PDF."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from roret.core.exports import Cell, Sheet
from roret.core.tables import Table, as_text, show
from roret.employment.selectors import YearlyReport


def _show(cell: Cell) -> str:
    """Amounts in kroner, other cells as every report shows them."""
    if isinstance(cell, Decimal):
        amount = formats.number_format(cell, decimal_pos=2, use_l10n=True, force_grouping=True)
        return f"{amount} kr."
    return show(cell)


def frikort_table(report: YearlyReport) -> Table:
    rows: list[list[Cell]] = [
        [_("Holders of an active frikort on 1 January"), report.holders_at_start],
        [_("Holders of an active frikort on 31 December"), report.holders_at_end],
        [_("Holders at some time during the year"), report.holders_during],
        [_("Used the frikort in a job during the year"), report.used_in_job],
        [_("Total earnings under the frikort"), report.total_earnings],
        [_("The year's tax-free amount"), report.cap],
        [_("Reached the year's tax-free amount"), report.reached_cap if report.cap else None],
    ]
    return Table(
        _("Social frikort %(year)s") % {"year": report.year}, [_("Figure"), _("Value")], rows
    )


def jobs_table(report: YearlyReport) -> Table:
    rows: list[list[Cell]] = [[row.label, row.at_start, row.at_end] for row in report.jobs]
    return Table(
        _("People in jobs %(year)s") % {"year": report.year},
        [_("Kind of job"), _("On 1 January"), _("On 31 December")],
        rows,
    )


def tables(report: YearlyReport) -> list[Table]:
    """For HTML and PDF: cells already as text."""
    return as_text([frikort_table(report), jobs_table(report)], _show)


def definitions(report: YearlyReport) -> list[str]:
    lines = [
        _(
            "A holder has a frikort decided on or before the day and not deactivated on or "
            "before it. Each citizen counts once."
        ),
        _(
            "Used in a job: the citizen has earnings above 0 kr. registered under the frikort "
            "for a month of the year."
        ),
        _(
            "People in jobs: citizens with a job of the kind running on the day (start and end "
            "day included). A citizen with two jobs of the same kind counts once."
        ),
    ]
    if report.cap is None:
        lines.append(
            _("No tax-free amount is registered for %(year)s; the administrator adds it.")
            % {"year": report.year}
        )
    return lines


def sheets(report: YearlyReport) -> list[Sheet]:
    """For Excel: numbers stay numbers."""
    notes = definitions(report)
    return [
        Sheet(title=t.title, headers=t.headers, rows=t.rows, notes=notes)
        for t in (frikort_table(report), jobs_table(report))
    ]
