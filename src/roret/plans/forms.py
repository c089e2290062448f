from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from roret.casework.models import LegalBasis
from roret.core.forms import DATE_WIDGET, DesignSystemFormMixin, checkboxes
from roret.organisation.models import Department, Partner, Team
from roret.plans.models import Agreement, Goal, Intervention, Plan, Rating


class PlanForm(DesignSystemFormMixin, forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the plan is about, in a few sentences."),
    )


class GoalForm(DesignSystemFormMixin, forms.Form):
    citizen_wording = forms.CharField(
        label=_("The goal in the citizen's own words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    professional_wording = forms.CharField(
        label=_("Professional wording"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    life_area = forms.ChoiceField(label=_("Life area"), choices=Goal.LifeArea.choices)
    scale = forms.ChoiceField(
        label=_("Scale"),
        choices=Goal.Scale.choices,
        help_text=_("How progress on the goal is rated."),
    )


class GoalEditForm(GoalForm):
    """Rewording a goal; its scale stays, since the ratings already given were on it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["scale"]


class RatingForm(DesignSystemFormMixin, forms.Form):
    value = forms.TypedChoiceField(
        label=_("Rating"), coerce=int, empty_value=None, required=False, choices=()
    )
    rated_by = forms.ChoiceField(label=_("Rated by"), choices=Rating.RatedBy.choices)
    rated_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args: Any, scale: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]]
        if scale == Goal.Scale.SUPPORT_NEED:
            choices = [*Goal.SupportNeed.choices, ("", _("Not assessed"))]
        else:
            low, high = Goal.SCALE_RANGES[scale]
            choices = [("", "–")] + [
                (n, f"{n:+d}" if scale == "gas" else str(n)) for n in range(low, high + 1)
            ]
        self.fields["value"].choices = choices  # type: ignore[attr-defined]


class InterventionForm(DesignSystemFormMixin, forms.Form):
    description = forms.CharField(label=_("What is done"), max_length=300)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.none(), required=False
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none(), required=False)
    partner = forms.ModelChoiceField(
        label=_("External partner"),
        queryset=Partner.objects.none(),
        required=False,
        help_text=_("Choose a department or an external partner."),
    )
    legal_basis = forms.ModelChoiceField(
        label=_("Legal basis"), queryset=LegalBasis.objects.none(), required=False
    )
    goals = checkboxes(_("Goals"), Goal)
    starts_on = forms.DateField(label=_("Start"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("End"), widget=DATE_WIDGET, required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in Intervention.Status.choices if c[0] != Intervention.Status.ENDED],
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["department"].queryset = Department.objects.filter(is_active=True).order_by("name")
        fields["team"].queryset = (
            Team.objects.filter(is_active=True)
            .select_related("department")
            .order_by("department__name", "name")
        )
        fields["partner"].queryset = Partner.objects.filter(is_active=True).order_by("name")
        fields["legal_basis"].queryset = LegalBasis.objects.filter(is_active=True)
        fields["legal_basis"].label_from_instance = lambda basis: basis.label
        fields["goals"].queryset = plan.goals.filter(is_active=True)
        fields["goals"].widget.attrs["class"] = "form-checkbox"


class InterventionStatusForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Intervention.Status.choices)
    end_reason = forms.CharField(
        label=_("Reason for ending"),
        required=False,
        max_length=300,
        help_text=_("Required when the intervention ends."),
    )


class AgreementForm(DesignSystemFormMixin, forms.Form):
    description = forms.CharField(label=_("Next step"), max_length=300)
    responsible = forms.ChoiceField(label=_("Responsible"), choices=Agreement.Responsible.choices)
    responsible_name = forms.CharField(
        label=_("Name of the responsible"),
        required=False,
        max_length=200,
        help_text=_("For a staff member, partner or relative."),
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE_WIDGET)
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none(), required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.filter(is_active=True)  # type: ignore[attr-defined]


class AgreementResolveForm(DesignSystemFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Agreement.Status.choices)
    kept_on_own = forms.BooleanField(label=_("The citizen kept it on their own"), required=False)
