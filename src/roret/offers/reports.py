"""The outcome report as tables, a chart and sheets: one selector result, the same figures on
the page, in Excel and in the PDF."""

from __future__ import annotations

from django.utils.translation import gettext as _

from roret.core.charts import Chart, month_label, month_trend, month_value, to_svg
from roret.core.exports import Cell, Sheet
from roret.core.tables import Table, as_text
from roret.offers.selectors import OutcomeReport


def figures_table(report: OutcomeReport) -> Table:
    rows: list[list[Cell]] = [
        [_("Referrals"), report.referrals],
        [_("Referrals accepted"), report.accepted],
        [_("Referrals declined"), report.declined],
        [_("Enrolments started"), report.enrolled],
        [_("Enrolments ended"), report.ended],
        [_("Completed – managing on their own"), report.completed],
        [_("Completed: share of ended (per cent)"), report.share_completed],
        [_("Moved to another measure"), report.other_measure],
        [_("Moved to another measure: share of ended (per cent)"), report.share_other_measure],
        [_("Dropped out"), report.dropped_out],
        [_("Dropped out: share of ended (per cent)"), report.share_dropped_out],
        [_("Average length of ended enrolments (days)"), report.average_days],
        [_("Places"), report.capacity],
        [_("Occupied place-days"), report.place_days],
        [_("Capacity utilisation (%)"), report.utilisation],
    ]
    return Table(_("Outcomes"), [_("Figure"), _("Value")], rows)


def moved_to_table(report: OutcomeReport) -> Table:
    return Table(
        _("Moved to which measure"),
        [_("Legal basis"), _("Enrolments")],
        [[label, count] for label, count in report.moved_to],
    )


def trend_table(report: OutcomeReport) -> Table:
    return Table(
        _("Citizens with active § 85 support per month"),
        [_("Month"), _("Citizens")],
        [[f"{row.month:%Y-%m}", row.citizens] for row in report.sel85_trend],
    )


def _tables(report: OutcomeReport) -> list[Table]:
    return [figures_table(report), moved_to_table(report), trend_table(report)]


def tables(report: OutcomeReport, *, with_trend: bool = True) -> list[Table]:
    """For HTML and PDF: cells already as text. On the page the trend's figures sit under
    its chart, so the page leaves the trend table out."""
    chosen = _tables(report) if with_trend else _tables(report)[:-1]
    return as_text(chosen)


def definitions() -> list[str]:
    return [
        _(
            "Referrals are counted by the date of the referral, started enrolments by their "
            "start and ended enrolments by their end date, all within the period."
        ),
        _("The shares completed, moved and dropped out are of the enrolments ended in the period."),
        _(
            "Capacity utilisation: the days in the period that enrolments were running "
            "(place-days) divided by the offer's places times the days in the period."
        ),
        _(
            "Active § 85: citizens with a running enrolment in an offer under SEL § 85 on the "
            "last day of the month (today for the current month), over the last 36 months, "
            "for the whole municipality."
        ),
    ]


def sheets(report: OutcomeReport) -> list[Sheet]:
    """For Excel: numbers stay numbers."""
    notes = [
        _("Period: %(start)s to %(end)s") % {"start": report.start, "end": report.end},
        _("Offer: %(offer)s") % {"offer": report.offer or _("All offers")},
        *definitions(),
    ]
    return [
        Sheet(title=t.title, headers=t.headers, rows=t.rows, notes=notes) for t in _tables(report)
    ]


def trend_chart(report: OutcomeReport) -> Chart:
    values = [
        {"month": month_value(row.month), "citizens": row.citizens} for row in report.sel85_trend
    ]
    return Chart(
        id="sel85-trend",
        title=_("Citizens with active § 85 support per month"),
        description=_(
            "Line chart: the number of citizens with a running § 85 enrolment at the end of "
            "each of the last 36 months."
        ),
        spec=month_trend(
            values=values,
            height=200,
            y={"field": "citizens", "type": "quantitative", "title": _("Citizens")},
        ),
        columns=[_("Month"), _("Citizens")],
        rows=[[month_label(row.month), row.citizens] for row in report.sel85_trend],
    )


def trend_svg(report: OutcomeReport) -> str:
    return to_svg(trend_chart(report).spec)
