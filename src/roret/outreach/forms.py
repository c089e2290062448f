"""Outreach forms. Fields carry Danish labels through the catalogue; the services validate
again and their errors come back on the fields (``form_page``).

The forms for acting from a contact in another module (an agreement in the plan, a referral
to an offer) and the citizen search on the identify page are outreach's own: one module does
not use another's forms. They hold the few fields outreach needs and read the other
module's models."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from roret.accounts.models import User
from roret.casework.models import LegalBasis
from roret.core.forms import DATE_WIDGET, DesignSystemFormMixin, search_field
from roret.offers.models import Offer
from roret.organisation.models import Area, Team
from roret.outreach.models import ALIAS_MAX_LENGTH, DESCRIPTION_MAX_LENGTH, Contact, Topic
from roret.people.models import Citizen, Household
from roret.plans.models import Agreement, Goal, Plan


class ContactForm(DesignSystemFormMixin, forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.order_by("name"))
    place = forms.ChoiceField(label=_("Place or kind"), choices=Contact.Place.choices)
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_step = forms.CharField(label=_("Next step"), max_length=300, required=False)


class AnonymousContactForm(ContactForm):
    alias = forms.CharField(
        label=_("Alias"),
        max_length=ALIAS_MAX_LENGTH,
        help_text=_("Not the person's name: a word you will recognise them by."),
    )
    # No max_length here: the service gives the clear message for a too long description.
    description = forms.CharField(
        label=_("Short description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": DESCRIPTION_MAX_LENGTH}),
        help_text=_(
            "At most %(n)s characters, and nothing that identifies the person: no name, "
            "address or CPR number."
        )
        % {"n": DESCRIPTION_MAX_LENGTH},
    )
    field_order = ["alias", "description"]


class CitizenContactForm(ContactForm):
    household = forms.ModelChoiceField(
        label=_("The contact concerns the family"),
        queryset=Household.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, citizen: Citizen, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["household"]
        field.queryset = Household.objects.filter(members__citizen=citizen).distinct()


class CaseloadForm(DesignSystemFormMixin, forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.order_by("name"))
    starts_on = forms.DateField(label=_("Start"), widget=DATE_WIDGET)
    team = forms.ModelChoiceField(
        label=_("Followed by the team"),
        queryset=Team.objects.none(),
        required=False,
        help_text=_("For team-based methods such as M-ACT; leave empty to follow alone."),
    )
    household = forms.ModelChoiceField(
        label=_("The family"), queryset=Household.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, citizen: Citizen, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team: Any = self.fields["team"]
        team.queryset = Team.objects.filter(pk__in=user.team_ids, is_active=True)
        household: Any = self.fields["household"]
        household.queryset = Household.objects.filter(members__citizen=citizen).distinct()


class ReferralForm(DesignSystemFormMixin, forms.Form):
    legal_basis = forms.ModelChoiceField(
        label=_("Legal basis"), queryset=LegalBasis.objects.filter(is_active=True)
    )
    applied_for = forms.CharField(
        label=_("Applied for"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    reason = forms.CharField(
        label=_("Reason for fast track"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    team = forms.ModelChoiceField(
        label=_("Responsible team"),
        queryset=Team.objects.filter(is_active=True)
        .filter(Q(department__kind="social_authority") | Q(department__kind="jobcentre"))
        .select_related("department"),
    )


class CitizenSearchForm(DesignSystemFormMixin, forms.Form):
    """Finding the citizen an anonymous person turns out to be (posted: CPR never in a URL)."""

    query = search_field(
        label=_("CPR number or name"),
        help_text=_(
            "A CPR number finds the citizen exactly, among all citizens; a name only among "
            "the citizens you may see. The search is logged."
        ),
    )


class IdentifyForm(DesignSystemFormMixin, forms.Form):
    """The choice: a citizen found by name, or the one found by the CPR number (carried
    encrypted, never in clear)."""

    citizen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    identity = forms.CharField(widget=forms.HiddenInput, required=False, max_length=500)


class AgreementForm(DesignSystemFormMixin, forms.Form):
    """An agreement in the citizen's current plan, from a contact."""

    description = forms.CharField(label=_("Next step"), max_length=300)
    responsible = forms.ChoiceField(label=_("Responsible"), choices=Agreement.Responsible.choices)
    responsible_name = forms.CharField(
        label=_("Name of the responsible"),
        required=False,
        max_length=200,
        help_text=_("For a staff member, partner or relative."),
    )
    due_on = forms.DateField(label=_("Due"), widget=DATE_WIDGET)
    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none(), required=False)

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        goal: Any = self.fields["goal"]
        goal.queryset = plan.goals.filter(is_active=True)


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.legal_basis})"


class OfferReferralForm(DesignSystemFormMixin, forms.Form):
    """A referral to an offer from a contact: the citizen is the contact's, never a field."""

    offer = OfferChoiceField(label=_("Offer"), queryset=Offer.objects.none())
    reason = forms.CharField(
        label=_("Reason for the referral"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("What the citizen needs help with and what you hope the offer gives."),
    )

    def __init__(self, *args: Any, offers: QuerySet[Offer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer: Any = self.fields["offer"]
        offer.queryset = offers


class WorkerForm(DesignSystemFormMixin, forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.order_by("name"), required=False
    )
    capacity = forms.IntegerField(
        label=_("Capacity (persons or families a year)"),
        help_text=_("Usually 10–20 a year."),
    )
