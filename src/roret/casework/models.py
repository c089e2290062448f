"""Casework: legal bases, processing standards, applications, decisions and fast track."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roret.accounts.fields import staff_user
from roret.core.deadlines import Unit, deadline
from roret.core.fields import foreign_key
from roret.core.models import Versioned, check_date_order, ordered_dates, overlapping, unique
from roret.organisation.models import Department, Team
from roret.people.models import Citizen

UNIT_CHOICES = [
    (Unit.CALENDAR_DAYS.value, _("calendar days")),
    (Unit.WEEKS.value, _("weeks")),
    (Unit.MONTHS.value, _("months")),
    (Unit.WORKING_DAYS.value, _("working days")),
    (Unit.IMMEDIATELY.value, _("immediately")),
]
UNIT_PLURAL = {Unit(value): label for value, label in UNIT_CHOICES}
# Within this many days of the deadline the queue warns and asks for the written notice.
NOTICE_WINDOW_DAYS = 7


class LegalBasis(models.Model):
    """A paragraph of the law (e.g. "SEL § 85") as data the municipality edits."""

    law = models.CharField(_("law"), max_length=20, default="SEL", help_text=_("e.g. SEL"))
    paragraph = models.CharField(_("paragraph"), max_length=20, help_text=_("e.g. 85 or 82a"))
    title = models.CharField(_("title"), max_length=300)
    requires_decision = models.BooleanField(_("requires a decision"), default=True)
    can_be_appealed = models.BooleanField(_("can be appealed"), default=True)
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "law", "paragraph"]
        constraints = [unique("law", "paragraph", name="legal_basis_unique")]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return f"{self.law} § {self.paragraph}"

    @property
    def label(self) -> str:
        return f"{self} – {self.title}"


class ProcessingStandardQuerySet(models.QuerySet["ProcessingStandard"]):
    def valid_on(self, day: datetime.date) -> ProcessingStandardQuerySet:
        return self.filter(overlapping("valid_from", "valid_to", day, day))


class ProcessingStandard(models.Model):
    """The published deadline for a legal basis (*sagsbehandlingsfrist*) for a period.

    An application is measured against the standard valid on the day it was received, so a
    new standard applies only to applications received from its ``valid_from``.
    """

    legal_basis = foreign_key(
        LegalBasis, _("legal basis"), related_name="standards", on_delete=models.CASCADE
    )
    amount = models.PositiveIntegerField(_("amount"), default=0)
    unit = models.CharField(_("unit"), max_length=20, choices=UNIT_CHOICES)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ProcessingStandardQuerySet.as_manager()

    class Meta:
        ordering = ["legal_basis__order", "-valid_from"]
        verbose_name = _("processing standard")
        verbose_name_plural = _("processing standards")

    def __str__(self) -> str:
        return f"{self.legal_basis}: {self.describe()}"

    def describe(self) -> str:
        if self.unit == Unit.IMMEDIATELY:
            return str(_("immediately"))
        return f"{self.amount} {UNIT_PLURAL[Unit(self.unit)]}"

    def deadline_for(self, received_on: datetime.date) -> datetime.date:
        return deadline(received_on, self.amount, self.unit)

    def clean(self) -> None:
        check_date_order(self.valid_from, self.valid_to, field="valid_to")
        if self.unit != Unit.IMMEDIATELY and not self.amount:
            raise ValidationError({"amount": _("Give an amount greater than zero.")})
        if self.legal_basis_id and self.valid_from:
            others = ProcessingStandard.objects.filter(legal_basis_id=self.legal_basis_id)
            period = overlapping("valid_from", "valid_to", self.valid_from, self.valid_to)
            if others.exclude(pk=self.pk).filter(period).exists():
                raise ValidationError(
                    _("Another standard for this legal basis covers part of the same period.")
                )


class Application(Versioned):
    class Channel(models.TextChoices):
        SELF = "self", _("The citizen")
        RELATIVE = "relative", _("A relative")
        OUTREACH = "outreach", _("An outreach worker")
        OTHER_DEPARTMENT = "other_department", _("Another department")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSESSING = "assessing", _("Being assessed")
        GRANTED = "granted", _("Granted")
        PARTLY_GRANTED = "partly_granted", _("Partly granted")
        REFUSED = "refused", _("Refused")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = (Status.RECEIVED, Status.ASSESSING)
    DECIDED = (Status.GRANTED, Status.PARTLY_GRANTED, Status.REFUSED)
    CLOSED = (*DECIDED, Status.WITHDRAWN)

    citizen = foreign_key(Citizen, _("citizen"), related_name="applications")
    legal_basis = foreign_key(LegalBasis, _("legal basis"))
    received_on = models.DateField(_("received"))
    channel = models.CharField(_("received from"), max_length=20, choices=Channel.choices)
    applied_for = models.TextField(_("applied for"), max_length=2000)
    own_initiative = models.BooleanField(
        _("opened on the municipality's own initiative"),
        default=False,
        help_text=_("Such cases are outside the processing deadlines."),
    )
    department = foreign_key(Department, _("department"))
    team = foreign_key(Team, _("team"))
    caseworker = staff_user(_("caseworker"), optional=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    standard = foreign_key(ProcessingStandard, optional=True)
    # Stored at receipt: a later change of standard must not move an existing deadline.
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    notice_sent_on = models.DateField(_("notice sent"), null=True, blank=True)
    expected_decision_on = models.DateField(_("expected decision date"), null=True, blank=True)
    fast_track = models.BooleanField(_("fast track"), default=False)
    decided_on = models.DateField(_("decision date"), null=True, blank=True)
    decision_text = models.TextField(_("decision"), blank=True)
    created_by = staff_user()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["caseworker", "status"]),
            models.Index(fields=["team", "status"]),
            models.Index(fields=["legal_basis", "decided_on"]),
            models.Index(fields=["citizen"]),
            # The queues' order over open applications only, so that a team's page of 200
            # is read in order from the index instead of sorting the team's whole open queue
            # (thousands at size L; docs/performance.md).
            models.Index(
                fields=["team", "-fast_track", "deadline", "received_on", "id"],
                condition=Q(status__in=["received", "assessing"]),
                name="casework_open_team_queue",
            ),
            models.Index(
                fields=["caseworker", "-fast_track", "deadline", "received_on", "id"],
                condition=Q(status__in=["received", "assessing"]),
                name="casework_open_own_queue",
            ),
            # The team queue over every status (the "all" filter and the closed ones), read
            # a page at a time in the queue's order without sorting the team's history.
            models.Index(
                fields=["team", "-fast_track", "deadline", "received_on", "id"],
                name="casework_team_queue",
            ),
            # The month's figures on the manager's home page: received, decided and open
            # past the deadline, each a range on its own index (ten years of history at L).
            models.Index(fields=["received_on"], name="casework_received"),
            models.Index(fields=["decided_on"], name="casework_decided"),
            models.Index(
                fields=["deadline"],
                condition=Q(status__in=["received", "assessing"]),
                name="casework_open_deadline",
            ),
        ]
        constraints = [
            ordered_dates("received_on", "decided_on", name="application_decided_after_receipt")
        ]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"{self.legal_basis} ({self.received_on:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def days_left(self, today: datetime.date) -> int | None:
        return (self.deadline - today).days if self.deadline else None

    def is_overdue(self, today: datetime.date) -> bool:
        return bool(self.is_open and self.deadline and self.deadline < today)

    def is_due_this_week(self, today: datetime.date) -> bool:
        return bool(
            self.is_open
            and self.deadline
            and today <= self.deadline <= today + datetime.timedelta(days=NOTICE_WINDOW_DAYS)
        )

    def needs_notice(self, today: datetime.date) -> bool:
        """The deadline is near or passed and the citizen has not been told in writing when
        to expect the decision (Legal Certainty Act §3)."""
        return bool(
            self.is_open
            and self.deadline
            and self.notice_sent_on is None
            and self.deadline <= today + datetime.timedelta(days=NOTICE_WINDOW_DAYS)
        )


class FastTrackRequest(models.Model):
    """Grøn bølge: an outreach worker or coordinator asks for priority; a team leader decides."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting a team leader")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    application = foreign_key(
        Application, related_name="fast_track_requests", on_delete=models.CASCADE
    )
    reason = models.TextField(_("reason"), max_length=2000)
    requested_by = staff_user()
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    decided_by = staff_user(optional=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            unique(
                "application", condition=Q(status="pending"), name="fast_track_one_pending_request"
            )
        ]
        verbose_name = _("fast-track request")
        verbose_name_plural = _("fast-track requests")

    def __str__(self) -> str:
        return f"{self.application}: {self.get_status_display()}"
