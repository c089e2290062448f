"""Offer pages. Thin: parse the form, call one selector or service, render.

A referral and an enrolment are one citizen's objects: their pages are behind the citizen
gate, which decides and logs the page; the service checks again and logs the write. Course
runs, sessions and the counselling tallies are the offer's own: their routes name no citizen
(``not_citizen_data``); where such a page lists participants, its selector logs the list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roret.accounts.http import AuthenticatedRequest
from roret.core.exports import report_views
from roret.core.forms import form_page, post_action
from roret.core.paging import page_request, page_requests
from roret.core.routing import route
from roret.offers import reports, selectors, services
from roret.offers.filters import IntakeFilterForm, ReferralsFilterForm
from roret.offers.forms import (
    AcceptForm,
    AttendanceForm,
    CatalogueSearchForm,
    CounsellingForm,
    CourseRunForm,
    DeclineForm,
    EndForm,
    ParticipantForm,
    ReferralForm,
    ReferralSearchForm,
    ReportForm,
    SessionForm,
)
from roret.offers.models import Attendance, Enrolment, Referral
from roret.offers.rules import can_provide, can_read_outcomes, can_refer, provides_offer
from roret.people.gate import (
    FormCall,
    ObjectRef,
    View,
    for_object,
    form_route,
    not_citizen_data,
    read_object,
)
from roret.people.selectors import citizen_search

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from roret.people.gate import FormCall, Save, View


def _int_param(request: AuthenticatedRequest, name: str, *, posted: bool = False) -> int | None:
    value = (request.POST if posted else request.GET).get(name, "")
    return int(value) if value.isdigit() else None


def _shown(response: HttpResponse) -> bool:
    """Whether ``form_page`` showed the page (rather than redirecting after a save)."""
    return isinstance(response, TemplateResponse)


@route("")
@require_GET
def catalogue(request: AuthenticatedRequest) -> HttpResponse:
    form = CatalogueSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return TemplateResponse(
        request,
        "offers/catalogue.html",
        {
            "form": form,
            "rows": selectors.offer_catalogue(query=query),
            "query": query,
            "can_refer": can_refer.test(request.user),
        },
    )


@route("henvisninger/ny/")
@require_http_methods(["GET", "POST"])
def referral_create(request: AuthenticatedRequest) -> HttpResponse:
    """The citizen is found with a search among those the user may see (a POST: a CPR
    number never in the URL) or comes from the query string (a link from a search result or
    the citizen's page), never from a list of everyone. A search logs its own entry, a page
    showing the chosen citizen one entry, a valid POST only its write."""
    user = request.user
    if not can_refer.test(user):
        raise PermissionDenied
    posted = request.method == "POST"
    offer_id = _int_param(request, "offer", posted=posted) or _int_param(request, "offer")
    context: dict[str, object] = {"offer_id": offer_id, "result": None}
    if "query" in request.POST:
        search_form = ReferralSearchForm(request.POST)
        if search_form.is_valid():
            try:
                context["result"] = citizen_search(
                    user=user, query=search_form.cleaned_data["query"]
                )
            except ValidationError as exc:
                search_form.add_error("query", exc.messages)
        return TemplateResponse(
            request,
            "offers/referral_form.html",
            {**context, "search_form": search_form, "form": None, "chosen": None},
        )
    chosen = selectors.referral_citizen(
        user=user, citizen_id=_int_param(request, "citizen", posted=posted)
    )
    form = ReferralForm(
        request.POST or None,
        initial={"citizen": chosen.pk if chosen else None, "offer": offer_id},
        chosen_id=chosen.pk if chosen else None,
        offers=selectors.offers_for_referral(),
    )
    response = form_page(
        request,
        form=form,
        save=lambda data, _version: services.referral_create(
            actor=user,
            citizen_id=data["citizen"],
            offer_id=data["offer"].pk,
            reason=data["reason"],
        ),
        success_url=reverse("offers:referrals_sent"),
        message=_("The referral has been sent to the provider."),
        context={**context, "search_form": ReferralSearchForm(), "chosen": chosen},
        template="offers/referral_form.html",
    )
    if _shown(response) and chosen is not None:
        selectors.referral_form_shown(user=user, citizen_id=chosen.pk)
    return response


@route("henvisninger/")
@require_GET
def referrals_sent(request: AuthenticatedRequest) -> HttpResponse:
    form = ReferralsFilterForm(request.GET, offers=selectors.offers_for_referral())
    values = form.values()
    referrals = selectors.referrals_sent(
        user=request.user,
        status=values["status"] or "",
        offer_id=values["offer"].pk if values["offer"] else None,
        start=values["start"],
        end=values["end"],
        paging=page_request(request.GET),
        filters=form.describe(),
    )
    return TemplateResponse(
        request, "offers/referrals_sent.html", {"referrals": referrals, "form": form}
    )


@route("modtagelse/")
@require_GET
def intake(request: AuthenticatedRequest) -> HttpResponse:
    form = IntakeFilterForm(request.GET, offers=selectors.provided_offers(request.user))
    values = form.values()
    page = selectors.intake_page(
        user=request.user,
        offer_id=values["offer"].pk if values["offer"] else None,
        enrolment_status=values["status"] or "running",
        start=values["start"],
        end=values["end"],
        paging=page_requests(request.GET, selectors.INTAKE_LISTS),
        filters=form.describe(),
    )
    return TemplateResponse(request, "offers/intake.html", {"page": page, "form": form})


_REFERRAL = ObjectRef(Referral)
_ENROLMENT = ObjectRef(Enrolment)


def _answer_context(call: FormCall, title: StrOrPromise) -> dict[str, object]:
    """What the answer page shows besides the form: the form only where the user can
    answer (the service refuses the others)."""
    referral = call.page
    own = bool(provides_offer.test(call.user, referral.offer))
    return {
        "referral": referral,
        "citizen": call.citizen,
        "can_answer": own and referral.status == Referral.Status.PENDING,
        "own_offer": own,
        "title": title,
    }


def _answer_form(
    *,
    purpose: StrOrPromise,
    title: StrOrPromise,
    form: Callable[[FormCall], forms.BaseForm],
    save: Save,
    message: StrOrPromise,
) -> View:
    """The provider's answer to a referral, back to the intake queue."""
    return form_route(
        purpose=purpose,
        predicate=can_provide,
        obj=_REFERRAL,
        page=read_object(selectors.referral_for_answer, "referral_id"),
        form=form,
        save=save,
        success_url=lambda call, _result: reverse("offers:intake"),
        message=message,
        context=lambda call: _answer_context(call, title),
        template="offers/answer_form.html",
        editing=lambda call: call.page,
    )


def _accept_form(call: FormCall) -> forms.BaseForm:
    runs = selectors.upcoming_course_runs(referral_id=call.kwargs["pk"])
    return AcceptForm(
        call.data,
        course_runs=runs,
        initial={"starts_on": timezone.localdate(), "course_run": runs.first()},
    )


referral_accept = route("henvisninger/<int:pk>/accepter/")(
    _answer_form(
        purpose=services.ACCEPT_PURPOSE,
        title=gettext_lazy("Accept the referral"),
        form=_accept_form,
        save=lambda call, data, version: services.referral_accept(
            actor=call.user,
            referral_id=call.kwargs["pk"],
            starts_on=data["starts_on"],
            planned_end_on=data["planned_end_on"],
            course_run_id=data["course_run"].pk if data["course_run"] else None,
            version=version,
        ),
        message=gettext_lazy("The referral has been accepted and the citizen enrolled."),
    )
)
referral_decline = route("henvisninger/<int:pk>/afvis/")(
    _answer_form(
        purpose=services.DECLINE_PURPOSE,
        title=gettext_lazy("Decline the referral"),
        form=lambda call: DeclineForm(call.data),
        save=lambda call, data, version: services.referral_decline(
            actor=call.user, referral_id=call.kwargs["pk"], reason=data["reason"], version=version
        ),
        message=gettext_lazy("The referral has been declined."),
    )
)


def _end_context(call: FormCall) -> dict[str, object]:
    enrolment = call.page
    own = bool(provides_offer.test(call.user, enrolment.offer))
    return {
        "enrolment": enrolment,
        "citizen": call.citizen,
        "can_end": own and enrolment.is_active,
        "own_offer": own,
    }


enrolment_end = route("forloeb/<int:pk>/afslut/")(
    form_route(
        purpose=services.END_PURPOSE,
        predicate=can_provide,
        obj=_ENROLMENT,
        page=read_object(selectors.enrolment_for_end, "enrolment_id"),
        form=lambda call: EndForm(call.data, initial={"ends_on": timezone.localdate()}),
        save=for_object(services.enrolment_end, "enrolment_id"),
        success_url=lambda call, _result: reverse("offers:intake"),
        message=gettext_lazy("The enrolment has ended."),
        context=_end_context,
        template="offers/end_form.html",
        editing=lambda call: call.page,
    )
)


# A course run's page lists its participants, several citizens: it names no one citizen, so
# it is not behind the citizen gate (which decides on one); its selector checks the provider
# and need-to-know and logs the list as one search entry.
@route("hold/<int:pk>/")
@require_GET
@not_citizen_data
def course_run(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    page = selectors.course_run_page(user=request.user, course_run_id=pk)
    return TemplateResponse(
        request,
        "offers/course_run.html",
        {"page": page, "form": ParticipantForm(candidates=page.candidates)},
    )


@route("hold/ny/")
@require_http_methods(["GET", "POST"])
def course_run_create(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not can_provide.test(user):
        raise PermissionDenied
    offers = selectors.provided_offers(user).select_related("legal_basis")
    form = CourseRunForm(request.POST or None, offers=offers)
    return form_page(
        request,
        form=form,
        save=lambda data, _version: services.course_run_create(
            actor=user,
            offer_id=data["offer"].pk,
            name=data["name"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            place=data["place"],
            themes=form.theme_list(),
        ),
        success_url=lambda run: reverse("offers:course_run", args=[run.pk]),
        message=_("The course run has been created."),
        context={"title": _("New course run")},
        template="offers/setup_form.html",
    )


# The course run's set-up: dates, modules, staff and partners, no citizen data.
@route("hold/<int:pk>/moeder/ny/")
@require_http_methods(["GET", "POST"])
@not_citizen_data
def session_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    user = request.user
    if not can_provide.test(user):
        raise PermissionDenied
    run = selectors.course_run_for_provider(user=user, course_run_id=pk)
    return form_page(
        request,
        form=SessionForm(request.POST or None, course_run=run),
        save=lambda data, _version: services.session_create(
            actor=user,
            course_run_id=pk,
            date=data["date"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            module_id=data["module"].pk if data["module"] else None,
            place=data["place"],
            facilitator_ids=[u.pk for u in data["facilitators"]],
            partner_ids=[p.pk for p in data["volunteer_partners"]],
        ),
        success_url=reverse("offers:course_run", args=[pk]),
        message=_("The session has been added."),
        context={"title": _("New session"), "course_run": run},
        template="offers/setup_form.html",
    )


# The path names the course run; the enrolment comes in the form. The service is
# authoritative: it locks the enrolment, checks the provider and need-to-know (a refusal is
# logged) and logs the write on the citizen.
@route("hold/<int:pk>/deltagere/")
@require_POST
@not_citizen_data
def participant_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    if not can_provide.test(request.user):
        raise PermissionDenied
    return post_action(
        request,
        action=lambda _version: services.participant_add(
            actor=request.user,
            course_run_id=pk,
            enrolment_id=_int_param(request, "enrolment", posted=True),
        ),
        done=_("The participant has been added."),
        redirect_to=reverse("offers:course_run", args=[pk]),
    )


# The session's attendance list is the group's page, several citizens on one screen, and
# the path names the session: not behind the one-citizen gate. The list is logged as one
# search entry when shown; a save is logged by the service, one entry per citizen whose
# attendance it writes, each after the service has checked that citizen's need-to-know.
@route("moeder/<int:pk>/fremmoede/")
@require_http_methods(["GET", "POST"])
@not_citizen_data
def attendance(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The whole session on one screen, saved in one POST."""
    user = request.user
    if not can_provide.test(user):
        raise PermissionDenied
    page = selectors.attendance_page(user=user, session_id=pk)
    initial: dict[str, str] = {f"p{row.participant.pk}": row.status for row in page.rows}
    initial["guidance_note"] = page.session.guidance_note
    # A POST is a save even when no status is chosen (the note alone).
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        participant_ids=[row.participant.pk for row in page.rows],
        initial=initial,
    )
    response = form_page(
        request,
        form=form,
        save=lambda data, _version: services.attendance_register(
            actor=user,
            session_id=pk,
            statuses=form.statuses(),
            guidance_note=data["guidance_note"],
        ),
        success_url=reverse("offers:course_run", args=[page.session.course_run_id]),
        message=_("The attendance has been saved."),
        context={
            "page": page,
            "rows": [(row, form[f"p{row.participant.pk}"]) for row in page.rows],
            "statuses": Attendance.Status.choices,
        },
        template="offers/attendance.html",
    )
    if _shown(response):
        selectors.attendance_page_shown(user=user, session=page.session)
    return response


@route("raadgivning/")
@require_http_methods(["GET", "POST"])
def counselling(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not can_provide.test(user):
        raise PermissionDenied
    offers = selectors.provided_offers(user).select_related("legal_basis")
    form = CounsellingForm(
        request.POST or None, offers=offers, initial={"held_on": timezone.localdate()}
    )
    return form_page(
        request,
        form=form,
        save=lambda data, _version: services.counselling_tallies_record(
            actor=user, offer_id=data["offer"].pk, held_on=data["held_on"], counts=form.counts()
        ),
        success_url=reverse("offers:counselling"),
        message=_("The counts have been saved."),
        context={"tallies": selectors.counselling_recent(user=user)},
        template="offers/counselling.html",
    )


def _report(request: AuthenticatedRequest) -> tuple[ReportForm, selectors.OutcomeReport]:
    user = request.user
    if not can_read_outcomes.test(user):
        raise PermissionDenied
    today = timezone.localdate()
    default_start, default_end = selectors.default_period(today)
    form = ReportForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    offer = data.get("offer")
    report = selectors.outcome_report(
        user=user,
        offer_id=offer.pk if offer else None,
        start=data.get("start") or default_start,
        end=data.get("end") or default_end,
        today=today,
    )
    return form, report


def _report_page(
    request: HttpRequest, read: tuple[ReportForm, selectors.OutcomeReport]
) -> dict[str, Any]:
    form, data = read
    return {
        "form": form,
        "report": data,
        "tables": reports.tables(data, with_trend=False),
        "chart": reports.trend_chart(data),
        "definitions": reports.definitions(),
        "query": request.GET.urlencode(),
    }


def _report_pdf(read: tuple[ReportForm, selectors.OutcomeReport]) -> dict[str, Any]:
    _form, data = read
    return {
        "report": data,
        "tables": reports.tables(data),
        "definitions": reports.definitions(),
        "chart": reports.trend_chart(data),
        "svg": reports.trend_svg(data),
    }


_REPORT = report_views(
    read=_report,
    template="offers/report.html",
    context=_report_page,
    pdf_template="offers/report_pdf.html",
    pdf_context=_report_pdf,
    sheets=lambda read: reports.sheets(read[1]),
    filename=lambda _read: "tilbud-resultater",
)
report = route("rapport/")(_REPORT.page)
report_xlsx = route("rapport/excel/")(_REPORT.xlsx)
report_pdf = route("rapport/pdf/")(_REPORT.pdf)
