"""Offer pages. Thin: parse the form, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roret.accounts.models import User
from roret.core.exports import pdf_response, xlsx_response
from roret.core.forms import add_service_errors
from roret.offers import reports, selectors, services
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
    ReportForm,
    SessionForm,
)
from roret.offers.models import Attendance
from roret.offers.rules import can_provide, can_read_outcomes, can_refer


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() else None


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    form = CatalogueSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return TemplateResponse(
        request,
        "offers/catalogue.html",
        {
            "form": form,
            "rows": selectors.offer_catalogue(query=query),
            "query": query,
            "can_refer": can_refer.test(_user(request)),
        },
    )


@require_http_methods(["GET", "POST"])
def referral_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can_refer.test(user):
        raise PermissionDenied
    citizen_id = _int_param(request, "citizen")
    offer_id = _int_param(request, "offer")
    offers = selectors.offers_for_referral()
    citizens = selectors.referral_citizen_choices(user=user, citizen_id=citizen_id)
    if request.method == "POST":
        form = ReferralForm(request.POST, citizens=citizens, offers=offers)
        if form.is_valid():
            try:
                services.referral_create(
                    actor=user,
                    citizen_id=form.cleaned_data["citizen"],
                    offer_id=form.cleaned_data["offer"].pk,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The referral has been sent to the provider."))
                return redirect("offers:referrals_sent")
    else:
        form = ReferralForm(
            initial={"citizen": citizen_id, "offer": offer_id}, citizens=citizens, offers=offers
        )
    shown = citizen_id if any(pk == citizen_id for pk, _name in citizens) else None
    selectors.referral_form_shown(user=user, citizen_id=shown)
    return TemplateResponse(request, "offers/referral_form.html", {"form": form})


@require_GET
def referrals_sent(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "offers/referrals_sent.html",
        {"referrals": selectors.referrals_sent(user=_user(request))},
    )


@require_GET
def intake(request: HttpRequest) -> HttpResponse:
    page = selectors.intake_page(user=_user(request))
    return TemplateResponse(request, "offers/intake.html", {"page": page})


@require_http_methods(["GET", "POST"])
def referral_accept(request: HttpRequest, pk: int) -> HttpResponse:
    """On a valid POST the service checks, writes and logs; otherwise the page shows the
    referral (one view entry)."""
    user = _user(request)
    if not can_provide.test(user):
        raise PermissionDenied
    runs = selectors.upcoming_course_runs(referral_id=pk)
    form = AcceptForm(
        request.POST or None,
        course_runs=runs,
        initial={"starts_on": timezone.localdate(), "course_run": runs.first()},
    )
    if request.method == "POST" and form.is_valid():
        run = form.cleaned_data["course_run"]
        try:
            services.referral_accept(
                actor=user,
                referral_id=pk,
                starts_on=form.cleaned_data["starts_on"],
                planned_end_on=form.cleaned_data["planned_end_on"],
                course_run_id=run.pk if run else None,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The referral has been accepted and the citizen enrolled."))
            return redirect("offers:intake")
    referral = selectors.referral_for_answer(
        user=user, referral_id=pk, purpose=gettext_lazy("Accepting a referral to an offer")
    )
    return TemplateResponse(
        request,
        "offers/answer_form.html",
        {"form": form, "referral": referral, "title": _("Accept the referral")},
    )


@require_http_methods(["GET", "POST"])
def referral_decline(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not can_provide.test(user):
        raise PermissionDenied
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_decline(
                actor=user, referral_id=pk, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The referral has been declined."))
            return redirect("offers:intake")
    referral = selectors.referral_for_answer(
        user=user, referral_id=pk, purpose=gettext_lazy("Declining a referral to an offer")
    )
    return TemplateResponse(
        request,
        "offers/answer_form.html",
        {"form": form, "referral": referral, "title": _("Decline the referral")},
    )


@require_http_methods(["GET", "POST"])
def enrolment_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not can_provide.test(user):
        raise PermissionDenied
    form = EndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_end(actor=user, enrolment_id=pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The enrolment has ended."))
            return redirect("offers:intake")
    enrolment = selectors.enrolment_for_end(user=user, enrolment_id=pk)
    return TemplateResponse(request, "offers/end_form.html", {"form": form, "enrolment": enrolment})


@require_GET
def course_run(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.course_run_page(user=_user(request), course_run_id=pk)
    return TemplateResponse(
        request,
        "offers/course_run.html",
        {"page": page, "form": ParticipantForm(candidates=page.candidates)},
    )


@require_http_methods(["GET", "POST"])
def course_run_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can_provide.test(user):
        raise PermissionDenied
    offers = selectors.provided_offers(user).select_related("legal_basis")
    form = CourseRunForm(request.POST or None, offers=offers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = services.course_run_create(
                actor=user,
                offer_id=data["offer"].pk,
                name=data["name"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                place=data["place"],
                themes=form.theme_list(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The course run has been created."))
            return redirect("offers:course_run", pk=run.pk)
    return TemplateResponse(
        request, "offers/setup_form.html", {"form": form, "title": _("New course run")}
    )


@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not can_provide.test(user):
        raise PermissionDenied
    course_run = selectors.course_run_for_provider(user=user, course_run_id=pk)
    form = SessionForm(request.POST or None, course_run=course_run)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_create(
                actor=user,
                course_run_id=pk,
                date=data["date"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                module_id=data["module"].pk if data["module"] else None,
                place=data["place"],
                facilitator_ids=[u.pk for u in data["facilitators"]],
                partner_ids=[p.pk for p in data["volunteer_partners"]],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The session has been added."))
            return redirect("offers:course_run", pk=pk)
    return TemplateResponse(
        request,
        "offers/setup_form.html",
        {"form": form, "title": _("New session"), "course_run": course_run},
    )


@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not can_provide.test(user):
        raise PermissionDenied
    candidates = selectors.participant_candidates(user=user, course_run_id=pk)
    form = ParticipantForm(request.POST, candidates=candidates)
    if form.is_valid():
        try:
            services.participant_add(
                actor=user, course_run_id=pk, enrolment_id=form.cleaned_data["enrolment"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The participant has been added."))
            return redirect("offers:course_run", pk=pk)
    page = selectors.course_run_page(user=user, course_run_id=pk)
    return TemplateResponse(request, "offers/course_run.html", {"page": page, "form": form})


@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole session on one screen, saved in one POST."""
    user = _user(request)
    if not can_provide.test(user):
        raise PermissionDenied
    form = None
    if request.method == "POST":
        ids = selectors.session_participant_ids(session_id=pk)
        form = AttendanceForm(request.POST, participant_ids=ids)
        if form.is_valid():
            try:
                session = services.attendance_register(
                    actor=user,
                    session_id=pk,
                    statuses=form.statuses(),
                    guidance_note=form.cleaned_data["guidance_note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The attendance has been saved."))
                return redirect("offers:course_run", pk=session.course_run_id)
    page = selectors.attendance_page(user=user, session_id=pk)
    if form is None:
        initial: dict[str, str] = {f"p{row.participant.pk}": row.status for row in page.rows}
        initial["guidance_note"] = page.session.guidance_note
        form = AttendanceForm(
            participant_ids=[row.participant.pk for row in page.rows], initial=initial
        )
    rows = [(row, form[f"p{row.participant.pk}"]) for row in page.rows]
    return TemplateResponse(
        request,
        "offers/attendance.html",
        {"page": page, "form": form, "rows": rows, "statuses": Attendance.Status.choices},
    )


@require_http_methods(["GET", "POST"])
def counselling(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can_provide.test(user):
        raise PermissionDenied
    offers = selectors.provided_offers(user).select_related("legal_basis")
    form = CounsellingForm(
        request.POST or None, offers=offers, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.counselling_tallies_record(
                actor=user,
                offer_id=form.cleaned_data["offer"].pk,
                held_on=form.cleaned_data["held_on"],
                counts=form.counts(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The counts have been saved."))
            return redirect("offers:counselling")
    return TemplateResponse(
        request,
        "offers/counselling.html",
        {"form": form, "tallies": selectors.counselling_recent(user=user)},
    )


def _report(request: HttpRequest) -> tuple[ReportForm, selectors.OutcomeReport]:
    user = _user(request)
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


def _query(request: HttpRequest) -> str:
    return request.GET.urlencode()


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    form, data = _report(request)
    return TemplateResponse(
        request,
        "offers/report.html",
        {
            "form": form,
            "report": data,
            "tables": reports.tables(data, with_trend=False),
            "chart": reports.trend_chart(data),
            "definitions": reports.definitions(),
            "query": _query(request),
        },
    )


@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    _form, data = _report(request)
    return xlsx_response(filename="tilbud-resultater.xlsx", sheets=reports.sheets(data))


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    _form, data = _report(request)
    return pdf_response(
        request=request,
        template="offers/report_pdf.html",
        context={
            "report": data,
            "tables": reports.tables(data),
            "definitions": reports.definitions(),
            "chart": reports.trend_chart(data),
            "svg": reports.trend_svg(data),
        },
        filename="tilbud-resultater.pdf",
    )
