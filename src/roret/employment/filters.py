"""The employment overview's GET filter (``roret.core.paging.FilterForm``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roret.core.paging import FilterForm


class OverviewFilterForm(FilterForm):
    check_status = forms.ChoiceField(
        label=_("Eligibility checks"),
        choices=[
            ("", _("Overdue or due soon")),
            ("overdue", _("Overdue")),
            ("soon", _("Due soon")),
        ],
        required=False,
    )
