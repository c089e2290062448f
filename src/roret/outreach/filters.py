"""The GET filters of outreach's lists (``roret.core.paging.FilterForm``): an area or a
team, never anything about a person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import User
from roret.core.paging import FilterForm
from roret.organisation.models import Area, Team


class WorkerFilterForm(FilterForm):
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.order_by("name"),
        required=False,
        empty_label=_("All"),
    )


class InboxFilterForm(FilterForm):
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
            department_id__in=user.department_ids
        ).order_by("name")
