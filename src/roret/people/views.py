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
        },
    )


def _citizen_form_page(
    request: HttpRequest,
    pk: int,
    *,
    form_class: type[forms.BaseForm],
    purpose: StrOrPromise,
    title: str,
    save: Callable[[User, dict[str, Any]], object],
    success_message: str,
    initial: Callable[[Citizen], dict[str, Any]] | None = None,
) -> HttpResponse:
    """A form about one citizen: on a valid POST the service writes (and logs); otherwise
    the page shows the citizen (and logs one view)."""
    user = _user(request)
    if not can_register_citizens.test(user):
        raise PermissionDenied
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(user, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success_message)
            return redirect("people:citizen_detail", pk=pk)
    citizen = selectors.citizen_for_form(user=user, citizen_id=pk, purpose=purpose)
    if request.method == "GET" and initial is not None:
        form = form_class(initial=initial(citizen))
    return TemplateResponse(
        request, "people/citizen_form.html", {"form": form, "citizen": citizen, "title": title}
    )


@require_http_methods(["GET", "POST"])
def citizen_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _citizen_form_page(
        request,
        pk,
        form_class=CitizenForm,
        purpose=gettext_lazy("Updating the citizen's basic data"),
        title=_("Edit basic data"),
        save=lambda user, data: services.citizen_update(actor=user, citizen_id=pk, **data),
        success_message=_("The basic data have been saved."),
        initial=lambda citizen: {
            field: getattr(citizen, field) for field in services.CITIZEN_EDITABLE_FIELDS
        },
    )


@require_http_methods(["GET", "POST"])
def problem_area_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _citizen_form_page(
        request,
        pk,
        form_class=ProblemAreaForm,
        purpose=gettext_lazy("Recording a problem area"),
        title=_("Add problem area"),
        save=lambda user, data: services.problem_area_add(actor=user, citizen_id=pk, **data),
        success_message=_("The problem area has been added."),
    )


@require_http_methods(["GET", "POST"])
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _citizen_form_page(
        request,
        pk,
        form_class=ConsentForm,
        purpose=gettext_lazy("Recording a consent"),
        title=_("Add consent"),
        save=lambda user, data: services.consent_add(actor=user, citizen_id=pk, **data),
        success_message=_("The consent has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def network_party_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _citizen_form_page(
        request,
        pk,
        form_class=NetworkPartyForm,
        purpose=gettext_lazy("Recording the citizen's network"),
        title=_("Add to network"),
        save=lambda user, data: services.network_party_add(actor=user, citizen_id=pk, **data),
        success_message=_("The person has been added to the network."),
    )


@require_http_methods(["GET", "POST"])
def relation_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _citizen_form_page(
        request,
        pk,
        form_class=RelationForm,
        purpose=gettext_lazy("Recording a relation"),
        title=_("Add relation"),
        save=lambda user, data: services.relation_add(actor=user, citizen_id=pk, **data),
        success_message=_("The relation has been recorded."),
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
