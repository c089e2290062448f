from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import User
from roret.casework.models import LegalBasis
from roret.core.forms import (
    DATE_WIDGET,
    DesignSystemFormMixin,
    checkboxes,
    clean_period,
    search_field,
)
from roret.offers.models import (
    Attendance,
    CounsellingTally,
    CourseModule,
    CourseRun,
    Enrolment,
    Offer,
)
from roret.organisation.models import Partner

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CatalogueSearchForm(DesignSystemFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search the catalogue"),
        required=False,
        max_length=100,
        help_text=_("Name, target group or paragraph, e.g. 82a"),
    )


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.legal_basis})"


class ReferralSearchForm(DesignSystemFormMixin, forms.Form):
    """Finding the citizen to refer among those the user may see (posted: a CPR number typed
    here never reaches a URL)."""

    query = search_field(
        label=_("Find the citizen"),
        help_text=_("Name, or the CPR number for an exact match. The search is logged."),
    )


class ReferralForm(DesignSystemFormMixin, forms.Form):
    """The referral of the citizen chosen (from the search, or the citizen's own page)."""

    citizen = forms.IntegerField(widget=forms.HiddenInput)
    offer = OfferChoiceField(label=_("Offer"), queryset=Offer.objects.none())
    reason = forms.CharField(
        label=_("Reason for the referral"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("What the citizen needs help with and what you hope the offer gives."),
    )

    def __init__(
        self,
        *args: Any,
        chosen_id: int | None,
        offers: QuerySet[Offer],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.chosen_id = chosen_id
        self.fields["offer"].queryset = offers  # type: ignore[attr-defined]

    def clean_citizen(self) -> int:
        citizen: int = self.cleaned_data["citizen"]
        if citizen != self.chosen_id:
            raise forms.ValidationError(_("Find and choose the citizen first."))
        return citizen


class AcceptForm(DesignSystemFormMixin, forms.Form):
    starts_on = forms.DateField(label=_("Start"), widget=DATE_WIDGET)
    planned_end_on = forms.DateField(label=_("Planned end"), widget=DATE_WIDGET, required=False)
    course_run = forms.ModelChoiceField(
        label=_("Add to course run"),
        queryset=CourseRun.objects.none(),
        required=False,
        help_text=_("For a group course: the run the citizen joins."),
    )

    def __init__(self, *args: Any, course_runs: QuerySet[CourseRun], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["course_run"].queryset = course_runs  # type: ignore[attr-defined]


class DeclineForm(DesignSystemFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The referrer sees this."),
    )


class EndForm(DesignSystemFormMixin, forms.Form):
    ends_on = forms.DateField(label=_("End date"), widget=DATE_WIDGET)
    end_reason = forms.ChoiceField(label=_("End reason"), choices=Enrolment.EndReason.choices)
    next_legal_basis = forms.ModelChoiceField(
        label=_("The other measure's legal basis"),
        queryset=LegalBasis.objects.filter(is_active=True),
        required=False,
        help_text=_("Only when the citizen moved to another measure."),
    )


class ParticipantForm(DesignSystemFormMixin, forms.Form):
    enrolment = forms.TypedChoiceField(label=_("Citizen"), coerce=int, choices=())

    def __init__(self, *args: Any, candidates: list[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].choices = [  # type: ignore[attr-defined]
            (e.pk, e.citizen.full_name) for e in candidates
        ]


class AttendanceForm(forms.Form):
    """One radio group per participant (``p<id>``) and the session's guidance note."""

    guidance_note = forms.CharField(
        label=_("Guidance after the session"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-input"}),
        help_text=_("What the participants were helped with, e.g. calling the bank."),
    )

    def __init__(self, *args: Any, participant_ids: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for pk in participant_ids:
            self.fields[f"p{pk}"] = forms.ChoiceField(
                choices=Attendance.Status.choices, required=False, widget=forms.RadioSelect
            )

    def statuses(self) -> dict[int, str]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("p") and value
        }


class CounsellingForm(DesignSystemFormMixin, forms.Form):
    offer = forms.ModelChoiceField(label=_("Offer"), queryset=Offer.objects.none())
    held_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, offers: QuerySet[Offer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers  # type: ignore[attr-defined]
        for value, label in CounsellingTally.Topic.choices:
            field = forms.IntegerField(label=label, min_value=0, max_value=999, initial=0)
            field.widget.attrs["class"] = "form-input input-width-xs"
            self.fields[f"topic_{value}"] = field

    def counts(self) -> dict[str, int]:
        return {
            name.removeprefix("topic_"): value or 0
            for name, value in self.cleaned_data.items()
            if name.startswith("topic_")
        }


class ReportForm(DesignSystemFormMixin, forms.Form):
    offer = OfferChoiceField(
        label=_("Offer"),
        queryset=Offer.objects.select_related("legal_basis"),
        required=False,
        empty_label=_("All offers"),
    )
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET, required=False)
    end = forms.DateField(label=_("To"), widget=DATE_WIDGET, required=False)

    def clean(self) -> dict[str, Any]:
        return clean_period(self, super().clean() or {})


class CourseRunForm(DesignSystemFormMixin, forms.Form):
    offer = OfferChoiceField(label=_("Offer"), queryset=Offer.objects.none())
    name = forms.CharField(label=_("Name of the run"), max_length=200, help_text=_("e.g. Spring"))
    starts_on = forms.DateField(label=_("Start"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("End"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    themes = forms.CharField(
        label=_("Modules"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One theme per line, in order, e.g. everyday economy."),
    )

    def __init__(self, *args: Any, offers: QuerySet[Offer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers  # type: ignore[attr-defined]

    def theme_list(self) -> list[str]:
        return [line for line in self.cleaned_data["themes"].splitlines() if line.strip()]


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class SessionForm(DesignSystemFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    starts_at = forms.TimeField(label=_("Starts at"), widget=TIME_WIDGET)
    ends_at = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET)
    module = forms.ModelChoiceField(
        label=_("Module"), queryset=CourseModule.objects.none(), required=False
    )
    place = forms.CharField(
        label=_("Place"), max_length=200, required=False, help_text=_("Empty: the run's place.")
    )
    facilitators = checkboxes(_("Facilitators"), User, field=StaffChoiceField)
    volunteer_partners = checkboxes(_("Volunteer partners present"), Partner)

    def __init__(self, *args: Any, course_run: CourseRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = course_run.modules.all()  # type: ignore[attr-defined]
        self.fields["facilitators"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            departments=course_run.offer.department_id, is_active=True
        ).order_by("first_name", "last_name")
        self.fields["volunteer_partners"].queryset = Partner.objects.filter(  # type: ignore[attr-defined]
            is_active=True, kind=Partner.Kind.VOLUNTEER
        )
