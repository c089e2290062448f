"""The processing-time report as tables, charts and sheets: one selector result, the same
figures on the page, in Excel and in the PDF."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from roret.casework.selectors import MIN_COUNT, BasisFigures, ProcessingReport
from roret.core.charts import Chart, month_label, month_trend, month_value
from roret.core.exports import Cell, Sheet
from roret.core.tables import Table, as_text, show


def _count(n: int) -> int | str:
    return _("fewer than %(n)s") % {"n": MIN_COUNT} if 0 < n < MIN_COUNT else n


def _standard(basis: BasisFigures) -> str:
    return basis.standard.describe() if basis.standard else "–"


def summary_table(report: ProcessingReport) -> Table:
    rows: list[list[Cell]] = []
    for basis in report.bases:
        shown = basis.total.shown()
        rows.append(
            [
                basis.legal_basis.label,
                _standard(basis),
                shown.decisions,
                shown.median,
                shown.p90,
                shown.share_within,
                _count(basis.open_past_deadline),
            ]
        )
    return Table(
        _("Last 12 months per legal basis"),
        [
            _("Legal basis"),
            _("Standard"),
            _("Decisions"),
            _("Median (days)"),
            _("90th percentile (days)"),
            _("Within the standard (%)"),
            _("Open past the deadline"),
        ],
        rows,
    )


def monthly_table(report: ProcessingReport) -> Table:
    rows: list[list[Cell]] = []
    for basis in report.bases:
        if not basis.has_decisions:
            continue
        for month, figures in basis.months:
            shown = figures.shown()
            rows.append(
                [
                    str(basis.legal_basis),
                    f"{month:%Y-%m}",
                    shown.decisions,
                    shown.median,
                    shown.p90,
                    shown.share_within,
                ]
            )
    return Table(
        _("Per month"),
        [
            _("Legal basis"),
            _("Month"),
            _("Decisions"),
            _("Median (days)"),
            _("90th percentile (days)"),
            _("Within the standard (%)"),
        ],
        rows,
    )


def tables(report: ProcessingReport) -> list[Table]:
    """For HTML and PDF: cells already as text."""
    return as_text([summary_table(report), monthly_table(report)])


def definitions() -> list[str]:
    return [
        _(
            "Days are counted from the day the application was received to the decision date. "
            "Withdrawn applications and cases opened on the municipality's own initiative "
            "are not counted."
        ),
        _(
            "Median and 90th percentile by linear interpolation between the closest ranks "
            "(as PostgreSQL's percentile_cont): for n sorted values the p-th percentile lies "
            "at position p × (n − 1)."
        ),
        _(
            "Within the standard: decided on or before the deadline computed at receipt from "
            "the standard then in force; applications without a standard are left out."
        ),
        _("Figures from fewer than %(n)s applications are not shown, to protect the citizens.")
        % {"n": MIN_COUNT},
    ]


def sheets(report: ProcessingReport) -> list[Sheet]:
    """For Excel: numbers stay numbers."""
    notes = [
        _("Period: %(start)s to %(end)s") % {"start": report.start, "end": report.today},
        *definitions(),
    ]
    return [
        Sheet(title=t.title, headers=t.headers, rows=t.rows, notes=notes)
        for t in (summary_table(report), monthly_table(report))
    ]


def charts(report: ProcessingReport) -> list[Chart]:
    median, p90 = _("Median"), _("90th percentile")
    result = []
    for basis in report.bases:
        if not basis.has_decisions:
            continue
        values = []
        rows: list[list[Cell]] = []
        for month, figures in basis.months:
            shown = figures.shown()
            rows.append(
                [month_label(month), show(shown.decisions), show(shown.median), show(shown.p90)]
            )
            if shown.median is not None:
                value = month_value(month)
                values.append({"month": value, "measure": median, "days": shown.median})
                values.append({"month": value, "measure": p90, "days": shown.p90})
        result.append(
            Chart(
                id=f"chart-{basis.legal_basis.pk}",
                title=basis.legal_basis.label,
                description=_(
                    "Line chart: median and 90th percentile of days to a decision per month."
                ),
                spec=month_trend(
                    values=values,
                    height=180,
                    y={"field": "days", "type": "quantitative", "title": _("Days")},
                    series={"field": "measure", "type": "nominal", "title": ""},
                ),
                columns=[_("Month"), _("Decisions"), median, p90],
                rows=rows,
            )
        )
    return result


@dataclass(frozen=True)
class PublicRow:
    legal_basis: str
    title: str
    standard: str
    median: str
    share_within: str


def public_rows(report: ProcessingReport) -> list[PublicRow]:
    result = []
    for basis in report.bases:
        shown = basis.total.shown()
        if basis.total.suppressed:
            median = share = str(shown.decisions)
        elif not basis.total.decisions:
            median = share = _("no decisions")
        else:
            median = show(shown.median)
            share = f"{show(shown.share_within)} %" if shown.share_within is not None else "–"
        result.append(
            PublicRow(
                legal_basis=str(basis.legal_basis),
                title=basis.legal_basis.title,
                standard=_standard(basis),
                median=median,
                share_within=share,
            )
        )
    return result
