"""The queues' GET filters (``roret.core.paging.FilterForm``): never anything about a person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roret.accounts.models import User
from roret.casework.models import Application, LegalBasis
from roret.casework.selectors import QUEUE_STATUSES
from roret.core.paging import FilterForm, period_fields
from roret.organisation.models import Team


class QueueFilterForm(FilterForm):
    """GET filters: a legal basis, a status, a team (in the team queue) and when the
    application was received; never anything about a person."""

    legal_basis = forms.ModelChoiceField(
        label=_("Legal basis"),
        queryset=LegalBasis.objects.filter(is_active=True),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, initial="open")
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, empty_label=_("All")
    )
    start, end = period_fields(
        pgettext_lazy("period", "Received from"), pgettext_lazy("period", "Received until")
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Application.Status.choices)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (
                value,
                labels.get(
                    value, pgettext_lazy("applications", "Open") if value == "open" else _("All")
                ),
            )
            for value in QUEUE_STATUSES
        ]
        if user is None:
            del self.fields["team"]
        else:
            self.fields["team"].queryset = Team.objects.filter(  # type: ignore[attr-defined]
                pk__in=user.team_ids
            ).order_by("name")
