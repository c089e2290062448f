from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roret.core.forms import DesignSystemFormMixin
from roret.dropin.models import Category, Correction
from roret.dropin.services import MAX_VISITS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LONGEST_PERIOD = datetime.timedelta(days=3 * 366)


class TapForm(forms.Form):
    category = forms.IntegerField(min_value=1)
    token = forms.UUIDField()
    delta = forms.TypedChoiceField(choices=[("1", "+1"), ("-1", "-1")], coerce=int)


class CorrectionForm(DesignSystemFormMixin, forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.none())
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    hour = forms.IntegerField(
        label=_("Hour"),
        min_value=0,
        max_value=23,
        help_text=_("The hour the visits belong to, e.g. 14 for 14:00–15:00."),
    )
    visits = forms.IntegerField(
        label=_("Correct number of visits"), min_value=0, max_value=MAX_VISITS
    )
    reason = forms.ChoiceField(label=_("Reason"), choices=Correction.Reason.choices)

    def __init__(self, *args: Any, categories: list[Category], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        field.queryset = Category.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in categories]
        )


class PeriodForm(DesignSystemFormMixin, forms.Form):
    start = forms.DateField(label=_("From"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("To"), widget=DATE_WIDGET)

    @staticmethod
    def default_period() -> tuple[datetime.date, datetime.date]:
        end = timezone.localdate()
        return end - datetime.timedelta(days=364), end

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if start > end:
                self.add_error("end", _("The period must end on or after its first day."))
            elif end - start > LONGEST_PERIOD:
                self.add_error("end", _("Choose a period of at most three years."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period, or the last year when the form is empty or invalid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default_period()
