from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import User
from roret.casework.models import Application, LegalBasis
from roret.core.forms import DATE_WIDGET, DesignSystemFormMixin
from roret.organisation.models import Team


class ApplicationForm(DesignSystemFormMixin, forms.Form):
    legal_basis = forms.ModelChoiceField(
        label=_("Legal basis"), queryset=LegalBasis.objects.filter(is_active=True)
    )
    received_on = forms.DateField(label=_("Received"), widget=DATE_WIDGET)
    channel = forms.ChoiceField(label=_("Received from"), choices=Application.Channel.choices)
    applied_for = forms.CharField(
        label=_("Applied for"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    team = forms.ModelChoiceField(label=_("Responsible team"), queryset=Team.objects.none())
    own_initiative = forms.BooleanField(
        label=_("Opened on the municipality's own initiative (no deadline)"), required=False
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(department_id__in=user.department_ids, is_active=True)
        self.fields["team"].queryset = teams.select_related("department")  # type: ignore[attr-defined]
        own = sorted(user.team_ids)
        if len(own) == 1:
            self.fields["team"].initial = own[0]
        self.fields["received_on"].initial = timezone.localdate()


class DecisionForm(DesignSystemFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", "–"), *((s, s.label) for s in Application.Status if s in Application.CLOSED)],
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE_WIDGET)
    decision_text = forms.CharField(
        label=_("Decision"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required unless the application is withdrawn."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class NoticeForm(DesignSystemFormMixin, forms.Form):
    notice_sent_on = forms.DateField(label=_("Notice sent on"), widget=DATE_WIDGET)
    expected_decision_on = forms.DateField(label=_("Expected decision date"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["notice_sent_on"].initial = timezone.localdate()


class FastTrackForm(DesignSystemFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why should the application be fast-tracked?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
