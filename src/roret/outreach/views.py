"""Outreach pages. Thin: the gate decides the access, then one selector or service, render.

A route naming a known citizen or their object passes the citizen gate
(``roret.people.gate.citizen_route``); a route naming a person who may still be anonymous
passes ``roret.outreach.gate.person_route``, which hands over to the citizen gate once the
person is identified. Forms go through ``form_page``, buttons through ``post_action``."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from roret.accounts.http import AuthenticatedRequest
from roret.casework.models import Application
from roret.core.exports import report_views
from roret.core.forms import form_page, post_action
from roret.core.paging import page_request, page_requests
from roret.core.routing import route
from roret.offers import selectors as offer_selectors
from roret.offers import services as offer_services
from roret.offers.rules import can_refer
from roret.outreach import reports, selectors, services
from roret.outreach.filters import InboxFilterForm, WorkerFilterForm
from roret.outreach.forms import (
    AgreementForm,
    AnonymousContactForm,
    CaseloadForm,
    CitizenContactForm,
    CitizenSearchForm,
    ContactForm,
    IdentifyForm,
    OfferReferralForm,
    ReferralForm,
    WorkerForm,
)
from roret.outreach.gate import PersonRequest, person_route
from roret.outreach.models import AnonymousPerson, ApplicationReferral, CaseloadEntry, Contact
from roret.outreach.rules import (
    can_read_team_caseload,
    can_record_contacts,
    can_register_referrals,
)
from roret.people.gate import (
    CitizenRequest,
    ObjectRef,
    citizen_action,
    citizen_route,
    for_citizen,
    for_object,
    form_route,
    not_citizen_data,
    read_object,
)
from roret.plans.rules import can_follow_up_plans
from roret.plans.services import agreement_add

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from rules import Predicate

    from roret.people.gate import FormCall, Save, View

AGREEMENT_DUE_DAYS = 14

_CONTACT = ObjectRef(Contact)
_PERSON = ObjectRef(AnonymousPerson)


def _today_initial() -> dict[str, Any]:
    return {"occurred_on": timezone.localdate()}


def _to_contact(contact: Contact) -> str:
    return reverse("outreach:contact_detail", args=[contact.pk])


@route("")
@require_GET
def contact_list(request: AuthenticatedRequest) -> HttpResponse:
    form = WorkerFilterForm(request.GET)
    area = form.values()["area"]
    page = selectors.worker_page(
        user=request.user,
        area_id=area.pk if area else None,
        paging=page_requests(request.GET, selectors.WORKER_LISTS),
        filters=form.describe(),
    )
    return TemplateResponse(
        request,
        "outreach/contact_list.html",
        {
            "page": page,
            "form": form,
            "can_read_team": can_read_team_caseload.test(request.user),
        },
    )


@route("kontakt/ny/")
@require_http_methods(["GET", "POST"])
def contact_create(request: AuthenticatedRequest) -> HttpResponse:
    """A contact with a person not (yet) known to the system."""
    if not can_record_contacts.test(request.user):
        raise PermissionDenied
    return form_page(
        request,
        form=AnonymousContactForm(request.POST or None, initial=_today_initial()),
        save=lambda data, _version: services.anonymous_contact_record(actor=request.user, **data),
        success_url=_to_contact,
        message=_("The contact has been recorded."),
        context={"title": _("New contact with an anonymous person"), "subject": ""},
        template="outreach/form.html",
    )


@route("anonym/<int:pk>/kontakt/ny/")
@require_http_methods(["GET", "POST"])
@person_route(purpose=gettext_lazy("Outreach person"), predicate=can_record_contacts, obj=_PERSON)
def person_contact_create(request: PersonRequest, pk: int) -> HttpResponse:
    """Another contact with an anonymous person met before; once identified, the contact is
    recorded on the citizen."""
    if request.citizen_access is not None:
        messages.info(
            request, _("The person has been identified: record the contact on the citizen.")
        )
        return redirect(
            "outreach:citizen_contact_create", citizen_pk=request.citizen_access.citizen_id
        )
    person = selectors.anonymous_person_page(user=request.user, person_id=pk).person
    return form_page(
        request,
        form=ContactForm(request.POST or None, initial=_today_initial()),
        save=lambda data, _version: services.anonymous_contact_record(
            actor=request.user, anonymous_person_id=pk, **data
        ),
        success_url=_to_contact,
        message=_("The contact has been recorded."),
        context={"title": _("New contact"), "subject": person.alias},
        template="outreach/form.html",
    )


def _citizen_form(
    *,
    purpose: StrOrPromise,
    predicate: Predicate,
    title: StrOrPromise,
    form: Callable[[FormCall], forms.BaseForm],
    save: Save,
    success_url: Callable[[FormCall, Any], str],
    message: StrOrPromise,
    contact: bool = False,
) -> View:
    """An outreach form about a known citizen (``contact``: one of their contacts, which
    the page reads)."""
    return form_route(
        purpose=purpose,
        predicate=predicate,
        citizen=None if contact else "citizen_pk",
        obj=_CONTACT if contact else None,
        page=read_object(selectors.contact_of, "contact_id") if contact else None,
        form=form,
        save=save,
        success_url=success_url,
        message=message,
        context=lambda call: {"title": title, "subject": call.citizen.full_name},
        template="outreach/form.html",
    )


citizen_contact_create = route("borger/<int:citizen_pk>/kontakt/ny/")(
    _citizen_form(
        purpose=gettext_lazy("Recording an outreach contact"),
        predicate=can_record_contacts,
        title=gettext_lazy("New contact"),
        form=lambda call: CitizenContactForm(
            call.data, citizen=call.citizen, initial=_today_initial()
        ),
        save=for_citizen(services.citizen_contact_record),
        success_url=lambda call, contact: _to_contact(contact),
        message=gettext_lazy("The contact has been recorded."),
    )
)


@route("kontakt/<int:pk>/")
@require_GET
@person_route(purpose=gettext_lazy("Outreach contact"), predicate=can_record_contacts, obj=_CONTACT)
def contact_detail(request: PersonRequest, pk: int) -> HttpResponse:
    page = selectors.contact_page(user=request.user, contact_id=pk, access=request.citizen_access)
    return TemplateResponse(
        request,
        "outreach/contact_detail.html",
        {"page": page, "contact": page.contact, "citizen": page.citizen},
    )


@route("anonym/<int:pk>/")
@require_GET
@person_route(purpose=gettext_lazy("Outreach person"), predicate=can_record_contacts, obj=_PERSON)
def person_detail(request: PersonRequest, pk: int) -> HttpResponse:
    page = selectors.anonymous_person_page(
        user=request.user, person_id=pk, access=request.citizen_access
    )
    return TemplateResponse(request, "outreach/person_detail.html", {"page": page})


@route("anonym/<int:pk>/identificer/")
@require_http_methods(["GET", "POST"])
@person_route(
    purpose=gettext_lazy("Identifying a person met by outreach"),
    predicate=can_record_contacts,
    obj=_PERSON,
)
def person_identify(request: PersonRequest, pk: int) -> HttpResponse:
    """Find the citizen (a POST: CPR never in the URL), then choose them. A CPR number finds
    the citizen among all citizens, exactly; a name only among those the worker may see.
    Choosing moves the earlier contacts to the citizen."""
    if request.citizen_access is not None:
        messages.info(request, _("The person has already been identified."))
        return redirect("outreach:person_detail", pk=pk)
    user = request.user
    person = selectors.anonymous_person_page(user=user, person_id=pk).person
    if "citizen" in request.POST or "identity" in request.POST:
        # The choice: the service checks the citizen (need-to-know, or the CPR number the
        # person gave; logged) and moves the contacts; a refusal for the person's state is
        # shown on the page.
        return form_page(
            request,
            form=IdentifyForm(request.POST),
            save=lambda data, _version: services.anonymous_person_identify(
                actor=user,
                anonymous_person_id=pk,
                citizen_id=data["citizen"],
                cpr_number=_identity_number(data["identity"]),
            ),
            success_url=lambda identified: reverse(
                "people:citizen_detail", args=[identified.citizen_id]
            ),
            message=_("The person has been identified. The contacts now belong to them."),
            context={"person": person, "search_form": CitizenSearchForm(), "result": None},
            template="outreach/identify.html",
        )
    search_form = CitizenSearchForm(request.POST if "query" in request.POST else None)
    result: selectors.IdentifyResult | None = None
    if search_form.is_bound and search_form.is_valid():
        try:
            result = selectors.identify_search(user=user, query=search_form.cleaned_data["query"])
        except ValidationError as exc:
            search_form.add_error("query", exc.messages)
    return TemplateResponse(
        request,
        "outreach/identify.html",
        {"person": person, "form": search_form, "search_form": search_form, "result": result},
    )


def _identity_number(identity: str) -> str | None:
    if not identity:
        return None
    number = selectors.identity_number(identity)
    if number is None:
        raise ValidationError(_("Search for the citizen again."))
    return number


def _referral_initial(contact: Contact) -> dict[str, Any]:
    """The request for an application, prefilled from the contact."""
    topics = ", ".join(contact.topic_labels)
    return {
        "applied_for": "; ".join(filter(None, [topics, contact.next_step])),
        "reason": _("Met by outreach on %(date)s (%(place)s).")
        % {
            "date": contact.occurred_on.strftime("%d.%m.%Y"),
            "place": contact.get_place_display().lower(),
        },
    }


referral_create = route("kontakt/<int:pk>/ansoegning/")(
    _citizen_form(
        purpose=gettext_lazy("Requesting an application with fast track"),
        predicate=can_record_contacts,
        contact=True,
        title=gettext_lazy("Application with fast track"),
        form=lambda call: ReferralForm(call.data, initial=_referral_initial(call.page)),
        save=for_object(services.referral_create, "contact_id", versioned=False),
        success_url=lambda call, _result: _to_contact(call.page),
        message=gettext_lazy(
            "The request has been sent to the team, which registers the application."
        ),
    )
)


@route("kontakt/<int:pk>/aftale/")
@require_http_methods(["GET", "POST"])
@citizen_route(
    purpose=gettext_lazy("Recording an agreement in the citizen's plan"),
    predicate=can_record_contacts & can_follow_up_plans,
    obj=_CONTACT,
)
def agreement_create(request: CitizenRequest, pk: int) -> HttpResponse:
    """From a contact: an agreement in the citizen's plan, prefilled with the next step."""
    access = request.citizen_access
    contact = selectors.contact_of(access=access, contact_id=pk)
    plan = selectors.current_plan(access=access)
    if plan is None:
        messages.error(request, _("The citizen has no plan yet."))
        return redirect("outreach:contact_detail", pk=pk)
    initial = {
        "description": contact.next_step,
        "due_on": timezone.localdate() + datetime.timedelta(days=AGREEMENT_DUE_DAYS),
    }
    return form_page(
        request,
        form=AgreementForm(request.POST or None, plan=plan, initial=initial),
        save=lambda data, _version: agreement_add(actor=request.user, plan_id=plan.pk, **data),
        success_url=reverse("plans:plan_detail", args=[plan.pk]),
        message=_("The agreement has been recorded in the plan."),
        context={"title": _("Agreement in the plan"), "subject": access.citizen.full_name},
        template="outreach/form.html",
    )


def _referral_reason(contact: Contact) -> str:
    """What the worker already wrote at the contact, so the referral needs no retyping."""
    parts = [f"{contact.occurred_on:%d.%m.%Y}: {contact.get_place_display()}"]
    if contact.topic_labels:
        parts.append(", ".join(str(label) for label in contact.topic_labels))
    if contact.next_step:
        parts.append(contact.next_step)
    return ". ".join(parts)


# The citizen is the contact's, whatever the form says.
offer_referral_create = route("kontakt/<int:pk>/henvisning/")(
    _citizen_form(
        purpose=gettext_lazy("Referring the citizen to an offer"),
        predicate=can_record_contacts & can_refer,
        contact=True,
        title=gettext_lazy("Refer to an offer"),
        form=lambda call: OfferReferralForm(
            call.data,
            initial={"reason": _referral_reason(call.page)},
            offers=offer_selectors.offers_for_referral(),
        ),
        save=lambda call, data, _version: offer_services.referral_create(
            actor=call.user,
            citizen_id=call.access.citizen_id,
            offer_id=data["offer"].pk,
            reason=data["reason"],
        ),
        success_url=lambda call, _result: _to_contact(call.page),
        message=gettext_lazy("The referral has been sent to the provider."),
    )
)
caseload_start = route("borger/<int:citizen_pk>/forloeb/ny/")(
    _citizen_form(
        purpose=gettext_lazy("Following a citizen in outreach"),
        predicate=can_record_contacts,
        title=gettext_lazy("Follow the citizen"),
        form=lambda call: CaseloadForm(
            call.data,
            user=call.user,
            citizen=call.citizen,
            initial={"starts_on": timezone.localdate()},
        ),
        save=for_citizen(services.caseload_start),
        success_url=lambda call, _result: reverse(
            "people:citizen_detail", args=[call.access.citizen_id]
        ),
        message=gettext_lazy("You now follow the citizen."),
    )
)


@citizen_action(
    "forloeb/<int:pk>/afslut/",
    purpose=gettext_lazy("Ending an outreach follow-up"),
    predicate=can_record_contacts,
    obj=ObjectRef(CaseloadEntry),
)
def caseload_end(request: CitizenRequest, pk: int) -> HttpResponse:
    return post_action(
        request,
        action=lambda _version: services.caseload_end(
            actor=request.user, entry_id=pk, ends_on=timezone.localdate()
        ),
        done=_("The follow-up has ended."),
        redirect_to=reverse("people:citizen_detail", args=[request.citizen_access.citizen_id]),
    )


@route("team/")
@require_GET
def team_caseload(request: AuthenticatedRequest) -> HttpResponse:
    try:
        days = int(request.GET.get("days", selectors.DEFAULT_NOT_SEEN))
    except ValueError:
        days = selectors.DEFAULT_NOT_SEEN
    result = selectors.team_caseload(user=request.user, days=days)
    return TemplateResponse(
        request,
        "outreach/team_caseload.html",
        {"result": result, "choices": selectors.NOT_SEEN_CHOICES},
    )


@route("ansoegninger/")
@require_GET
def referral_inbox(request: AuthenticatedRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET, user=request.user)
    team = form.values()["team"]
    rows = selectors.referral_inbox(
        user=request.user,
        team_id=team.pk if team else None,
        paging=page_request(request.GET),
        filters=form.describe(),
    )
    return TemplateResponse(
        request, "outreach/referral_inbox.html", {"referrals": rows, "form": form}
    )


@citizen_action(
    "ansoegninger/<int:pk>/registrer/",
    purpose=gettext_lazy("Registering an application requested by outreach"),
    predicate=can_register_referrals,
    obj=ObjectRef(ApplicationReferral),
)
def referral_register(request: CitizenRequest, pk: int) -> HttpResponse:
    """On to the registered application; a refusal for the request's state is a message
    in the inbox."""
    registered: list[Application] = []
    response = post_action(
        request,
        action=lambda _version: registered.append(
            services.referral_register(actor=request.user, referral_id=pk)
        ),
        done=_("The application has been registered with the request for fast track."),
        redirect_to=reverse("outreach:referral_inbox"),
    )
    if registered:
        return redirect("casework:application_detail", pk=registered[0].pk)
    return response


def _year(request: AuthenticatedRequest) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


@route("omraader/")
@require_GET
def area_overview(request: AuthenticatedRequest) -> HttpResponse:
    overview = selectors.area_overview(user=request.user, year=_year(request))
    return TemplateResponse(
        request,
        "outreach/area_overview.html",
        {"overview": overview, "can_read_team": can_read_team_caseload.test(request.user)},
    )


@route("medarbejder/<int:pk>/")
@require_http_methods(["GET", "POST"])
@not_citizen_data  # a staff member's area and capacity
def worker_place(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    current = selectors.worker_for_form(user=request.user, worker_id=pk)
    return form_page(
        request,
        form=WorkerForm(request.POST or None, initial=current.initial),
        save=lambda data, _version: services.worker_place(actor=request.user, worker_id=pk, **data),
        success_url=reverse("outreach:area_overview"),
        message=_("The worker's area and capacity have been saved."),
        context={
            "title": _("Area and capacity"),
            "subject": current.name,
            "back_url": reverse("outreach:area_overview"),
        },
        template="outreach/form.html",
    )


def _report_context(data: selectors.OutreachReport) -> dict[str, Any]:
    return {"report": data, "tables": reports.tables(data), "definitions": reports.definitions()}


_REPORT = report_views(
    read=lambda request: selectors.outreach_report(user=request.user),
    template="outreach/report.html",
    context=lambda request, data: _report_context(data),
    pdf_template="outreach/report_pdf.html",
    pdf_context=_report_context,
    sheets=reports.sheets,
    filename=lambda _data: "opsoegende-arbejde",
)
report = route("rapport/")(_REPORT.page)
report_xlsx = route("rapport/excel/")(_REPORT.xlsx)
report_pdf = route("rapport/pdf/")(_REPORT.pdf)
