from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import User
from roret.core.forms import DATE_WIDGET, DesignSystemFormMixin, search_field
from roret.organisation.models import Department, Municipality, Partner
from roret.people.models import Citizen, NetworkParty, ProblemAreaType, Relation
from roret.people.services import CITIZEN_EDITABLE_FIELDS


class CprField(forms.CharField):
    """A CPR input: no autocomplete, so browsers do not remember numbers typed on shared PCs."""

    widget = forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault("help_text", _("10 digits, e.g. DDMMÅÅ-XXXX"))
        super().__init__(**kwargs)


class CitizenSearchForm(DesignSystemFormMixin, forms.Form):
    query = search_field(
        label=_("CPR number or name"),
        help_text=_("Searching by CPR finds an exact match. The search is logged."),
    )


class CitizenForm(DesignSystemFormMixin, forms.ModelForm):
    class Meta:
        model = Citizen
        fields = list(CITIZEN_EDITABLE_FIELDS)
        widgets = {"date_of_death": DATE_WIDGET}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipalities = Municipality.objects.order_by("name")
        self.fields["acting_municipality"].queryset = municipalities  # type: ignore[attr-defined]
        self.fields["paying_municipality"].queryset = municipalities  # type: ignore[attr-defined]

    def _post_clean(self) -> None:
        # Model validation runs in the service, where the CPR-derived birth date is known.
        pass


class CitizenCreateForm(CitizenForm):
    cpr_number = CprField(label=_("CPR number"))
    department = forms.ModelChoiceField(
        label=_("Registered by department"), queryset=Department.objects.none()
    )

    class Meta(CitizenForm.Meta):
        fields = ["cpr_number", *CitizenForm.Meta.fields, "department"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = Department.objects.filter(pk__in=user.department_ids)
        self.fields["department"].queryset = departments  # type: ignore[attr-defined]
        if len(user.department_ids) == 1:
            self.fields["department"].initial = next(iter(user.department_ids))


def _department_field() -> forms.ModelChoiceField:
    """An active department, or none (who a consent or a network party is about)."""
    return forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.filter(is_active=True), required=False
    )


def _partner_field() -> forms.ModelChoiceField:
    """An active partner organisation, or none."""
    return forms.ModelChoiceField(
        label=_("Partner organisation"),
        queryset=Partner.objects.filter(is_active=True),
        required=False,
    )


class ProblemAreaForm(DesignSystemFormMixin, forms.Form):
    type = forms.ModelChoiceField(
        label=_("Problem area"), queryset=ProblemAreaType.objects.filter(is_active=True)
    )
    started_on = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    ended_on = forms.DateField(label=_("To"), widget=DATE_WIDGET, required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class ConsentForm(DesignSystemFormMixin, forms.Form):
    department = _department_field()
    partner = _partner_field()
    purpose_text = forms.CharField(label=_("Purpose"), max_length=300)
    valid_from = forms.DateField(label=_("Valid from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(label=_("Valid to"), widget=DATE_WIDGET, required=False)


class NetworkPartyForm(DesignSystemFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=NetworkParty.Kind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Role"), max_length=200, required=False)
    department = _department_field()
    partner = _partner_field()
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class RelationForm(DesignSystemFormMixin, forms.Form):
    relative_cpr = CprField(label=_("The relative's CPR number"))
    kind = forms.ChoiceField(label=_("The person is the citizen's"), choices=Relation.Kind.choices)
    same_household = forms.BooleanField(label=_("They live in the same household"), required=False)
