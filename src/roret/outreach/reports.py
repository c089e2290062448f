"""The outreach report as tables and sheets: one selector result, the same figures on the
page, in Excel and in the PDF."""

from __future__ import annotations

from django.utils.translation import gettext as _

from roret.casework.selectors import MIN_COUNT
from roret.core.exports import Cell, Sheet
from roret.core.tables import Table, as_text
from roret.outreach.selectors import OutreachReport, Timing


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def contacts_table(report: OutreachReport) -> Table:
    rows: list[list[Cell]] = [[area.name, *counts, total] for area, counts, total in report.areas]
    totals = [sum(counts[i] for _a, counts, _t in report.areas) for i in range(len(report.months))]
    rows.append([_("All areas"), *totals, sum(totals)])
    return Table(
        _("Contacts per area and month"),
        [_("Area"), *[f"{m:%Y-%m}" for m in report.months], _("Total")],
        rows,
    )


def persons_table(report: OutreachReport) -> Table:
    rows: list[list[Cell]] = [
        [f"{row.month:%Y-%m}", row.new_persons, row.new_anonymous, row.new_known, row.identified]
        for row in report.persons
    ]
    rows.append(
        [
            _("Total"),
            sum(r.new_persons for r in report.persons),
            report.anonymous_met,
            sum(r.new_known for r in report.persons),
            report.anonymous_identified,
        ]
    )
    return Table(
        _("New persons reached"),
        [
            _("Month"),
            _("New persons"),
            _("Met anonymously"),
            _("Known citizens met"),
            _("Of the anonymous, identified since"),
        ],
        rows,
    )


def summary_table(report: OutreachReport) -> Table:
    return Table(
        _("Summary"),
        [_("Measure"), _("Value")],
        [
            [_("Persons met anonymously"), report.anonymous_met],
            [_("Of those, identified"), report.anonymous_identified],
            [_("Share identified (%)"), _round(report.share_identified)],
            [_("Fast-track requests raised from contacts"), report.requests_raised],
            [_("Of those, approved for fast track"), report.requests_approved],
        ],
    )


def _timing(timing: Timing) -> list[Cell]:
    """Count, median and mean; a small group shows no figures, as in casework's report."""
    if 0 < timing.count < MIN_COUNT:
        return [_("fewer than %(n)s") % {"n": MIN_COUNT}, None, None]
    return [timing.count, _round(timing.median), _round(timing.mean)]


def comparison_table(report: OutreachReport) -> Table:
    rows: list[list[Cell]] = [
        [row.legal_basis.label, *_timing(row.fast_track), *_timing(row.ordinary)]
        for row in report.comparison
    ]
    return Table(
        _("Days to a decision: raised from outreach against ordinary applications"),
        [
            _("Legal basis"),
            _("From outreach: decisions"),
            _("From outreach: median (days)"),
            _("From outreach: mean (days)"),
            _("Ordinary: decisions"),
            _("Ordinary: median (days)"),
            _("Ordinary: mean (days)"),
        ],
        rows,
    )


def _all(report: OutreachReport) -> list[Table]:
    return [
        summary_table(report),
        contacts_table(report),
        persons_table(report),
        comparison_table(report),
    ]


def tables(report: OutreachReport) -> list[Table]:
    """For HTML and PDF: cells already as text."""
    return as_text(_all(report))


def definitions() -> list[str]:
    return [
        _(
            "New persons: anonymous persons met for the first time in the month, and known "
            "citizens whose first outreach contact was in the month (not counting persons "
            "first met anonymously)."
        ),
        _(
            "Identified: anonymous persons met for the first time in the period who have "
            "since been identified as a citizen."
        ),
        _(
            "Days to a decision are counted from the day the application was received to the "
            "decision date, for applications decided in the period. 'From outreach' are "
            "applications registered from an outreach worker's request for fast track; "
            "'ordinary' are the other applications of the same legal basis without fast "
            "track. Withdrawn applications and cases on the municipality's own initiative "
            "are not counted."
        ),
        _("The median of an even number of values is the mean of the two middle values."),
        _("Figures from fewer than %(n)s applications are not shown, to protect the citizens.")
        % {"n": MIN_COUNT},
    ]


def sheets(report: OutreachReport) -> list[Sheet]:
    """For Excel: numbers stay numbers."""
    notes = [
        _("Period: %(start)s to %(end)s") % {"start": report.start, "end": report.today},
        *definitions(),
    ]
    return [Sheet(title=t.title, headers=t.headers, rows=t.rows, notes=notes) for t in _all(report)]
