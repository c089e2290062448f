"""Offers: the catalogue (tilbudsvifte), rates, referrals, enrolments, group courses with
attendance, and anonymous counselling tallies."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roret.accounts.fields import staff_user
from roret.casework.models import LegalBasis
from roret.core.deadlines import add_months
from roret.core.fields import decimal_from, foreign_key
from roret.core.models import Named, Versioned, check_date_order, exactly_one_of, unique
from roret.organisation.models import Department, Partner, Team
from roret.people.models import Citizen


class Offer(Named):
    """One offer in the municipality's catalogue, run by a department (optionally one of its
    teams) or by an external partner."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    legal_basis = foreign_key(LegalBasis, _("legal basis"), related_name="offers")
    department = foreign_key(Department, _("department"), related_name="offers", optional=True)
    team = foreign_key(Team, _("team"), related_name="offers", optional=True)
    partner = foreign_key(Partner, _("external partner"), related_name="offers", optional=True)
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("places"), default=0)
    max_duration_months = models.PositiveSmallIntegerField(
        _("maximum duration (months)"), null=True, blank=True, help_text=_("e.g. 6 for § 82b")
    )
    requires_decision = models.BooleanField(_("requires a decision"), default=False)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    active_from = models.DateField(_("active from"))
    active_to = models.DateField(_("active to"), null=True, blank=True)

    class Meta(Named.Meta):
        constraints = [exactly_one_of("department", "partner", name="offer_department_xor_partner")]
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    @property
    def provider(self) -> object:
        return self.team or self.department or self.partner

    def clean(self) -> None:
        if (self.department_id is None) == (self.partner_id is None):
            raise ValidationError(_("Choose either a department or an external partner."))
        if self.team_id and self.team and self.team.department_id != self.department_id:
            raise ValidationError({"team": _("The team must belong to the department.")})
        check_date_order(
            self.active_from,
            self.active_to,
            field="active_to",
            message=_("The end cannot be before the start."),
        )

    def max_end(self, starts_on: datetime.date) -> datetime.date | None:
        if not self.max_duration_months:
            return None
        return add_months(starts_on, self.max_duration_months)


class Rate(models.Model):
    """What a place costs (takst) for a period; used by the economy module."""

    class Unit(models.TextChoices):
        DAY = "day", _("per day")
        MONTH = "month", _("per month")

    offer = foreign_key(Offer, _("offer"), related_name="rates", on_delete=models.CASCADE)
    amount = decimal_from(_("amount (DKK)"), "0.00", max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["offer", "-valid_from"]
        verbose_name = _("rate")
        verbose_name_plural = _("rates")

    def __str__(self) -> str:
        return f"{self.offer}: {self.amount} {self.get_unit_display()}"

    def clean(self) -> None:
        check_date_order(
            self.valid_from,
            self.valid_to,
            field="valid_to",
            message=_("The end cannot be before the start."),
        )


class Referral(Versioned):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the provider")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    LINK_SOURCE_TYPE = "offers.referral"

    citizen = foreign_key(Citizen, _("citizen"), related_name="referrals")
    offer = foreign_key(Offer, _("offer"), related_name="referrals")
    reason = models.TextField(_("reason"))
    referred_by = staff_user(_("referred by"))
    referring_department = foreign_key(Department, _("referring department"))
    referred_on = models.DateField(_("referred on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = staff_user(pgettext_lazy("referral", "decided by"), optional=True)
    decided_on = models.DateField(pgettext_lazy("referral", "decided on"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        ordering = ["referred_on", "id"]
        indexes = [
            models.Index(fields=["offer", "status"]),
            # The intake page's referrals awaiting an answer, oldest first: read in index
            # order and stopped after one page, instead of scanning every referral for the
            # few that are pending.
            models.Index(
                fields=["referred_on", "id"],
                condition=Q(status="pending"),
                name="offers_referral_pending",
            ),
            # The referrer's list, newest first: a page read in index order, not a sort of
            # every referral the department ever sent.
            models.Index(
                fields=["referring_department", "-referred_on", "-id"],
                name="offers_referral_sent",
            ),
            # The month's referrals (the manager's home page) and a report period's.
            models.Index(fields=["referred_on"], name="offers_referral_referred"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="referral_declined_has_reason",
            )
        ]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")

    def __str__(self) -> str:
        return f"{self.offer}: {self.get_status_display()}"


class Enrolment(Versioned):
    class EndReason(models.TextChoices):
        COMPLETED = "completed", _("Completed – managing on their own")
        OTHER_MEASURE = "other_measure", _("Moved to another measure")
        DROPPED_OUT = "dropped_out", _("Dropped out")
        MOVED_AWAY = "moved_away", _("Moved away")
        DIED = "died", _("Died")
        OTHER = "other", _("Other")

    MIRROR_SOURCE_TYPE = "offers.enrolment"

    citizen = foreign_key(Citizen, _("citizen"), related_name="enrolments")
    offer = foreign_key(Offer, _("offer"), related_name="enrolments")
    referral = models.OneToOneField(
        Referral,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolment",
        verbose_name=_("referral"),
    )
    starts_on = models.DateField(_("start"))
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    # The offer's maximum duration counted from the start, stored so that the alert is a
    # plain date filter.
    max_end_on = models.DateField(_("maximum end"), null=True, blank=True)
    ends_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(
        _("end reason"), max_length=20, choices=EndReason.choices, blank=True
    )
    next_legal_basis = foreign_key(LegalBasis, _("the other measure's legal basis"), optional=True)
    created_by = staff_user(_("created by"))

    class Meta:
        ordering = ["starts_on", "id"]
        indexes = [
            models.Index(fields=["offer", "ends_on"]),
            # The month's new and ended enrolments (the manager's home page), each a range.
            models.Index(fields=["starts_on"], name="offers_enrolment_starts"),
            models.Index(fields=["ends_on"], name="offers_enrolment_ends"),
            # The intake page's lists of running enrolments, newest first and nearest the
            # maximum first: read in index order and stopped after one page, not sorted.
            models.Index(
                F("starts_on").desc(),
                F("id").desc(),
                condition=Q(ends_on__isnull=True),
                name="offers_enrolment_running_new",
            ),
            models.Index(
                fields=["max_end_on", "id"],
                condition=Q(ends_on__isnull=True),
                name="offers_enrolment_running_max",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True, end_reason="")
                | (Q(ends_on__isnull=False) & ~Q(end_reason="")),
                name="enrolment_end_has_reason",
            )
        ]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")

    def __str__(self) -> str:
        return f"{self.offer} ({self.starts_on})"

    @property
    def is_active(self) -> bool:
        return self.ends_on is None

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        periods = (
            ("planned_end_on", _("The planned end cannot be before the start.")),
            ("ends_on", _("The end cannot be before the start.")),
        )
        for field, message in periods:
            try:
                check_date_order(self.starts_on, getattr(self, field), field=field, message=message)
            except ValidationError as exc:
                errors.update(exc.error_dict)
        if self.ends_on and not self.end_reason:
            errors["end_reason"] = _("Give the reason the enrolment ended.")
        if self.end_reason == self.EndReason.OTHER_MEASURE and not self.next_legal_basis_id:
            errors["next_legal_basis"] = _("Choose the legal basis of the other measure.")
        if self.next_legal_basis_id and self.end_reason != self.EndReason.OTHER_MEASURE:
            errors["next_legal_basis"] = _("Only a move to another measure has a legal basis.")
        if errors:
            raise ValidationError(errors)


class CourseRun(models.Model):
    """One run (hold) of a group course, e.g. a §82a course of 12–16 weeks."""

    offer = foreign_key(Offer, _("offer"), related_name="course_runs")
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("course run")
        verbose_name_plural = _("course runs")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_date_order(
            self.starts_on,
            self.ends_on,
            field="ends_on",
            message=_("The end cannot be before the start."),
        )


class CourseModule(models.Model):
    course_run = foreign_key(
        CourseRun, _("course run"), related_name="modules", on_delete=models.CASCADE
    )
    order = models.PositiveSmallIntegerField(_("order"))
    theme = models.CharField(_("theme"), max_length=200, help_text=_("e.g. everyday economy"))

    class Meta:
        ordering = ["course_run", "order"]
        constraints = [unique("course_run", "order", name="module_order_unique")]
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def __str__(self) -> str:
        return f"{self.order}. {self.theme}"


class CourseSession(models.Model):
    course_run = foreign_key(
        CourseRun, _("course run"), related_name="sessions", on_delete=models.CASCADE
    )
    module = foreign_key(
        CourseModule, _("module"), related_name="sessions", optional=True, on_delete=models.SET_NULL
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("facilitators")
    )
    volunteer_partners = models.ManyToManyField(
        Partner, blank=True, related_name="+", verbose_name=_("volunteer partners present")
    )
    guidance_note = models.TextField(
        _("guidance after the session"),
        blank=True,
        help_text=_("What the participants were helped with, e.g. calling the bank."),
    )

    class Meta:
        ordering = ["date", "starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.course_run} {self.date:%d.%m.%Y}"

    def clean(self) -> None:
        if self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})


class Participant(models.Model):
    course_run = foreign_key(
        CourseRun, _("course run"), related_name="participants", on_delete=models.CASCADE
    )
    enrolment = foreign_key(Enrolment, _("enrolment"), related_name="participations")

    class Meta:
        constraints = [unique("course_run", "enrolment", name="participant_once_per_run")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"{self.course_run_id}/{self.enrolment_id}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        ABSENT = "absent", _("Absent")
        CANCELLED = "cancelled", pgettext_lazy("attendance", "Cancelled")

    session = foreign_key(
        CourseSession, _("session"), related_name="attendances", on_delete=models.CASCADE
    )
    participant = foreign_key(
        Participant, _("participant"), related_name="attendances", on_delete=models.CASCADE
    )
    status = models.CharField(_("attendance"), max_length=20, choices=Status.choices)

    class Meta:
        constraints = [unique("session", "participant", name="attendance_once_per_session")]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self) -> str:
        return self.status


class CounsellingTally(models.Model):
    """How many asked about a topic at one open-counselling session.

    Anonymous by construction: no field points at a person and there is no free text in
    which a name could be written. ``tests/offers/test_counselling.py`` asserts it."""

    class Topic(models.TextChoices):
        ECONOMY = "economy", _("Economy and debt")
        HOUSING = "housing", _("Housing")
        AUTHORITIES = "authorities", _("Letters and authorities")
        WORK = "work", _("Work and education")
        HEALTH = "health", _("Health")
        ADDICTION = "addiction", _("Alcohol and drugs")
        RELATIONS = "relations", _("Relations and loneliness")
        OTHER = "other", _("Other")

    offer = foreign_key(Offer, _("offer"), related_name="tallies")
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    count = models.PositiveIntegerField(_("number of people"))

    class Meta:
        ordering = ["-held_on", "topic"]
        constraints = [unique("offer", "held_on", "topic", name="tally_once_per_topic")]
        verbose_name = _("counselling tally")
        verbose_name_plural = _("counselling tallies")

    def __str__(self) -> str:
        return f"{self.offer} {self.held_on}: {self.get_topic_display()} {self.count}"
