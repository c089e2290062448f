"""Abstract model pieces every app may use."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Versioned(models.Model):
    """A row that staff edit from forms: the version the form was read at travels with the
    form, and a write whose version is no longer the row's is refused instead of silently
    overwriting a colleague's change (``roret.people.writes``)."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class Named(models.Model):
    """A row known by its name (a department, an offer, a role): listed in the order of its
    name and shown as its name. The model declares ``name`` itself (its length, whether it is
    unique) and its ``Meta`` extends ``Named.Meta``."""

    name: str

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def check_date_order(
    start: datetime.date | None,
    end: datetime.date | None,
    *,
    field: str,
    message: Any = None,
) -> None:
    """The one check that a period does not end before it starts (a model's ``clean``, a
    filter form's): a ValidationError on ``field``, the end."""
    if start is not None and end is not None and end < start:
        raise ValidationError(
            {field: message or _("The end date cannot be before the start date.")}
        )


def overlapping(start: str, end: str, first: datetime.date, last: datetime.date | None = None) -> Q:
    """The rows whose period, from the date field ``start`` to the date field ``end`` (open
    when null), shares a day with the days from ``first`` to ``last`` (open when None); both
    ends of both periods are included. ``overlapping(start, end, day, day)``: valid on ``day``."""
    meets = Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": first})
    return meets if last is None else Q(**{f"{start}__lte": last}) & meets


class Period(models.Model):
    """Something done from a start to an end not yet known (an intervention, a job, a
    caseload entry); the end, once set, is not before the start."""

    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        abstract = True

    def clean(self) -> None:
        check_date_order(self.starts_on, self.ends_on, field="ends_on")


def unique(*fields: str, name: str, condition: Q | None = None) -> models.UniqueConstraint:
    """The constraint that no two rows share the values of ``fields`` (among the rows that
    meet ``condition``, if given): ``unique("site", "weekday", name=...)``."""
    return models.UniqueConstraint(fields=list(fields), condition=condition, name=name)


def ordered_dates(start: str, end: str, *, name: str) -> models.CheckConstraint:
    """The database's check that the date ``end``, when set, is not before ``start``: the
    constraint beside ``check_date_order`` in ``clean``."""
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}), name=name
    )


def at_least_one_of(first: str, second: str, *, name: str) -> models.CheckConstraint:
    """The check that a row points at ``first``, at ``second`` or at both, never at neither
    (a contact with a known citizen or an anonymous person)."""
    return models.CheckConstraint(
        condition=Q(**{f"{first}__isnull": False}) | Q(**{f"{second}__isnull": False}),
        name=name,
    )


def exactly_one_of(first: str, second: str, *, name: str) -> models.CheckConstraint:
    """The check that a row points at ``first`` or at ``second`` but not both nor neither
    (a department or an external partner)."""
    return models.CheckConstraint(
        condition=(Q(**{f"{first}__isnull": False}) & Q(**{f"{second}__isnull": True}))
        | (Q(**{f"{first}__isnull": True}) & Q(**{f"{second}__isnull": False})),
        name=name,
    )


class KeptMonth(models.Model):
    """The figures of one report for one month that has ended, computed once and kept
    (``roret.core.kept``). A write dated in a kept month deletes that month and the later
    ones of its report, so the next read computes them again from the rows."""

    report = models.CharField(_("report"), max_length=40)
    month = models.DateField(_("month"))  # the first day
    values = models.JSONField(_("figures"))
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("kept month of a report")
        verbose_name_plural = _("kept months of reports")
        constraints = [unique("report", "month", name="core_kept_month_unique")]

    def __str__(self) -> str:
        return f"{self.report} {self.month:%Y-%m}"


class KeptReport(models.Model):
    """One row per report with kept months: its ``generation`` moves on with every write that
    forgets kept months. A read keeps what it computed only if the generation is still the one
    it started from, and it checks that under the row's lock, which a writing transaction
    holds until it commits: figures computed without a concurrent write are never kept."""

    report = models.CharField(_("report"), max_length=40, unique=True)
    generation = models.PositiveBigIntegerField(_("generation"), default=0)

    def __str__(self) -> str:
        return f"{self.report} ({self.generation})"
