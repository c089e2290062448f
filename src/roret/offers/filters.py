"""The GET filters of the offers' lists (``roret.core.paging.FilterForm``): an offer, a
status and a period, never anything about a person."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from roret.core.paging import FilterForm, period_fields
from roret.offers.models import Offer, Referral

ENROLMENT_STATUSES = (
    ("running", pgettext_lazy("enrolments", "Running")),
    ("ended", pgettext_lazy("enrolments", "Ended")),
    ("all", _("All")),
)


class _OfferFilter(FilterForm):
    offer = forms.ModelChoiceField(
        label=_("Offer"), queryset=Offer.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args: Any, offers: QuerySet[Offer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offer"].queryset = offers.order_by("name")  # type: ignore[attr-defined]


class IntakeFilterForm(_OfferFilter):
    """The provider's overview: an offer of theirs, the enrolments' status, and a period of
    referral or start dates."""

    status = forms.ChoiceField(
        label=_("Enrolments"), choices=ENROLMENT_STATUSES, required=False, initial="running"
    )
    start, end = period_fields(
        pgettext_lazy("period", "Referred or started from"),
        pgettext_lazy("period", "Referred or started until"),
    )


class ReferralsFilterForm(_OfferFilter):
    """The referrer's list: the referral's status, offer and when it was made."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), *Referral.Status.choices],
        required=False,
    )
    start, end = period_fields(
        pgettext_lazy("period", "Referred from"), pgettext_lazy("period", "Referred until")
    )
