"""Journal notes (never deleted: a correction is a new version) and calendar appointments,
with personal iCal feeds that show only times and a neutral title."""

from __future__ import annotations

import hashlib
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from roret.accounts.fields import staff_user
from roret.core.fields import foreign_key
from roret.core.models import Versioned
from roret.organisation.models import Department, Partner
from roret.people.models import Citizen
from roret.plans.models import Goal, Intervention, Plan


class NoteQuerySet(models.QuerySet["Note"]):
    def delete(self) -> NoReturn:
        raise TypeError("Journal notes are never deleted; add a correction instead.")

    def current(self) -> NoteQuerySet:
        """The latest version of each note: those that no correction replaces."""
        return self.filter(correction__isnull=True)


class Note(models.Model):
    """A journal note. A correction is a new ``Note`` whose ``corrects`` points at the version
    it replaces; the replaced version stays visible to staff."""

    class Visibility(models.TextChoices):
        INTERNAL = "internal", _("Internal")
        SHARED = "shared", _("Shared with the citizen")

    citizen = foreign_key(Citizen, related_name="journal_notes")
    goal = foreign_key(Goal, _("goal"), optional=True)
    intervention = foreign_key(Intervention, _("intervention"), optional=True)
    visibility = models.CharField(
        _("visibility"), max_length=8, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    text = models.TextField(_("text"))
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("corrects"),
    )
    author = staff_user()
    author_department = foreign_key(Department, _("department"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = NoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        # No change or delete permission exists for notes: they are written once.
        default_permissions = ("add", "view")
        indexes = [models.Index(fields=["citizen", "created_at"])]
        verbose_name = _("journal note")
        verbose_name_plural = _("journal notes")

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.created_at:%Y-%m-%d}"

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise TypeError("Journal notes are never deleted; add a correction instead.")


class Appointment(Versioned):
    """A meeting in the calendar (not an agreement in the plan). Staff change it from a
    form, so it carries a version."""

    citizen = foreign_key(Citizen, related_name="appointments")
    plan = foreign_key(Plan, _("plan"), optional=True)
    title = models.CharField(_("subject"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    is_online = models.BooleanField(_("online"), default=False)
    citizen_attends = models.BooleanField(_("the citizen takes part"), default=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="appointments", verbose_name=_("staff")
    )
    partners = models.ManyToManyField(
        Partner, blank=True, related_name="+", verbose_name=_("partners")
    )
    department = foreign_key(Department)
    created_by = staff_user()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="appointment_ends_after_start"
            )
        ]
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")

    def __str__(self) -> str:
        return f"{self.title} {self.starts_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A personal iCal feed. Only a hash of the secret token is stored, so a copy of the
    database does not reveal anyone's feed URL."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
