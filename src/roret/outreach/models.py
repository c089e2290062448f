"""Outreach: contacts in the housing areas (with known citizens or anonymous persons),
caseloads per worker, team and area, and the outreach worker's request for an application
with fast track."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roret.accounts.fields import staff_user
from roret.casework.models import Application, LegalBasis
from roret.core.fields import foreign_key
from roret.core.models import Period, at_least_one_of, ordered_dates, overlapping
from roret.organisation.models import Area, Department, Team
from roret.people.models import Citizen, Household

# An anonymous person is described, never named: a short description keeps it that way.
DESCRIPTION_MAX_LENGTH = 200
ALIAS_MAX_LENGTH = 40
# Copenhagen's intensified effort plans 10–20 persons or families a year per worker.
DEFAULT_CAPACITY = 15


class Topic(models.TextChoices):
    HOUSING = "housing", _("Housing")
    ECONOMY = "economy", _("Economy")
    HEALTH = "health", _("Health")
    ADDICTION = "addiction", _("Addiction")
    CHILDREN = "children", _("Children")
    WORK = "work", _("Work")
    NETWORK = "network", _("Network and loneliness")
    OTHER = "other", _("Other")


class AnonymousPerson(models.Model):
    """Someone met before they are known to the system. No name and no CPR by design: an
    alias the worker recognises and a short description that must not identify anyone."""

    alias = models.CharField(_("alias"), max_length=ALIAS_MAX_LENGTH)
    description = models.CharField(
        _("short description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        blank=True,
        help_text=_("Not a name, address or CPR number: e.g. 'man about 40, often by the kiosk'."),
    )
    area = foreign_key(Area, _("area"))
    first_met_on = models.DateField(_("first met"))
    department = foreign_key(Department, _("department"))
    created_by = staff_user()
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the person is identified: their contacts then belong to the citizen.
    citizen = foreign_key(Citizen, _("identified as"), optional=True)
    identified_on = models.DateField(_("identified"), null=True, blank=True)

    class Meta:
        ordering = ["alias", "id"]
        indexes = [models.Index(fields=["first_met_on"])]
        verbose_name = _("anonymous person")
        verbose_name_plural = _("anonymous persons")

    def __str__(self) -> str:
        return self.alias


class Contact(models.Model):
    class Place(models.TextChoices):
        STREET = "street", _("In the street")
        HOME_VISIT = "home_visit", _("Home visit")
        HOUSING_OFFICE = "housing_office", _("At the housing association's office")
        DROPIN = "dropin", _("Drop-in")
        PHONE = "phone", _("Phone")
        OTHER = "other", _("Other")

    occurred_on = models.DateField(_("date"))
    area = foreign_key(Area, _("area"))
    place = models.CharField(_("place or kind"), max_length=20, choices=Place.choices)
    staff = staff_user(_("staff member"))
    department = foreign_key(Department, _("department"))
    citizen = foreign_key(Citizen, _("citizen"), optional=True)
    # Kept after identification: the report counts persons first met anonymously.
    anonymous_person = foreign_key(
        AnonymousPerson, _("anonymous person"), related_name="contacts", optional=True
    )
    household = foreign_key(Household, _("family"), optional=True)
    topics = models.JSONField(_("topics"), default=list, blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["occurred_on", "area"]),
            models.Index(fields=["citizen", "occurred_on"]),
        ]
        constraints = [
            at_least_one_of("citizen", "anonymous_person", name="outreach_contact_has_a_person")
        ]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.occurred_on:%Y-%m-%d} {self.get_place_display()}"

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [str(labels.get(code, code)) for code in self.topics]

    def clean(self) -> None:
        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError({"occurred_on": _("The date cannot be in the future.")})
        unknown = set(self.topics or []) - set(Topic.values)
        if unknown:
            raise ValidationError({"topics": _("Choose topics from the list.")})


class OutreachWorker(models.Model):
    """A worker's current area and yearly capacity; staff are moved between areas."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="outreach_worker",
        verbose_name=_("staff member"),
    )
    area = foreign_key(Area, _("area"), optional=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity (persons or families a year)"),
        default=DEFAULT_CAPACITY,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("outreach worker")
        verbose_name_plural = _("outreach workers")

    def __str__(self) -> str:
        return str(self.user)


class CaseloadEntryQuerySet(models.QuerySet["CaseloadEntry"]):
    def active_in(self, start: datetime.date, end: datetime.date) -> CaseloadEntryQuerySet:
        """Entries followed at some time from ``start`` to ``end`` (both included)."""
        return self.filter(overlapping("starts_on", "ends_on", start, end))


class CaseloadEntry(Period):
    """A person or family followed by a worker, or by a team together (M-ACT)."""

    worker = staff_user(_("worker"), optional=True)
    team = foreign_key(Team, _("team"), optional=True)
    department = foreign_key(Department, _("department"))
    area = foreign_key(Area, _("area"))
    citizen = foreign_key(Citizen, _("citizen"))
    household = foreign_key(Household, _("family"), optional=True)
    created_by = staff_user()

    objects = CaseloadEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["worker", "starts_on"]),
            models.Index(fields=["team", "starts_on"]),
            models.Index(fields=["area", "starts_on"]),
        ]
        constraints = [
            at_least_one_of("worker", "team", name="outreach_caseload_has_a_follower"),
            ordered_dates("starts_on", "ends_on", name="outreach_caseload_ends_after_start"),
        ]
        verbose_name = _("caseload entry")
        verbose_name_plural = _("caseload entries")

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.starts_on:%Y-%m-%d}"


class ApplicationReferral(models.Model):
    """The outreach worker's request, from a contact, for an application with fast track.

    Outreach workers do not register applications (casework's rule); the responsible team
    registers it from this request, and the fast-track request goes with it."""

    contact = foreign_key(Contact, _("contact"), related_name="referrals")
    citizen = foreign_key(Citizen, _("citizen"))
    legal_basis = foreign_key(LegalBasis, _("legal basis"))
    applied_for = models.TextField(_("applied for"), max_length=2000)
    reason = models.TextField(_("reason for fast track"), max_length=2000)
    team = foreign_key(Team, _("responsible team"))
    requested_by = staff_user()
    requested_on = models.DateField(_("requested"))
    application = models.OneToOneField(
        Application,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_referral",
        verbose_name=_("application"),
    )

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("application request from outreach")
        verbose_name_plural = _("application requests from outreach")

    def __str__(self) -> str:
        return f"{self.legal_basis} ({self.requested_on:%Y-%m-%d})"
