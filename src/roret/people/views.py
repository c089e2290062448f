"""Citizen pages. Thin: parse the form, call one selector or service, render.

The CPR never travels in a URL: search is a POST and citizens are addressed by their id.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from roret.accounts.http import AuthenticatedRequest
from roret.core.forms import form_page, post_action
from roret.core.paging import page_request
from roret.core.routing import route
from roret.core.sections import contributed_sections
from roret.people import selectors, services
from roret.people.filters import AccessLogFilterForm
from roret.people.forms import (
    CitizenCreateForm,
    CitizenForm,
    CitizenSearchForm,
    ConsentForm,
    NetworkPartyForm,
    ProblemAreaForm,
    RelationForm,
)
from roret.people.gate import (
    CitizenRequest,
    ObjectRef,
    View,
    citizen_action,
    citizen_route,
    form_route,
)
from roret.people.models import Citizen, Consent, ProblemArea
from roret.people.rules import can_read_citizen_access_log, can_register_citizens

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@route("")
@require_http_methods(["GET", "POST"])
def citizen_search(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
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


@route("ny/")
@require_http_methods(["GET", "POST"])
def citizen_create(request: AuthenticatedRequest) -> HttpResponse:
    if not can_register_citizens.test(request.user):
        raise PermissionDenied
    return form_page(
        request,
        form=CitizenCreateForm(request.POST or None, user=request.user),
        save=lambda data, _version: services.citizen_create(actor=request.user, **data),
        success_url=lambda citizen: reverse("people:citizen_detail", args=[citizen.pk]),
        message=_("The citizen has been registered."),
        context={
            "title": _("Register a citizen"),
            "submit_label": _("Register"),
            "back_url": reverse("people:citizen_search"),
        },
    )


@route("<int:pk>/")
@require_GET
@citizen_route(purpose=gettext_lazy("Citizen overview"), queryset=selectors.overview_queryset)
def citizen_detail(request: CitizenRequest, pk: int) -> HttpResponse:
    overview = selectors.citizen_overview(access=request.citizen_access)
    user = request.user
    return TemplateResponse(
        request,
        "people/citizen_detail.html",
        {
            "overview": overview,
            "citizen": overview.citizen,
            "can_edit": can_register_citizens.test(user),
            "can_read_log": can_read_citizen_access_log.test(user),
            "sections": contributed_sections(
                "people.citizen_detail", access=request.citizen_access
            ),
        },
    )


def _citizen_form(
    *,
    form_class: type[forms.BaseForm],
    purpose: StrOrPromise,
    title: StrOrPromise,
    service: Callable[..., object],
    success_message: StrOrPromise,
    initial: Callable[[Citizen], dict[str, Any]] | None = None,
    versioned: bool = False,
) -> View:
    """A page with a form about one citizen: the gate logs the page, the service the write."""
    return form_route(
        purpose=purpose,
        predicate=can_register_citizens,
        form=lambda call: form_class(
            call.data, initial=initial(call.citizen) if initial is not None else None
        ),
        save=lambda call, data, version: service(
            actor=call.user,
            citizen_id=call.access.citizen_id,
            **data,
            **({"version": version} if versioned else {}),
        ),
        success_url=lambda call, _result: _overview_url(call.access.citizen_id),
        message=success_message,
        context=lambda call: {
            "citizen": call.citizen,
            "title": title,
            "back_url": _overview_url(call.access.citizen_id),
            "back_label": _("Back to the overview"),
        },
        editing=(lambda call: call.citizen) if versioned else None,
    )


def _overview_url(citizen_id: int) -> str:
    return reverse("people:citizen_detail", args=[citizen_id])


citizen_edit = route("<int:pk>/rediger/")(
    _citizen_form(
        form_class=CitizenForm,
        purpose=gettext_lazy("Updating the citizen's basic data"),
        title=gettext_lazy("Edit basic data"),
        service=services.citizen_update,
        success_message=gettext_lazy("The basic data have been saved."),
        initial=lambda citizen: {
            field: getattr(citizen, field) for field in services.CITIZEN_EDITABLE_FIELDS
        },
        versioned=True,
    )
)
problem_area_add = route("<int:pk>/problemomraader/ny/")(
    _citizen_form(
        form_class=ProblemAreaForm,
        purpose=gettext_lazy("Recording a problem area"),
        title=gettext_lazy("Add problem area"),
        service=services.problem_area_add,
        success_message=gettext_lazy("The problem area has been added."),
    )
)
consent_add = route("<int:pk>/samtykker/ny/")(
    _citizen_form(
        form_class=ConsentForm,
        purpose=gettext_lazy("Recording a consent"),
        title=gettext_lazy("Add consent"),
        service=services.consent_add,
        success_message=gettext_lazy("The consent has been recorded."),
    )
)
network_party_add = route("<int:pk>/netvaerk/ny/")(
    _citizen_form(
        form_class=NetworkPartyForm,
        purpose=gettext_lazy("Recording the citizen's network"),
        title=gettext_lazy("Add to network"),
        service=services.network_party_add,
        success_message=gettext_lazy("The person has been added to the network."),
    )
)
relation_add = route("<int:pk>/relationer/ny/")(
    _citizen_form(
        form_class=RelationForm,
        purpose=gettext_lazy("Recording a relation"),
        title=gettext_lazy("Add relation"),
        service=services.relation_add,
        success_message=gettext_lazy("The relation has been recorded."),
    )
)


@citizen_action(
    "<int:pk>/samtykker/<int:consent_pk>/tilbagekald/",
    purpose=gettext_lazy("Revoking a consent"),
    predicate=can_register_citizens,
    obj=ObjectRef(Consent, "consent_pk"),
)
def consent_revoke(request: CitizenRequest, pk: int, consent_pk: int) -> HttpResponse:
    return post_action(
        request,
        action=lambda _version: services.consent_revoke(
            actor=request.user, citizen_id=pk, consent_id=consent_pk
        ),
        done=_("The consent has been revoked. It no longer gives access."),
        redirect_to=reverse("people:citizen_detail", args=[pk]),
    )


@citizen_action(
    "<int:pk>/problemomraader/<int:area_pk>/afslut/",
    purpose=gettext_lazy("Ending a problem area"),
    predicate=can_register_citizens,
    obj=ObjectRef(ProblemArea, "area_pk"),
)
def problem_area_end(request: CitizenRequest, pk: int, area_pk: int) -> HttpResponse:
    return post_action(
        request,
        action=lambda version: services.problem_area_end(
            actor=request.user,
            citizen_id=pk,
            problem_area_id=area_pk,
            ended_on=timezone.localdate(),
            version=version,
        ),
        done=_("The problem area has been ended."),
        redirect_to=reverse("people:citizen_detail", args=[pk]),
    )


@route("<int:pk>/adgangslog/")
@require_GET
@citizen_route(
    purpose=gettext_lazy("Reading the citizen's access log"),
    predicate=can_read_citizen_access_log,
)
def citizen_access_log(request: CitizenRequest, pk: int) -> HttpResponse:
    form = AccessLogFilterForm(request.GET)
    values = form.values()
    rows = selectors.citizen_access_log_for_staff(
        access=request.citizen_access,
        paging=page_request(request.GET),
        action=values["action"] or "",
        start=values["start"],
        end=values["end"],
    )
    return TemplateResponse(
        request,
        "people/citizen_access_log.html",
        {"citizen": request.citizen_access.citizen, "rows": rows, "form": form},
    )
