"""Casework pages. Thin: parse a form, call one selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roret.accounts.models import User
from roret.casework import reports, selectors, services
from roret.casework.forms import (
    ApplicationForm,
    DecisionForm,
    FastTrackForm,
    NoticeForm,
    QueueFilterForm,
)
from roret.casework.rules import (
    can_decide_fast_track,
    can_handle_applications,
    can_request_fast_track,
)
from roret.core.exports import pdf_response, xlsx_response

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _queue(request: HttpRequest, scope: str) -> HttpResponse:
    user = _user(request)
    form = QueueFilterForm(request.GET or None)
    legal_basis_id, status = None, "open"
    if form.is_bound and form.is_valid():
        basis = form.cleaned_data["legal_basis"]
        legal_basis_id = basis.pk if basis else None
        status = form.cleaned_data["status"] or "open"
    queue = selectors.application_queue(
        user=user, scope=scope, legal_basis_id=legal_basis_id, status=status
    )
    return TemplateResponse(request, "casework/queue.html", {"queue": queue, "form": form})


@require_GET
def my_queue(request: HttpRequest) -> HttpResponse:
    return _queue(request, "mine")


@require_GET
def team_queue(request: HttpRequest) -> HttpResponse:
    return _queue(request, "team")


@require_GET
def citizen_applications(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    page = selectors.citizen_applications(user=user, citizen_id=pk)
    return TemplateResponse(
        request,
        "casework/citizen_applications.html",
        {"page": page, "citizen": page.citizen, "can_create": can_handle_applications.test(user)},
    )


@require_http_methods(["GET", "POST"])
def application_create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    if not can_handle_applications.test(user):
        raise PermissionDenied
    form = ApplicationForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                actor=user, citizen_id=pk, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The application has been registered."))
            return redirect("casework:application_detail", pk=application.pk)
    citizen = selectors.citizen_applications(user=user, citizen_id=pk).citizen
    return TemplateResponse(
        request,
        "casework/form.html",
        {
            "form": form,
            "citizen": citizen,
            "title": _("New application"),
            "back": ("casework:citizen_applications", citizen.pk),
        },
    )


def _add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    from roret.core.forms import add_service_errors

    add_service_errors(form, exc)


@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    page = selectors.application_page(user=user, application_id=pk)
    application = page.application
    return TemplateResponse(
        request,
        "casework/application_detail.html",
        {
            "page": page,
            "application": application,
            "citizen": page.citizen,
            "can_handle": can_handle_applications.test(user)
            and application.department_id in user.department_ids,
            "can_request_fast_track": can_request_fast_track.test(user)
            and application.is_open
            and not application.fast_track
            and page.pending_request is None,
            "can_decide_fast_track": can_decide_fast_track.test(user)
            and application.department_id in user.department_ids,
        },
    )


def _application_form_page(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.BaseForm],
    allowed: bool,
    purpose: StrOrPromise,
    title: str,
    save: Callable[[User, dict[str, Any]], object],
    success_message: str,
) -> HttpResponse:
    """A form about one application: a valid POST calls the service (which logs); otherwise
    the page shows the application (one view entry)."""
    user = _user(request)
    if not allowed:
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(user, form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, success_message)
            return redirect("casework:application_detail", pk=pk)
    page = selectors.application_page(user=user, application_id=pk, purpose=purpose)
    return TemplateResponse(
        request,
        "casework/form.html",
        {
            "form": form,
            "citizen": page.citizen,
            "application": page.application,
            "title": title,
            "back": ("casework:application_detail", pk),
        },
    )


@require_http_methods(["GET", "POST"])
def application_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_form_page(
        request,
        pk,
        form_class=DecisionForm,
        allowed=bool(can_handle_applications.test(_user(request))),
        purpose=gettext_lazy("Deciding an application"),
        title=_("Record the decision"),
        save=lambda user, data: services.application_decide(actor=user, application_id=pk, **data),
        success_message=_("The decision has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def application_notice(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_form_page(
        request,
        pk,
        form_class=NoticeForm,
        allowed=bool(can_handle_applications.test(_user(request))),
        purpose=gettext_lazy("Recording a notice of a later decision"),
        title=_("Notice of the expected decision date"),
        save=lambda user, data: services.application_record_notice(
            actor=user, application_id=pk, **data
        ),
        success_message=_("The notice has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def fast_track_request(request: HttpRequest, pk: int) -> HttpResponse:
    return _application_form_page(
        request,
        pk,
        form_class=FastTrackForm,
        allowed=bool(can_request_fast_track.test(_user(request))),
        purpose=gettext_lazy("Requesting fast track"),
        title=_("Request fast track"),
        save=lambda user, data: services.fast_track_request(actor=user, application_id=pk, **data),
        success_message=_("Fast track has been requested. A team leader decides."),
    )


def _post_action(
    request: HttpRequest, pk: int, action: Callable[[], object], done: str
) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("casework:application_detail", pk=pk)


@require_POST
def application_assess(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    return _post_action(
        request,
        pk,
        lambda: services.application_start_assessment(actor=user, application_id=pk),
        _("The application is being assessed."),
    )


@require_POST
def fast_track_decide(request: HttpRequest, pk: int, request_pk: int) -> HttpResponse:
    user = _user(request)
    approve = request.POST.get("decision") == "approve"
    return _post_action(
        request,
        pk,
        lambda: services.fast_track_decide(actor=user, request_id=request_pk, approve=approve),
        _("Fast track has been approved.") if approve else _("Fast track has been rejected."),
    )


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    data = selectors.processing_report(user=_user(request))
    return TemplateResponse(
        request,
        "casework/report.html",
        {
            "report": data,
            "tables": reports.tables(data),
            "charts": reports.charts(data),
            "definitions": reports.definitions(),
        },
    )


@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    data = selectors.processing_report(user=_user(request))
    return xlsx_response(filename="sagsbehandlingstider.xlsx", sheets=reports.sheets(data))


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    data = selectors.processing_report(user=_user(request))
    return pdf_response(
        request=request,
        template="casework/report_pdf.html",
        context={
            "report": data,
            "tables": reports.tables(data),
            "definitions": reports.definitions(),
        },
        filename="sagsbehandlingstider.pdf",
    )


@login_not_required
@require_GET
def processing_times(request: HttpRequest) -> HttpResponse:
    data = selectors.public_processing_times()
    return TemplateResponse(
        request,
        "casework/processing_times.html",
        {"report": data, "rows": reports.public_rows(data)},
    )
