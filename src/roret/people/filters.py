"""The citizen access log's GET filter (``roret.core.paging.FilterForm``): a kind of use
and a period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from roret.audit.models import AccessLogEntry
from roret.core.paging import FilterForm, period_fields


class AccessLogFilterForm(FilterForm):
    action = forms.ChoiceField(
        label=_("What"),
        choices=[("", _("All")), *AccessLogEntry.Action.choices],
        required=False,
    )
    start, end = period_fields()
