"""Citizens and what belongs to the person: household, relations, problem areas, network,
consents, and the links that give a department need-to-know access."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roret.core.fields import foreign_key
from roret.core.models import (
    Versioned,
    check_date_order,
    exactly_one_of,
    overlapping,
    unique,
)
from roret.organisation.models import Department, Municipality, Partner, Team
from roret.people import cpr
from roret.people.cpr import CprFacts


class Citizen(Versioned):
    # The CPR is never stored in clear: see roret.people.cpr.
    cpr_encrypted = models.BinaryField(editable=False)
    cpr_index = models.CharField(max_length=64, unique=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(
        _("sex"), max_length=1, blank=True, choices=[("F", _("Woman")), ("M", _("Man"))]
    )
    first_name = models.CharField(_("first name(s)"), max_length=200)
    last_name = models.CharField(_("last name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    date_of_death = models.DateField(_("date of death"), null=True, blank=True)
    acting_municipality = foreign_key(
        Municipality,
        _("acting municipality"),
        optional=True,
        help_text=_("Handlekommune: where the citizen lives."),
    )
    paying_municipality = foreign_key(
        Municipality,
        _("paying municipality"),
        optional=True,
        help_text=_("Betalingskommune: pays when it placed the citizen in an offer elsewhere."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        indexes = [models.Index(fields=["last_name", "first_name"])]
        verbose_name = _("citizen")
        verbose_name_plural = _("citizens")

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def cpr(self) -> str:
        return cpr.decrypt(bytes(self.cpr_encrypted))

    @property
    def cpr_formatted(self) -> str:
        return cpr.formatted(self.cpr)

    def set_cpr(self, facts: CprFacts) -> None:
        self.cpr_encrypted = cpr.encrypt(facts.number)
        self.cpr_index = cpr.blind_index(facts.number)
        self.birth_date = facts.birth_date
        self.sex = facts.sex

    def clean(self) -> None:
        if self.date_of_death and self.birth_date and self.date_of_death < self.birth_date:
            raise ValidationError(
                {"date_of_death": _("The date of death cannot be before the birth date.")}
            )
        if self.date_of_death and self.date_of_death > timezone.localdate():
            raise ValidationError(
                {"date_of_death": _("The date of death cannot be in the future.")}
            )


class Household(models.Model):
    name = models.CharField(_("name"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return self.name or str(_("Household %(id)s") % {"id": self.pk})


class HouseholdMember(models.Model):
    class Role(models.TextChoices):
        ADULT = "adult", _("Adult")
        CHILD = "child", _("Child")

    household = foreign_key(Household, related_name="members", on_delete=models.CASCADE)
    citizen = foreign_key(Citizen, related_name="households", on_delete=models.CASCADE)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.ADULT)
    since = models.DateField(_("since"), default=datetime.date.today)
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        constraints = [unique("household", "citizen", name="household_member_unique")]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return f"{self.citizen} ({self.get_role_display()})"


class Relation(models.Model):
    """``relative`` is ``citizen``'s <kind>; the service stores the inverse row too."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Child")
        PARENT = "parent", _("Parent")
        RELATIVE = "relative", _("Relative")
        OTHER = "other", _("Other")

    INVERSE = {
        Kind.PARTNER: Kind.PARTNER,
        Kind.CHILD: Kind.PARENT,
        Kind.PARENT: Kind.CHILD,
        Kind.RELATIVE: Kind.RELATIVE,
        Kind.OTHER: Kind.OTHER,
    }

    citizen = foreign_key(Citizen, related_name="relations", on_delete=models.CASCADE)
    relative = foreign_key(Citizen, on_delete=models.CASCADE)
    kind = models.CharField(_("relation"), max_length=16, choices=Kind.choices)

    class Meta:
        constraints = [
            unique("citizen", "relative", name="relation_unique_pair"),
            models.CheckConstraint(
                condition=~Q(citizen=models.F("relative")), name="relation_not_self"
            ),
        ]
        verbose_name = _("relation")
        verbose_name_plural = _("relations")

    def __str__(self) -> str:
        return f"{self.citizen} → {self.relative}: {self.get_kind_display()}"


class ProblemAreaType(models.Model):
    """The catalogue of udsathedsfaktorer; the municipality can extend it."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("problem area type")
        verbose_name_plural = _("problem area types")

    def __str__(self) -> str:
        return self.name


class ProblemArea(models.Model):
    citizen = foreign_key(Citizen, related_name="problem_areas", on_delete=models.CASCADE)
    type = foreign_key(ProblemAreaType, _("problem area"))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["type", "started_on"])]
        verbose_name = _("problem area")
        verbose_name_plural = _("problem areas")

    def __str__(self) -> str:
        return f"{self.type} ({self.started_on:%Y-%m-%d})"

    def clean(self) -> None:
        check_date_order(self.started_on, self.ended_on, field="ended_on")


class NetworkParty(models.Model):
    """Someone involved around the citizen: staff, a department, a partner or a relative."""

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff member")
        DEPARTMENT = "department", _("Department")
        PARTNER = "partner", _("Partner organisation")
        RELATIVE = "relative", _("Relative or friend")
        OTHER = "other", _("Other")

    citizen = foreign_key(Citizen, related_name="network", on_delete=models.CASCADE)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200, blank=True, help_text=_("e.g. GP, mentor"))
    department = foreign_key(Department, optional=True)
    partner = foreign_key(Partner, optional=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("network party")
        verbose_name_plural = _("network parties")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def valid_on(self, day: datetime.date) -> ConsentQuerySet:
        return self.filter(overlapping("valid_from", "valid_to", day, day), revoked_at__isnull=True)


class Consent(models.Model):
    """The citizen's consent to share information with a department or partner, for a purpose.

    Revocation is immediate: ``revoked_at`` is checked on every access.
    """

    citizen = foreign_key(Citizen, related_name="consents", on_delete=models.CASCADE)
    department = foreign_key(Department, _("department"), optional=True)
    partner = foreign_key(Partner, _("partner organisation"), optional=True)
    purpose = models.CharField(_("purpose"), max_length=300)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        constraints = [exactly_one_of("department", "partner", name="consent_one_recipient")]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.recipient}: {self.purpose}"

    @property
    def recipient(self) -> Department | Partner | None:
        return self.department or self.partner

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.revoked_at is None
            and self.valid_from <= day
            and (self.valid_to is None or self.valid_to >= day)
        )

    def clean(self) -> None:
        if (self.department_id is None) == (self.partner_id is None):
            raise ValidationError(_("Choose either a department or a partner organisation."))
        check_date_order(self.valid_from, self.valid_to, field="valid_to")


# The link a consent to a department gives (people.services keeps it with the consent).
CONSENT_LINK = "people.consent"


class CitizenLinkQuerySet(models.QuerySet["CitizenLink"]):
    def active_on(self, day: datetime.date) -> CitizenLinkQuerySet:
        return self.filter(overlapping("starts_on", "ends_on", day, day))


class CitizenLink(models.Model):
    """A reason for a department (or team) to see the citizen: a case, an intervention, an
    enrolment, an outreach contact. Registered only through ``services.citizen_link_register``.
    """

    citizen = foreign_key(Citizen, related_name="links", on_delete=models.CASCADE)
    department = foreign_key(Department)
    team = foreign_key(Team, optional=True)
    source_type = models.CharField(max_length=64)
    source_id = models.CharField(max_length=64)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects = CitizenLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            unique("source_type", "source_id", "department", name="citizen_link_unique_source")
        ]
        indexes = [
            models.Index(fields=["department", "citizen"]),
            models.Index(fields=["team", "citizen"]),
            models.Index(fields=["citizen"]),
        ]
        verbose_name = _("citizen link")
        verbose_name_plural = _("citizen links")

    def __str__(self) -> str:
        return f"{self.department} ← {self.source_type}:{self.source_id}"
