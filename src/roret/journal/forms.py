from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roret.accounts.models import User
from roret.core.forms import DesignSystemFormMixin, checkboxes
from roret.journal.models import Appointment, Note
from roret.organisation.models import Partner
from roret.plans.models import Goal, Intervention

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class NoteForm(DesignSystemFormMixin, forms.Form):
    text = forms.CharField(
        label=pgettext_lazy("journal", "Note"), widget=forms.Textarea(attrs={"rows": 6})
    )
    visibility = forms.ChoiceField(
        label=_("Visibility"),
        choices=Note.Visibility.choices,
        help_text=_("A shared note can be shown to the citizen."),
    )
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none(), required=False)
    intervention = forms.ModelChoiceField(
        label=_("Intervention"), queryset=Intervention.objects.none(), required=False
    )

    def __init__(self, *args: Any, citizen_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["goal"].queryset = Goal.objects.filter(
            plan__citizen_id=citizen_id, plan__is_current=True
        )
        fields["intervention"].queryset = Intervention.objects.filter(
            plan__citizen_id=citizen_id, plan__is_current=True
        )


class NoteCorrectionForm(DesignSystemFormMixin, forms.Form):
    text = forms.CharField(label=_("Corrected note"), widget=forms.Textarea(attrs={"rows": 6}))
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Note.Visibility.choices)


class AppointmentForm(DesignSystemFormMixin, forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts"), widget=DATETIME_WIDGET)
    ends_at = forms.DateTimeField(label=_("Ends"), widget=DATETIME_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    is_online = forms.BooleanField(label=_("Online meeting"), required=False)
    citizen_attends = forms.BooleanField(
        label=_("The citizen takes part"), required=False, initial=True
    )
    staff = checkboxes(_("Other staff taking part"), User)
    partners = checkboxes(_("Partners taking part"), Partner)

    def __init__(
        self, *args: Any, user: User, appointment: Appointment | None = None, **kwargs: Any
    ) -> None:
        """``appointment``: the meeting being changed. Its staff stay choosable (a
        colleague from another department too); the one who booked it always takes part."""
        if appointment is not None:
            kwargs.setdefault("initial", {}).update(
                {
                    "title": appointment.title,
                    "starts_at": appointment.starts_at,
                    "ends_at": appointment.ends_at,
                    "place": appointment.place,
                    "is_online": appointment.is_online,
                    "citizen_attends": appointment.citizen_attends,
                    "staff": [
                        person.pk
                        for person in appointment.staff.all()
                        if person.pk != appointment.created_by_id
                    ],
                    "partners": [partner.pk for partner in appointment.partners.all()],
                }
            )
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        choosable = Q(is_active=True, departments__in=user.department_ids) & ~Q(pk=user.pk)
        if appointment is not None:
            choosable |= Q(pk__in=[person.pk for person in appointment.staff.all()])
            choosable &= ~Q(pk=appointment.created_by_id)
        fields["staff"].queryset = (
            User.objects.filter(choosable).distinct().order_by("first_name", "last_name")
        )
        fields["partners"].queryset = Partner.objects.filter(is_active=True).order_by("name")
        for name in ("staff", "partners"):
            fields[name].widget.attrs["class"] = "form-checkbox"
