"""The social frikort against the year's cap, jobs of every kind, and earnings per month.

A frikort is *active on* a day from its decision until (not including) the day it was
deactivated. A job is *active on* a day from its start to its end, both included. The year's
running total is the sum of the citizen's earnings registered for months of that calendar
year, compared with that year's cap (``FrikortCap``), which the administrator keeps as data.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr

from roret.accounts.fields import staff_user
from roret.core.fields import decimal_from, foreign_key
from roret.core.models import Period, Versioned, check_date_order, unique
from roret.organisation.models import Department
from roret.people.models import Citizen


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    following = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return following - datetime.timedelta(days=1)


class FrikortCap(models.Model):
    """The tax-free amount of one calendar year, regulated every 1 January."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = decimal_from(_("amount (kr.)"), "0.01", max_digits=10, decimal_places=2)
    regulation_note = models.TextField(
        _("regulation note"),
        blank=True,
        help_text=_("How the amount was regulated and where it is published."),
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("frikort amount")
        verbose_name_plural = _("frikort amounts")

    def __str__(self) -> str:
        return f"{self.year}: {self.amount} kr."

    def clean(self) -> None:
        if self.year is not None and not 2019 <= self.year <= 2100:
            raise ValidationError({"year": _("Enter a year from 2019 onwards.")})


class Frikort(Versioned):
    """The municipality's decision that a citizen may use the social frikort. Checked and
    deactivated from forms, so a form read at an older version is refused (``Versioned``)."""

    LINK_SOURCE_TYPE = "employment.frikort"

    citizen = foreign_key(Citizen, related_name="frikorts")
    department = foreign_key(Department, _("job centre"))
    decided_on = models.DateField(_("decided on"))
    decided_by = staff_user(_("decided by"))
    last_checked_on = models.DateField(_("eligibility last checked"), null=True, blank=True)
    next_check_due = models.DateField(_("next eligibility check due"))
    deactivated_on = models.DateField(_("deactivated on"), null=True, blank=True)
    deactivation_reason = models.CharField(_("reason for deactivation"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        constraints = [
            unique(
                "citizen",
                condition=Q(deactivated_on__isnull=True),
                name="frikort_one_active_per_citizen",
            )
        ]
        indexes = [models.Index(fields=["next_check_due"])]
        verbose_name = _("social frikort")
        verbose_name_plural = _("social frikorts")

    def __str__(self) -> str:
        return f"{self.citizen_id}: {self.decided_on}"

    @property
    def is_active(self) -> bool:
        return self.deactivated_on is None

    def active_on(self, day: datetime.date) -> bool:
        return self.decided_on <= day and (self.deactivated_on is None or day < self.deactivated_on)

    def clean(self) -> None:
        if self.decided_on and self.next_check_due:
            if self.next_check_due < self.decided_on:
                raise ValidationError(
                    {"next_check_due": _("The next check cannot be before the decision.")}
                )
            checked = self.last_checked_on or self.decided_on
            latest = latest_check_due(checked)
            if self.next_check_due > latest:
                raise ValidationError(
                    {
                        "next_check_due": _(
                            "Eligibility must be checked at least every second calendar "
                            "year: at the latest on %(date)s."
                        )
                        % {"date": latest.strftime("%d-%m-%Y")}
                    }
                )
        if self.deactivated_on:
            if self.decided_on and self.deactivated_on < self.decided_on:
                raise ValidationError(
                    {"deactivated_on": _("The card cannot be deactivated before the decision.")}
                )
            if not self.deactivation_reason.strip():
                raise ValidationError(
                    {"deactivation_reason": _("Give the reason the card is deactivated.")}
                )


def latest_check_due(checked_on: datetime.date) -> datetime.date:
    """Checked in one calendar year, the next check falls in the following one at the latest."""
    return datetime.date(checked_on.year + 1, 12, 31)


class Job(Versioned, Period):
    """A job of any kind; ended from a form, so versioned like the frikort."""

    LINK_SOURCE_TYPE = "employment.job"

    class Kind(models.TextChoices):
        ORDINARY_FRIKORT = "ordinary_frikort", _("Ordinary job with frikort")
        KLAP = "klap", _("KLAP job")
        FLEXJOB = "flexjob", _("Flexjob")
        SHELTERED = "sheltered_103", _("Sheltered employment (SEL § 103)")
        VOLUNTEER = "volunteer", _("Volunteer work")

    # Kinds that pay wages, and so can carry earnings under the frikort.
    PAID_KINDS = (Kind.ORDINARY_FRIKORT, Kind.KLAP, Kind.FLEXJOB, Kind.SHELTERED)

    citizen = foreign_key(Citizen, related_name="jobs")
    department = foreign_key(Department, _("job centre"))
    kind = models.CharField(_("kind of job"), max_length=20, choices=Kind.choices)
    employer_name = models.CharField(_("employer"), max_length=200)
    employer_cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    hours_per_week = decimal_from(_("hours per week"), "0.1", max_digits=4, decimal_places=1)
    created_by = staff_user()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [models.Index(fields=["kind", "starts_on"])]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return f"{self.employer_name} ({self.get_kind_display()})"

    def active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def cvr_formatted(self) -> str:
        if not self.employer_cvr:
            return ""
        return " ".join(self.employer_cvr[i : i + 2] for i in range(0, 8, 2))

    def clean(self) -> None:
        if not self.employer_name.strip():
            raise ValidationError({"employer_name": _("Enter the employer's name.")})
        if self.employer_cvr:
            try:
                self.employer_cvr = cvr.validate(self.employer_cvr)
            except Exception as exc:
                raise ValidationError(
                    {"employer_cvr": _("This is not a valid CVR number: check the 8 digits.")}
                ) from exc
        elif self.kind != self.Kind.VOLUNTEER:
            raise ValidationError(
                {"employer_cvr": _("Enter the employer's CVR number (8 digits).")}
            )
        check_date_order(
            self.starts_on,
            self.ends_on,
            field="ends_on",
            message=_("The job cannot end before it starts."),
        )


class Earning(models.Model):
    """Earnings under the frikort from one employer in one month (``month`` is its first day)."""

    frikort = foreign_key(Frikort, related_name="earnings")
    job = foreign_key(Job, _("employer"), related_name="earnings")
    month = models.DateField(_("month"))
    amount = decimal_from(_("amount (kr.)"), "0.01", max_digits=10, decimal_places=2)
    registered_by = staff_user()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["month", "id"]
        constraints = [
            unique("job", "month", name="earning_one_per_job_month"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="earning_amount_positive"),
        ]
        indexes = [models.Index(fields=["month"])]
        verbose_name = _("earning")
        verbose_name_plural = _("earnings")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.amount} kr."

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            self.month = month_start(self.month)


class EarningYear(models.Model):
    """A citizen's earnings under the frikort summed per calendar year: the running total,
    kept by ``earning_register`` in the transaction that writes the earning (and by the
    synthetic municipality's bulk load), so the warnings near the cap read a page of it in
    its index's order instead of summing a municipality's earnings on every page."""

    citizen = foreign_key(Citizen, related_name="earning_years", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.DecimalField(_("total (kr.)"), max_digits=12, decimal_places=2)

    class Meta:
        constraints = [unique("citizen", "year", name="earning_year_one_per_citizen")]
        indexes = [
            models.Index(fields=["year", "-total", "citizen"], name="earning_year_by_total"),
        ]
        verbose_name = _("year's earnings")
        verbose_name_plural = _("years' earnings")

    def __str__(self) -> str:
        return f"{self.year}: {self.total} kr."
