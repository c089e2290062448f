"""Casework pages. Thin: parse a form, call one selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from roret.accounts.http import AuthenticatedRequest
from roret.casework import reports, selectors, services
from roret.casework.filters import QueueFilterForm
from roret.casework.forms import (
    ApplicationForm,
    DecisionForm,
    FastTrackForm,
    NoticeForm,
)
from roret.casework.models import Application
from roret.casework.rules import (
    can_decide_fast_track,
    can_handle_applications,
    can_read_applications,
    can_request_fast_track,
)
from roret.core.exports import report_views
from roret.core.forms import post_action
from roret.core.paging import page_request
from roret.core.routing import route
from roret.people.gate import (
    CitizenRequest,
    ObjectRef,
    citizen_action,
    citizen_route,
    for_citizen,
    for_object,
    form_route,
    read_object,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from roret.people.gate import View


def _queue(request: AuthenticatedRequest, scope: str) -> HttpResponse:
    form = QueueFilterForm(request.GET, user=request.user if scope == "team" else None)
    values = form.values()
    basis, team = values["legal_basis"], values.get("team")
    queue = selectors.application_queue(
        user=request.user,
        scope=scope,
        legal_basis_id=basis.pk if basis else None,
        status=values["status"] or "open",
        team_id=team.pk if team else None,
        received_from=values["start"],
        received_until=values["end"],
        paging=page_request(request.GET),
    )
    return TemplateResponse(request, "casework/queue.html", {"queue": queue, "form": form})


@route("")
@require_GET
def my_queue(request: AuthenticatedRequest) -> HttpResponse:
    return _queue(request, "mine")


@route("team/")
@require_GET
def team_queue(request: AuthenticatedRequest) -> HttpResponse:
    return _queue(request, "team")


@route("borger/<int:pk>/")
@require_GET
@citizen_route(purpose=gettext_lazy("The citizen's applications"), predicate=can_read_applications)
def citizen_applications(request: CitizenRequest, pk: int) -> HttpResponse:
    page = selectors.citizen_applications(access=request.citizen_access)
    return TemplateResponse(
        request,
        "casework/citizen_applications.html",
        {
            "page": page,
            "citizen": page.citizen,
            "can_create": can_handle_applications.test(request.user),
        },
    )


application_create = route("borger/<int:pk>/ny/")(
    form_route(
        purpose=gettext_lazy("Registering an application"),
        predicate=can_handle_applications,
        form=lambda call: ApplicationForm(call.data, user=call.user),
        save=for_citizen(services.application_create),
        success_url=lambda call, application: _detail_url(application.pk),
        message=gettext_lazy("The application has been registered."),
        context=lambda call: {
            "citizen": call.citizen,
            "title": _("New application"),
            "back_url": reverse("casework:citizen_applications", args=[call.access.citizen_id]),
        },
    )
)


_APPLICATION = ObjectRef(Application)


@route("ansoegning/<int:pk>/")
@require_GET
@citizen_route(
    purpose=gettext_lazy("Application"),
    predicate=can_read_applications,
    obj=_APPLICATION,
)
def application_detail(request: CitizenRequest, pk: int) -> HttpResponse:
    user = request.user
    page = selectors.application_page(access=request.citizen_access, application_id=pk)
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


def _application_form(
    *,
    form_class: type[forms.BaseForm],
    predicate: Any,
    purpose: StrOrPromise,
    title: StrOrPromise,
    service: Callable[..., object],
    success_message: StrOrPromise,
) -> View:
    """A form about one application: the gate logs the page, the service the write."""
    return form_route(
        purpose=purpose,
        predicate=predicate,
        obj=_APPLICATION,
        page=read_object(selectors.application_page, "application_id"),
        form=lambda call: form_class(call.data),
        save=for_object(service, "application_id"),
        success_url=lambda call, _result: _detail_url(call.kwargs["pk"]),
        message=success_message,
        context=lambda call: {
            "citizen": call.page.citizen,
            "application": call.page.application,
            "title": title,
            "lead": f"{call.page.citizen.full_name} · {call.page.application.legal_basis}",
            "back_url": _detail_url(call.kwargs["pk"]),
        },
        editing=lambda call: call.page.application,
    )


def _detail_url(application_id: int) -> str:
    return reverse("casework:application_detail", args=[application_id])


application_decide = route("ansoegning/<int:pk>/afgoerelse/")(
    _application_form(
        form_class=DecisionForm,
        predicate=can_handle_applications,
        purpose=gettext_lazy("Deciding an application"),
        title=gettext_lazy("Record the decision"),
        service=services.application_decide,
        success_message=gettext_lazy("The decision has been recorded."),
    )
)
application_notice = route("ansoegning/<int:pk>/besked/")(
    _application_form(
        form_class=NoticeForm,
        predicate=can_handle_applications,
        purpose=gettext_lazy("Recording a notice of a later decision"),
        title=gettext_lazy("Notice of the expected decision date"),
        service=services.application_record_notice,
        success_message=gettext_lazy("The notice has been recorded."),
    )
)
fast_track_request = route("ansoegning/<int:pk>/groen-boelge/")(
    _application_form(
        form_class=FastTrackForm,
        predicate=can_request_fast_track,
        purpose=gettext_lazy("Requesting fast track"),
        title=gettext_lazy("Request fast track"),
        service=services.fast_track_request,
        success_message=gettext_lazy("Fast track has been requested. A team leader decides."),
    )
)


@citizen_action(
    "ansoegning/<int:pk>/vurdering/",
    purpose=gettext_lazy("Assessing an application"),
    predicate=can_handle_applications,
    obj=_APPLICATION,
)
def application_assess(request: CitizenRequest, pk: int) -> HttpResponse:
    return post_action(
        request,
        action=lambda version: services.application_start_assessment(
            actor=request.user, application_id=pk, version=version
        ),
        done=_("The application is being assessed."),
        redirect_to=reverse("casework:application_detail", args=[pk]),
    )


@citizen_action(
    "ansoegning/<int:pk>/groen-boelge/<int:request_pk>/",
    purpose=gettext_lazy("Deciding on fast track"),
    predicate=can_decide_fast_track,
    obj=_APPLICATION,
)
def fast_track_decide(request: CitizenRequest, pk: int, request_pk: int) -> HttpResponse:
    approve = request.POST.get("decision") == "approve"
    return post_action(
        request,
        action=lambda version: services.fast_track_decide(
            actor=request.user, request_id=request_pk, approve=approve, version=version
        ),
        done=_("Fast track has been approved.") if approve else _("Fast track has been rejected."),
        redirect_to=_decided_from(request, pk),
    )


def _decided_from(request: HttpRequest, pk: int) -> str:
    """Back where the decision was made: the home page or the list of pending requests
    (named, never a posted URL), otherwise the application."""
    back = {"home": reverse("home"), "pending": reverse("casework:fast_track_pending")}
    return back.get(request.POST.get("back", ""), reverse("casework:application_detail", args=[pk]))


@route("groen-boelge/")
@require_GET
def fast_track_pending(request: AuthenticatedRequest) -> HttpResponse:
    pending = selectors.fast_track_pending(user=request.user)
    return TemplateResponse(request, "casework/fast_track_pending.html", {"pending": pending})


_REPORT = report_views(
    read=lambda request: selectors.processing_report(user=request.user),
    template="casework/report.html",
    context=lambda request, data: {
        "report": data,
        "tables": reports.tables(data),
        "charts": reports.charts(data),
        "definitions": reports.definitions(),
    },
    pdf_template="casework/report_pdf.html",
    pdf_context=lambda data: {
        "report": data,
        "tables": reports.tables(data),
        "definitions": reports.definitions(),
    },
    sheets=reports.sheets,
    filename=lambda _data: "sagsbehandlingstider",
)
report = route("rapport/")(_REPORT.page)
report_xlsx = route("rapport/excel/")(_REPORT.xlsx)
report_pdf = route("rapport/pdf/")(_REPORT.pdf)


@login_not_required
@require_GET
def processing_times(request: HttpRequest) -> HttpResponse:
    data = selectors.public_processing_times()
    return TemplateResponse(
        request,
        "casework/processing_times.html",
        {"report": data, "rows": reports.public_rows(data)},
    )
