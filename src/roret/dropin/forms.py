from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roret.core.forms import DATE_WIDGET, DesignSystemFormMixin, clean_period
from roret.core.periods import report_period
from roret.dropin.models import Category, Correction
from roret.dropin.services import MAX_VISITS

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
        """The report period of every module: the last twelve calendar months, this one
        up to today included."""
        first, after, _months = report_period(timezone.localdate())
        return first, after - datetime.timedelta(days=1)

    def clean(self) -> dict[str, Any]:
        return clean_period(self, super().clean() or {}, longest=LONGEST_PERIOD)

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The chosen period, or the last year when the form is empty or invalid."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default_period()
