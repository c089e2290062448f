"""Drop-in centres (væresteder) and their attendance, as aggregate counts only.

Nothing here can hold a person: a visit is a number in a slot (site, category, date, hour).
The categories are the site's own anonymous groups (first visit / returning, age band...).
Staff appear only as the author of a correction, which is about a count, not a visitor
(``tests/dropin/test_no_personal_data.py`` enforces this field by field).
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roret.accounts.fields import staff_user
from roret.core.fields import foreign_key
from roret.core.models import Named, unique
from roret.organisation.models import Department

HOUR_VALIDATORS = [MinValueValidator(0), MaxValueValidator(23)]


class Weekday(models.IntegerChoices):
    # ISO numbering, as ExtractIsoWeekDay returns it in SQL.
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


class Site(Named):
    name = models.CharField(_("name"), max_length=200, unique=True)
    address = models.CharField(_("address"), max_length=200)
    department = foreign_key(Department, _("owning department"), related_name="dropin_sites")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta(Named.Meta):
        verbose_name = _("drop-in centre")
        verbose_name_plural = _("drop-in centres")


class OpeningHours(models.Model):
    site = foreign_key(Site, _("site"), related_name="opening_hours", on_delete=models.CASCADE)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        ordering = ["site", "weekday"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            unique("site", "weekday", name="dropin_one_opening_per_day"),
            models.CheckConstraint(
                condition=models.Q(opens__lt=models.F("closes")), name="dropin_opens_before_closes"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens and self.closes and self.opens >= self.closes:
            raise ValidationError({"closes": _("The closing time must be after the opening time.")})

    @property
    def hours(self) -> range:
        """The clock hours the site is open in (a slot is counted under its starting hour)."""
        last = self.closes.hour if self.closes.minute == 0 else self.closes.hour + 1
        return range(self.opens.hour, last)


class Slot(models.Model):
    """A site-defined time slot such as "formiddag": counts in it are kept under its first
    hour, so statistics by hour stay comparable between sites with and without slots."""

    site = foreign_key(Site, _("site"), related_name="slots", on_delete=models.CASCADE)
    name = models.CharField(_("name"), max_length=50)
    start_hour = models.PositiveSmallIntegerField(_("starts at hour"), validators=HOUR_VALIDATORS)

    class Meta:
        ordering = ["site", "start_hour"]
        verbose_name = _("time slot")
        verbose_name_plural = _("time slots")
        constraints = [
            unique("site", "start_hour", name="dropin_slot_hour_unique"),
            unique("site", "name", name="dropin_slot_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """An anonymous group the site counts visits in; a site's categories exclude each other,
    so the visits of a slot are the sum over its categories."""

    site = foreign_key(Site, _("site"), related_name="categories", on_delete=models.CASCADE)
    name = models.CharField(_("category"), max_length=50)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["site", "order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            unique("site", "name", name="dropin_category_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Count(models.Model):
    """Visits in one category in one slot. Taps change ``visits`` with an atomic update."""

    category = foreign_key(Category, _("category"), related_name="counts")
    date = models.DateField(_("date"))
    hour = models.PositiveSmallIntegerField(_("hour"), validators=HOUR_VALIDATORS)
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        ordering = ["date", "hour"]
        verbose_name = _("attendance count")
        verbose_name_plural = _("attendance counts")
        constraints = [
            unique("category", "date", "hour", name="dropin_count_per_slot"),
            models.CheckConstraint(
                condition=models.Q(hour__gte=0, hour__lte=23), name="dropin_count_hour_range"
            ),
        ]
        indexes = [models.Index(fields=["date", "category"], name="dropin_count_date_idx")]

    def __str__(self) -> str:
        return f"{self.category} {self.date} {self.hour:02d}: {self.visits}"


class Tap(models.Model):
    """One press on the counter. The token is made by the browser (or the page) before the
    request, so a retried or double-submitted press finds its token taken and counts once."""

    token = models.UUIDField(_("token"), unique=True, default=uuid.uuid4)
    count = foreign_key(Count, _("count"), related_name="taps", on_delete=models.CASCADE)
    delta = models.SmallIntegerField(_("change"), choices=[(1, "+1"), (-1, "−1")])
    tapped_at = models.DateTimeField(_("tapped at"), auto_now_add=True)

    class Meta:
        verbose_name = _("tap")
        verbose_name_plural = _("taps")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(delta__in=[1, -1]), name="dropin_tap_delta_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delta:+d} ({self.token})"


class Correction(models.Model):
    """A count changed afterwards, kept as history. The reason is a fixed choice: a free
    text here would invite remarks about the visitors."""

    class Reason(models.TextChoices):
        NOT_COUNTED = "not_counted", _("Visits were not counted at the door")
        COUNTED_TWICE = "counted_twice", _("Visits were counted twice")
        PAPER_TALLY = "paper_tally", _("Transferred from a paper tally")
        WRONG_CATEGORY = "wrong_category", _("Counted in the wrong category")
        WRONG_SLOT = "wrong_slot", _("Counted in the wrong time slot")

    count = foreign_key(Count, _("count"), related_name="corrections", on_delete=models.CASCADE)
    old_visits = models.PositiveIntegerField(_("visits before"))
    new_visits = models.PositiveIntegerField(_("visits after"))
    reason = models.CharField(
        pgettext_lazy("correction", "reason"), max_length=32, choices=Reason.choices
    )
    # Staff, not visitors: who changed a figure is what makes the history trustworthy.
    corrected_by = staff_user(_("corrected by"))
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)

    class Meta:
        ordering = ["-corrected_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.count}: {self.old_visits} → {self.new_visits}"
