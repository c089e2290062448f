"""Outreach pages. Thin: parse the form, call one selector or service, render."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roret.accounts.models import User
from roret.core.exports import pdf_response, xlsx_response
from roret.core.forms import add_service_errors
from roret.offers import selectors as offer_selectors
from roret.offers import services as offer_services
from roret.offers.forms import ReferralForm as OfferReferralForm
from roret.offers.rules import can_refer
from roret.outreach import reports, selectors, services
from roret.outreach.forms import (
    AnonymousContactForm,
    CaseloadForm,
    CitizenContactForm,
    ContactForm,
    IdentifyForm,
    ReferralForm,
    WorkerForm,
)
from roret.outreach.rules import can_read_team_caseload, can_record_contacts
from roret.people.forms import CitizenSearchForm
from roret.people.selectors import SearchResult, citizen_search
from roret.plans.forms import AgreementForm
from roret.plans.rules import can_follow_up_plans
from roret.plans.selectors import current_plan_id, plan_for_form
from roret.plans.services import agreement_add

AGREEMENT_DUE_DAYS = 14


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _today_initial() -> dict[str, Any]:
    return {"occurred_on": timezone.localdate()}


@require_GET
def contact_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page = selectors.worker_page(user=user)
    return TemplateResponse(
        request,
        "outreach/contact_list.html",
        {"page": page, "can_read_team": can_read_team_caseload.test(user)},
    )


@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest) -> HttpResponse:
    """A contact with a person not (yet) known to the system."""
    user = _user(request)
    if not can_record_contacts.test(user):
        raise PermissionDenied
    form = AnonymousContactForm(request.POST or None, initial=_today_initial())
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.anonymous_contact_record(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact has been recorded."))
            return redirect("outreach:contact_detail", pk=contact.pk)
    return TemplateResponse(
        request,
        "outreach/form.html",
        {"form": form, "title": _("New contact with an anonymous person"), "subject": ""},
    )


@require_http_methods(["GET", "POST"])
def person_contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Another contact with an anonymous person met before."""
    user = _user(request)
    person = selectors.anonymous_person_page(user=user, person_id=pk).person
    form = ContactForm(request.POST or None, initial=_today_initial())
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.anonymous_contact_record(
                actor=user, anonymous_person_id=pk, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact has been recorded."))
            return redirect("outreach:contact_detail", pk=contact.pk)
    return TemplateResponse(
        request,
        "outreach/form.html",
        {"form": form, "title": _("New contact"), "subject": person.alias},
    )


@require_http_methods(["GET", "POST"])
def citizen_contact_create(request: HttpRequest, citizen_pk: int) -> HttpResponse:
    user = _user(request)
    citizen = selectors.citizen_for_contact_form(user=user, citizen_id=citizen_pk)
    form = CitizenContactForm(request.POST or None, citizen=citizen, initial=_today_initial())
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.citizen_contact_record(
                actor=user, citizen_id=citizen_pk, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The contact has been recorded."))
            return redirect("outreach:contact_detail", pk=contact.pk)
    return TemplateResponse(
        request,
        "outreach/form.html",
        {"form": form, "title": _("New contact"), "subject": citizen.full_name},
    )


@require_GET
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.contact_page(user=_user(request), contact_id=pk)
    return TemplateResponse(
        request,
        "outreach/contact_detail.html",
        {"page": page, "contact": page.contact, "citizen": page.citizen},
    )


@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.anonymous_person_page(user=_user(request), person_id=pk)
    return TemplateResponse(request, "outreach/person_detail.html", {"page": page})


@require_http_methods(["GET", "POST"])
def person_identify(request: HttpRequest, pk: int) -> HttpResponse:
    """Find the citizen with the existing search (a POST: CPR never in the URL), then
    choose them. Choosing moves the earlier contacts to the citizen."""
    user = _user(request)
    person = selectors.anonymous_person_page(user=user, person_id=pk).person
    search_form = CitizenSearchForm()
    result: SearchResult | None = None
    if request.method == "POST" and "citizen" in request.POST:
        choice = IdentifyForm(request.POST)
        if choice.is_valid():
            try:
                services.anonymous_person_identify(
                    actor=user,
                    anonymous_person_id=pk,
                    citizen_id=choice.cleaned_data["citizen"],
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request, _("The person has been identified. The contacts now belong to them.")
                )
                return redirect("people:citizen_detail", pk=choice.cleaned_data["citizen"])
    elif request.method == "POST":
        search_form = CitizenSearchForm(request.POST)
        if search_form.is_valid():
            try:
                result = citizen_search(user=user, query=search_form.cleaned_data["query"])
            except ValidationError as exc:
                search_form.add_error("query", exc.messages)
    return TemplateResponse(
        request,
        "outreach/identify.html",
        {"person": person, "form": search_form, "result": result},
    )


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    """From a contact: ask for an application with fast track, prefilled from the contact."""
    user = _user(request)
    contact = selectors.contact_for_form(
        user=user, contact_id=pk, purpose=gettext_lazy("Requesting an application with fast track")
    )
    topics = ", ".join(contact.topic_labels)
    initial = {
        "applied_for": "; ".join(filter(None, [topics, contact.next_step])),
        "reason": _("Met by outreach on %(date)s (%(place)s).")
        % {
            "date": contact.occurred_on.strftime("%d.%m.%Y"),
            "place": contact.get_place_display().lower(),
        },
    }
    form = ReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(actor=user, contact_id=pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("The request has been sent to the team, which registers the application."),
            )
            return redirect("outreach:contact_detail", pk=pk)
    return TemplateResponse(
        request,
        "outreach/form.html",
        {
            "form": form,
            "title": _("Application with fast track"),
            "subject": contact.citizen.full_name if contact.citizen else "",
        },
    )


@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    """From a contact: an agreement in the citizen's plan, prefilled with the next step."""
    user = _user(request)
    if not can_follow_up_plans.test(user):
        raise PermissionDenied
    purpose = gettext_lazy("Recording an agreement in the citizen's plan")
    contact = selectors.contact_of_citizen(user=user, contact_id=pk)
    # Refuses (404, logged) a citizen the user may not see; the plan form logs the one view.
    plan_id = current_plan_id(user=user, citizen_id=contact.citizen_id)
    if plan_id is None:
        messages.error(request, _("The citizen has no plan yet."))
        return redirect("outreach:contact_detail", pk=pk)
    plan = plan_for_form(user=user, plan_id=plan_id, purpose=purpose)
    initial = {
        "description": contact.contact.next_step,
        "due_on": timezone.localdate() + datetime.timedelta(days=AGREEMENT_DUE_DAYS),
    }
    form = AgreementForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agreement_add(actor=user, plan_id=plan_id, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The agreement has been recorded in the plan."))
            return redirect("plans:plan_detail", pk=plan_id)
    return TemplateResponse(
        request,
        "outreach/form.html",
        {
            "form": form,
            "title": _("Agreement in the plan"),
            "subject": plan.citizen.full_name,
        },
    )


def _referral_reason(contact: Any) -> str:
    """What the worker already wrote at the contact, so the referral needs no retyping."""
    parts = [f"{contact.occurred_on:%d.%m.%Y}: {contact.get_place_display()}"]
    if contact.topic_labels:
        parts.append(", ".join(str(label) for label in contact.topic_labels))
    if contact.next_step:
        parts.append(contact.next_step)
    return ". ".join(parts)


@require_http_methods(["GET", "POST"])
def offer_referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    """From a contact: refer the citizen to an offer, the reason prefilled from the contact."""
    user = _user(request)
    if not can_refer.test(user):
        raise PermissionDenied
    offers = offer_selectors.offers_for_referral()
    if request.method == "POST":
        # The offers service checks need-to-know and logs the write: the request's one entry.
        known = selectors.contact_of_citizen(user=user, contact_id=pk)
        form = OfferReferralForm(
            {**request.POST.dict(), "citizen": known.citizen_id},
            citizens=[(known.citizen_id, "")],
            offers=offers,
        )
        if form.is_valid():
            try:
                offer_services.referral_create(
                    actor=user,
                    citizen_id=known.citizen_id,
                    offer_id=form.cleaned_data["offer"].pk,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The referral has been sent to the provider."))
                return redirect("outreach:contact_detail", pk=pk)
    purpose = gettext_lazy("Referring the citizen to an offer")
    contact = selectors.contact_for_form(user=user, contact_id=pk, purpose=purpose)
    citizen = contact.citizen
    if citizen is None:  # contact_for_form only returns a known citizen's contact
        raise Http404
    citizens = [(citizen.pk, citizen.full_name)]
    if request.method != "POST":
        form = OfferReferralForm(
            initial={"citizen": citizen.pk, "reason": _referral_reason(contact)},
            citizens=citizens,
            offers=offers,
        )
    else:
        form.fields["citizen"].choices = citizens  # type: ignore[attr-defined]
    form.fields["citizen"].disabled = True
    return TemplateResponse(
        request,
        "outreach/form.html",
        {"form": form, "title": _("Refer to an offer"), "subject": citizen.full_name},
    )


@require_http_methods(["GET", "POST"])
def caseload_start(request: HttpRequest, citizen_pk: int) -> HttpResponse:
    user = _user(request)
    citizen = selectors.citizen_for_contact_form(user=user, citizen_id=citizen_pk)
    form = CaseloadForm(
        request.POST or None,
        user=user,
        citizen=citizen,
        initial={"starts_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.caseload_start(actor=user, citizen_id=citizen_pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("You now follow the citizen."))
            return redirect("people:citizen_detail", pk=citizen_pk)
    return TemplateResponse(
        request,
        "outreach/form.html",
        {"form": form, "title": _("Follow the citizen"), "subject": citizen.full_name},
    )


@require_POST
def caseload_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    try:
        entry = services.caseload_end(actor=user, entry_id=pk, ends_on=timezone.localdate())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("outreach:contact_list")
    messages.success(request, _("The follow-up has ended."))
    return redirect("people:citizen_detail", pk=entry.citizen_id)


@require_GET
def team_caseload(request: HttpRequest) -> HttpResponse:
    try:
        days = int(request.GET.get("days", selectors.DEFAULT_NOT_SEEN))
    except ValueError:
        days = selectors.DEFAULT_NOT_SEEN
    result = selectors.team_caseload(user=_user(request), days=days)
    return TemplateResponse(
        request,
        "outreach/team_caseload.html",
        {"result": result, "choices": selectors.NOT_SEEN_CHOICES},
    )


@require_GET
def referral_inbox(request: HttpRequest) -> HttpResponse:
    rows = selectors.referral_inbox(user=_user(request))
    return TemplateResponse(request, "outreach/referral_inbox.html", {"referrals": rows})


@require_POST
def referral_register(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        application = services.referral_register(actor=_user(request), referral_id=pk)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("outreach:referral_inbox")
    messages.success(
        request, _("The application has been registered with the request for fast track.")
    )
    return redirect("casework:application_detail", pk=application.pk)


def _year(request: HttpRequest) -> int | None:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


@require_GET
def area_overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    overview = selectors.area_overview(user=user, year=_year(request))
    return TemplateResponse(
        request,
        "outreach/area_overview.html",
        {"overview": overview, "can_read_team": can_read_team_caseload.test(user)},
    )


@require_http_methods(["GET", "POST"])
def worker_place(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    current = selectors.worker_for_form(user=user, worker_id=pk)
    form = WorkerForm(request.POST or None, initial=current.initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.worker_place(actor=user, worker_id=pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The worker's area and capacity have been saved."))
            return redirect("outreach:area_overview")
    return TemplateResponse(
        request,
        "outreach/form.html",
        {
            "form": form,
            "title": _("Area and capacity"),
            "subject": current.name,
            "back_url": reverse("outreach:area_overview"),
        },
    )


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    data = selectors.outreach_report(user=_user(request))
    return TemplateResponse(
        request,
        "outreach/report.html",
        {"report": data, "tables": reports.tables(data), "definitions": reports.definitions()},
    )


@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    data = selectors.outreach_report(user=_user(request))
    return xlsx_response(filename="opsoegende-arbejde.xlsx", sheets=reports.sheets(data))


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    data = selectors.outreach_report(user=_user(request))
    return pdf_response(
        request=request,
        template="outreach/report_pdf.html",
        context={
            "report": data,
            "tables": reports.tables(data),
            "definitions": reports.definitions(),
        },
        filename="opsoegende-arbejde.pdf",
    )
