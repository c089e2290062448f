"""Citizen pages. Thin: parse the form, call one selector or service, render.

The CPR never travels in a URL: search is a POST and citizens are addressed by their id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from roret.accounts.models import User
from roret.core.forms import add_service_errors
from roret.core.sections import contributed_sections
from roret.people import selectors, services
from roret.people.forms import (
    CitizenCreateForm,
    CitizenForm,
    CitizenSearchForm,
    ConsentForm,
    NetworkPartyForm,
    ProblemAreaForm,
    RelationForm,
)
from roret.people.models import Citizen
from roret.people.rules import can_read_citizen_access_log, can_register_citizens

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_http_methods(["GET", "POST"])
def citizen_search(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    result = None
    form = CitizenSearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = selectors.citizen_search(user=user, query=form.cleaned_data["query"])
        except ValidationError as exc:
            form.add_error("query", exc.messages)
    return TemplateResponse(
        request,
        "people/citizen_search.html",
        {"form": form, "result": result, "can_register": can_register_citizens.test(user)},
    )


@require_http_methods(["GET", "POST"])
def citizen_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not can_register_citizens.test(user):
        raise PermissionDenied
    form = CitizenCreateForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            citizen = services.citizen_create(actor=user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The citizen has been registered."))
            return redirect("people:citizen_detail", pk=citizen.pk)
    return TemplateResponse(request, "people/citizen_create.html", {"form": form})


def citizen_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    overview = selectors.citizen_overview(user=user, citizen_id=pk)
    return TemplateResponse(
        request,
        "people/citizen_detail.html",
        {
            "overview": overview,
            "citizen": overview.citizen,
            "can_edit": can_register_citizens.test(user),
            "can_read_log": can_read_citizen_access_log.test(user),
            "sections": contributed_sections(
                "people.citizen_detail", user=user, citizen=overview.citizen
            ),
        },
    )


def citizen_form_view(
    *,
    form_class: type[forms.BaseForm],
    purpose: StrOrPromise,
    title: StrOrPromise,
    service: Callable[..., object],
    success_message: StrOrPromise,
    initial: Callable[[Citizen], dict[str, Any]] | None = None,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A page with a form about one citizen. On a valid POST the service writes (and logs);
    otherwise the page shows the citizen (and logs one view)."""

    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        user = _user(request)
        if not can_register_citizens.test(user):
            raise PermissionDenied
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                service(actor=user, citizen_id=pk, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, str(success_message))
                return redirect("people:citizen_detail", pk=pk)
        citizen = selectors.citizen_for_form(user=user, citizen_id=pk, purpose=purpose)
        if request.method == "GET" and initial is not None:
            form = form_class(initial=initial(citizen))
        return TemplateResponse(
            request,
            "people/citizen_form.html",
            {"form": form, "citizen": citizen, "title": title},
        )

    return view


citizen_edit = citizen_form_view(
    form_class=CitizenForm,
    purpose=gettext_lazy("Updating the citizen's basic data"),
    title=gettext_lazy("Edit basic data"),
    service=services.citizen_update,
    success_message=gettext_lazy("The basic data have been saved."),
    initial=lambda citizen: {
        field: getattr(citizen, field) for field in services.CITIZEN_EDITABLE_FIELDS
    },
)
problem_area_add = citizen_form_view(
    form_class=ProblemAreaForm,
    purpose=gettext_lazy("Recording a problem area"),
    title=gettext_lazy("Add problem area"),
    service=services.problem_area_add,
    success_message=gettext_lazy("The problem area has been added."),
)
consent_add = citizen_form_view(
    form_class=ConsentForm,
    purpose=gettext_lazy("Recording a consent"),
    title=gettext_lazy("Add consent"),
    service=services.consent_add,
    success_message=gettext_lazy("The consent has been recorded."),
)
network_party_add = citizen_form_view(
    form_class=NetworkPartyForm,
    purpose=gettext_lazy("Recording the citizen's network"),
    title=gettext_lazy("Add to network"),
    service=services.network_party_add,
    success_message=gettext_lazy("The person has been added to the network."),
)
relation_add = citizen_form_view(
    form_class=RelationForm,
    purpose=gettext_lazy("Recording a relation"),
    title=gettext_lazy("Add relation"),
    service=services.relation_add,
    success_message=gettext_lazy("The relation has been recorded."),
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
    return redirect("people:citizen_detail", pk=pk)


@require_POST
def consent_revoke(request: HttpRequest, pk: int, consent_pk: int) -> HttpResponse:
    user = _user(request)
    return _post_action(
        request,
        pk,
        lambda: services.consent_revoke(actor=user, citizen_id=pk, consent_id=consent_pk),
        _("The consent has been revoked. It no longer gives access."),
    )


@require_POST
def problem_area_end(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    user = _user(request)
    return _post_action(
        request,
        pk,
        lambda: services.problem_area_end(
            actor=user, citizen_id=pk, problem_area_id=area_pk, ended_on=timezone.localdate()
        ),
        _("The problem area has been ended."),
    )


def citizen_access_log(request: HttpRequest, pk: int) -> HttpResponse:
    citizen, rows = selectors.citizen_access_log_for_staff(user=_user(request), citizen_id=pk)
    return TemplateResponse(
        request, "people/citizen_access_log.html", {"citizen": citizen, "rows": rows}
    )
