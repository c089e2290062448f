"""The coordinated plan: goals in the citizen's own words, ratings over time, interventions
across departments and partners, and agreements (the concrete next steps)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roret.accounts.fields import staff_user
from roret.casework.models import LegalBasis
from roret.core.fields import foreign_key
from roret.core.models import Period, Versioned, exactly_one_of, unique
from roret.organisation.models import Department, Partner, Team
from roret.people.models import Citizen


class Plan(models.Model):
    """One current plan per citizen; a new plan turns the previous one into history."""

    citizen = foreign_key(Citizen, related_name="plans")
    coordinator = staff_user(_("coordinator"), related_name="coordinated_plans")
    department = foreign_key(Department, _("department"))
    summary = models.TextField(_("summary"), blank=True)
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [unique("citizen", condition=Q(is_current=True), name="plan_one_current")]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self) -> str:
        return f"{self.citizen} ({self.created_at:%Y-%m-%d})"


class Goal(Versioned):
    class LifeArea(models.TextChoices):
        HOUSING = "housing", _("Housing")
        HEALTH = "health", _("Health")
        WORK = "work", _("Work and education")
        ECONOMY = "economy", _("Economy")
        RELATIONS = "relations", _("Relations and network")
        LEISURE = "leisure", _("Leisure")
        ADDICTION = "addiction", _("Addiction")
        OTHER = "other", _("Other")

    class Scale(models.TextChoices):
        GAS = "gas", _("Goal Attainment Scaling (−2 to +2)")
        LADDER = "ladder", _("Ladder from 1 to 10")
        SUPPORT_NEED = "support_need", _("Support need (national levels)")

    # Support-need levels as numbers so that they chart; "not assessed" is an empty value.
    class SupportNeed(models.IntegerChoices):
        NONE = 0, _("None")
        LIGHT = 1, _("Light")
        MODERATE = 2, _("Moderate")
        HIGH = 3, _("High")
        TOTAL = 4, _("Total")

    SCALE_RANGES: ClassVar[dict[str, tuple[int, int]]] = {
        "gas": (-2, 2),
        "ladder": (1, 10),
        "support_need": (0, 4),
    }

    plan = foreign_key(Plan, related_name="goals")
    citizen_wording = models.TextField(_("the goal in the citizen's own words"))
    professional_wording = models.TextField(_("professional wording"), blank=True)
    life_area = models.CharField(_("life area"), max_length=16, choices=LifeArea.choices)
    scale = models.CharField(_("scale"), max_length=16, choices=Scale.choices)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.citizen_wording[:60]

    def clean(self) -> None:
        if not self.citizen_wording.strip():
            raise ValidationError(
                {"citizen_wording": _("Write the goal in the citizen's own words.")}
            )


class Rating(models.Model):
    class RatedBy(models.TextChoices):
        CITIZEN = "citizen", _("The citizen")
        STAFF = "staff", _("Staff")

    goal = foreign_key(Goal, related_name="ratings")
    value = models.SmallIntegerField(_("rating"), null=True, blank=True)
    rated_by = models.CharField(_("rated by"), max_length=8, choices=RatedBy.choices)
    rated_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = staff_user()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rated_on", "id"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    def __str__(self) -> str:
        return f"{self.goal_id}: {self.value} ({self.rated_on})"

    def check_value(self, scale: str) -> None:
        low, high = Goal.SCALE_RANGES[scale]
        if self.value is None:
            if scale != Goal.Scale.SUPPORT_NEED:
                raise ValidationError({"value": _("Give a rating.")})
            return
        if not low <= self.value <= high:
            raise ValidationError(
                {"value": _("The rating must be between %(low)s and %(high)s.")},
                params={"low": low, "high": high},
            )


class Intervention(Versioned, Period):
    """What is done, by whom, on which legal basis, towards which goals.

    ``source_type``/``source_id`` name another module's record when the intervention mirrors
    it (e.g. an enrolment in an offer), so the plan shows it without a second copy."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    plan = foreign_key(Plan, related_name="interventions")
    description = models.CharField(_("what is done"), max_length=300)
    department = foreign_key(Department, _("department"), optional=True)
    team = foreign_key(Team, _("team"), optional=True)
    partner = foreign_key(Partner, _("external partner"), optional=True)
    legal_basis = foreign_key(LegalBasis, _("legal basis"), optional=True)
    goals = models.ManyToManyField(
        Goal, blank=True, related_name="interventions", verbose_name=_("goals")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    end_reason = models.CharField(_("reason for ending"), max_length=300, blank=True)
    # Set when the intervention serves a life area without a goal linked yet (e.g. a job
    # mirrored from the employment module belongs to work life).
    life_area = models.CharField(
        _("life area"), max_length=16, choices=Goal.LifeArea.choices, blank=True
    )
    source_type = models.CharField(max_length=64, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    LINK_SOURCE_TYPE = "plans.intervention"

    class Meta:
        ordering = ["starts_on", "id"]
        constraints = [exactly_one_of("department", "partner", name="intervention_one_provider")]
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")

    def __str__(self) -> str:
        return self.description

    @property
    def provider(self) -> Department | Partner | None:
        return self.department or self.partner

    def clean(self) -> None:
        if (self.department_id is None) == (self.partner_id is None):
            raise ValidationError(
                {"department": _("Choose either a department or an external partner.")}
            )
        if self.team_id and self.team and self.team.department_id != self.department_id:
            raise ValidationError({"team": _("The team must belong to the chosen department.")})
        super().clean()
        if self.status == self.Status.ENDED and not self.end_reason.strip():
            raise ValidationError({"end_reason": _("Give the reason the intervention ended.")})


class Agreement(Versioned):
    """A concrete next step with someone responsible; not a calendar appointment."""

    class Responsible(models.TextChoices):
        CITIZEN = "citizen", _("The citizen")
        STAFF = "staff", _("Staff member")
        PARTNER = "partner", pgettext_lazy("responsible", "Partner")
        RELATIVE = "relative", _("Relative")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        KEPT = "kept", _("Kept")
        NOT_KEPT = "not_kept", _("Not kept")
        CANCELLED = "cancelled", _("Cancelled")

    plan = foreign_key(Plan, related_name="agreements")
    goal = foreign_key(Goal, _("goal"), related_name="agreements", optional=True)
    description = models.CharField(_("next step"), max_length=300)
    responsible = models.CharField(
        _("responsible"), max_length=8, choices=Responsible.choices, default=Responsible.CITIZEN
    )
    responsible_name = models.CharField(_("name of the responsible"), max_length=200, blank=True)
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    kept_on_own = models.BooleanField(_("kept on the citizen's own"), default=False)
    resolved_on = models.DateField(_("resolved"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return self.description

    def clean(self) -> None:
        if self.kept_on_own and not (
            self.status == self.Status.KEPT and self.responsible == self.Responsible.CITIZEN
        ):
            raise ValidationError(
                {
                    "kept_on_own": _(
                        "Only an agreement the citizen was responsible for and kept can be "
                        "kept on their own."
                    )
                }
            )
