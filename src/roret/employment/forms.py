from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from roret.core.forms import DATE_WIDGET, DesignSystemFormMixin
from roret.employment.models import Job
from roret.organisation.models import Department


def _job_centre_field() -> forms.ModelChoiceField[Department]:
    return forms.ModelChoiceField(
        label=_("Job centre"),
        queryset=Department.objects.filter(kind=Department.Kind.JOBCENTRE, is_active=True),
        help_text=_("The job centre follows the citizen and sees the plan while this lasts."),
    )


def _default_job_centre(form: forms.Form) -> None:
    field = form.fields["department"]
    first = field.queryset.order_by("name").first()  # type: ignore[attr-defined]
    if first is not None:
        field.initial = first.pk


class FrikortDecideForm(DesignSystemFormMixin, forms.Form):
    department = _job_centre_field()
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_WIDGET)
    next_check_due = forms.DateField(
        label=_("Next eligibility check due"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_(
            "At least every second calendar year. Leave empty for the latest date allowed "
            "(31 December next year)."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = self.fields["department"].queryset.all()  # type: ignore[attr-defined]
        _default_job_centre(self)
        self.fields["decided_on"].initial = timezone.localdate()


class FrikortCheckForm(DesignSystemFormMixin, forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE_WIDGET)
    next_check_due = forms.DateField(
        label=_("Next eligibility check due"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty for the latest date allowed (31 December next year)."),
    )


class FrikortDeactivateForm(DesignSystemFormMixin, forms.Form):
    deactivated_on = forms.DateField(label=_("Deactivated on"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason"), max_length=300)


class JobForm(DesignSystemFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of job"), choices=Job.Kind.choices)
    employer_name = forms.CharField(label=_("Employer"), max_length=200)
    employer_cvr = forms.CharField(
        label=_("CVR number"),
        max_length=20,
        required=False,
        help_text=_("8 digits. Not needed for volunteer work."),
    )
    department = _job_centre_field()
    starts_on = forms.DateField(label=_("Start"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("End"), widget=DATE_WIDGET, required=False)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), max_digits=4, decimal_places=1, localize=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = self.fields["department"].queryset.all()  # type: ignore[attr-defined]
        _default_job_centre(self)


class JobEndForm(DesignSystemFormMixin, forms.Form):
    ends_on = forms.DateField(label=_("Last day of the job"), widget=DATE_WIDGET)


class KronerField(forms.DecimalField):
    """An amount as Danish staff write it: "3.250,50", "3250,50", "3250.50" or "3.250 kr."."""

    # A number input refuses the Danish comma and thousands dots in some browsers.
    widget = forms.TextInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "decimal"}

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip().lower().removesuffix("kr.").removesuffix("kr").strip()
            text = text.replace(" ", "").replace("\u00a0", "")
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


class EarningForm(DesignSystemFormMixin, forms.Form):
    job = forms.TypedChoiceField(label=_("Employer"), coerce=int, choices=())
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, choices=[(n, name) for n, name in MONTHS.items()]
    )
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
    amount = KronerField(
        label=_("Amount (kr.)"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Kroner and øre, e.g. 3.250,50."),
    )

    def __init__(self, *args: Any, jobs: list[Job], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["job"].choices = [  # type: ignore[attr-defined]
            (job.pk, f"{job.employer_name} ({job.get_kind_display()})") for job in jobs
        ]
        today = timezone.localdate()
        self.fields["month"].initial = today.month
        self.fields["year"].initial = today.year

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "job_id": data["job"],
            "month": datetime.date(data["year"], data["month"], 1),
            "amount": data["amount"],
        }


class ReportYearForm(DesignSystemFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2019, max_value=2100)
