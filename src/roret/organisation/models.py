"""Reference data about the municipality's own organisation and its partners."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.dk import cvr

from roret.core.fields import foreign_key
from roret.core.models import Named, unique


class Municipality(Named):
    """One of the 98 Danish municipalities (kommunekode + name)."""

    code = models.CharField(_("municipality code"), max_length=3, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta(Named.Meta):
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")


class Department(Named):
    class Kind(models.TextChoices):
        SOCIAL_AUTHORITY = "social_authority", _("Social department, authority")
        SOCIAL_PROVIDER = "social_provider", _("Social department, provider")
        JOBCENTRE = "jobcentre", _("Job centre")
        HEALTH = "health", _("Health and care")
        HOUSING = "housing", _("Housing")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta(Named.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class Area(Named):
    """A geographic area the municipality works in, e.g. a housing area such as Skovparken."""

    class Kind(models.TextChoices):
        HOUSING_AREA = "housing_area", _("Housing area")
        DISTRICT = "district", _("District")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(
        _("kind"), max_length=32, choices=Kind.choices, default=Kind.HOUSING_AREA
    )

    class Meta(Named.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")


class Team(models.Model):
    department = foreign_key(Department, _("department"), related_name="teams")
    name = models.CharField(_("name"), max_length=200)
    area = foreign_key(
        Area, _("area"), related_name="teams", optional=True, on_delete=models.SET_NULL
    )
    method = models.CharField(_("method"), max_length=100, blank=True, help_text=_("e.g. M-ACT"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["department__name", "name"]
        constraints = [unique("department", "name", name="team_unique_per_department")]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return f"{self.name} ({self.department.name})"


def validate_cvr(value: str) -> None:
    if not cvr.is_valid(value):
        raise ValidationError(_("%(value)s is not a valid CVR number."), params={"value": value})


class Partner(Named):
    """An organisation outside the municipality: housing association, volunteers, provider."""

    class Kind(models.TextChoices):
        HOUSING_ASSOCIATION = "housing_association", _("Housing association")
        VOLUNTEER = "volunteer", _("Volunteer organisation")
        PROVIDER = "provider", _("External provider")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.OTHER)
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True, validators=[validate_cvr])
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta(Named.Meta):
        constraints = [unique("cvr", condition=~models.Q(cvr=""), name="partner_unique_cvr")]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")
