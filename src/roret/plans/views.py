"""Plan pages. Thin: parse the form, call one selector or service, render."""

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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roret.accounts.models import User
from roret.core.exports import pdf_response
from roret.core.forms import add_service_errors
from roret.core.sections import contributed_sections
from roret.plans import selectors, services
from roret.plans.forms import (
    AgreementForm,
    AgreementResolveForm,
    GoalForm,
    InterventionForm,
    InterventionStatusForm,
    PlanForm,
    RatingForm,
)
from roret.plans.models import Plan
from roret.plans.rules import can_follow_up_plans, can_manage_plans

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_GET
def plan_for_citizen(request: HttpRequest, citizen_pk: int) -> HttpResponse:
    user = _user(request)
    plan_id = selectors.current_plan_id(user=user, citizen_id=citizen_pk)
    if plan_id is not None:
        return redirect("plans:plan_detail", pk=plan_id)
    citizen = selectors.citizen_without_plan(user=user, citizen_id=citizen_pk)
    return TemplateResponse(
        request,
        "plans/no_plan.html",
        {"citizen": citizen, "can_manage": can_manage_plans.test(user)},
    )


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, citizen_pk: int) -> HttpResponse:
    user = _user(request)
    if not can_manage_plans.test(user):
        raise PermissionDenied
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=user, citizen_id=citizen_pk, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The plan has been created. You coordinate it."))
            return redirect("plans:plan_detail", pk=plan.pk)
    citizen = selectors.citizen_without_plan(user=user, citizen_id=citizen_pk)
    return TemplateResponse(
        request,
        "plans/plan_form.html",
        {"form": form, "citizen": citizen, "title": _("New plan"), "back_url": None},
    )


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.plan_page(user=_user(request), plan_id=pk)
    return TemplateResponse(
        request,
        "plans/plan_detail.html",
        {
            "page": page,
            "plan": page.plan,
            "citizen": page.citizen,
            "resolve_form": AgreementResolveForm(),
        },
    )


@require_GET
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.plan_page(user=_user(request), plan_id=pk, for_print=True)
    return pdf_response(
        request=request,
        template="plans/plan_pdf.html",
        context={"page": page, "today": timezone.localdate()},
        filename=f"plan-{pk}.pdf",
    )


def _plan_form_page(
    request: HttpRequest,
    pk: int,
    *,
    predicate: Any,
    make_form: Callable[[Plan, dict[str, Any] | None], forms.BaseForm],
    purpose: StrOrPromise,
    title: str,
    save: Callable[[User, dict[str, Any]], object],
    success_message: str,
) -> HttpResponse:
    """A form about one plan: on a valid POST the service writes (and logs); otherwise the
    page shows the plan (and logs one view)."""
    user = _user(request)
    if not predicate.test(user):
        raise PermissionDenied
    # The form only needs the plan's id (for its goal choices); the service checks access.
    form = make_form(Plan(pk=pk), request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(user, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success_message)
            return redirect("plans:plan_detail", pk=pk)
    plan = selectors.plan_for_form(user=user, plan_id=pk, purpose=purpose)
    return TemplateResponse(
        request,
        "plans/plan_form.html",
        {"form": form, "citizen": plan.citizen, "plan": plan, "title": title},
    )


@require_http_methods(["GET", "POST"])
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form_page(
        request,
        pk,
        predicate=can_manage_plans,
        make_form=lambda plan, data: GoalForm(data),
        purpose=gettext_lazy("Adding a goal to the citizen's plan"),
        title=_("New goal"),
        save=lambda user, data: services.goal_add(actor=user, plan_id=pk, **data),
        success_message=_("The goal has been added."),
    )


@require_http_methods(["GET", "POST"])
def rating_add(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    scale = selectors.goal_scale(plan_id=pk, goal_id=goal_pk)
    return _plan_form_page(
        request,
        pk,
        predicate=can_follow_up_plans,
        make_form=lambda plan, data: RatingForm(
            data, scale=scale, initial={"rated_on": timezone.localdate()}
        ),
        purpose=gettext_lazy("Rating progress on a goal"),
        title=_("Rate progress"),
        save=lambda user, data: services.rating_add(
            actor=user, plan_id=pk, goal_id=goal_pk, **data
        ),
        success_message=_("The rating has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def intervention_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form_page(
        request,
        pk,
        predicate=can_manage_plans,
        make_form=lambda plan, data: InterventionForm(
            data, plan=plan, initial={"starts_on": timezone.localdate()}
        ),
        purpose=gettext_lazy("Adding an intervention to the citizen's plan"),
        title=_("New intervention"),
        save=lambda user, data: services.intervention_add(actor=user, plan_id=pk, **data),
        success_message=_("The intervention has been added."),
    )


@require_http_methods(["GET", "POST"])
def intervention_status(request: HttpRequest, pk: int, intervention_pk: int) -> HttpResponse:
    return _plan_form_page(
        request,
        pk,
        predicate=can_manage_plans,
        make_form=lambda plan, data: InterventionStatusForm(data),
        purpose=gettext_lazy("Changing the status of an intervention"),
        title=_("Change the status of the intervention"),
        save=lambda user, data: services.intervention_set_status(
            actor=user, plan_id=pk, intervention_id=intervention_pk, **data
        ),
        success_message=_("The status of the intervention has been changed."),
    )


@require_http_methods(["GET", "POST"])
def agreement_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form_page(
        request,
        pk,
        predicate=can_follow_up_plans,
        make_form=lambda plan, data: AgreementForm(data, plan=plan),
        purpose=gettext_lazy("Recording an agreement in the citizen's plan"),
        title=_("New agreement"),
        save=lambda user, data: services.agreement_add(actor=user, plan_id=pk, **data),
        success_message=_("The agreement has been recorded."),
    )


@require_POST
def agreement_resolve(request: HttpRequest, pk: int, agreement_pk: int) -> HttpResponse:
    user = _user(request)
    if not can_follow_up_plans.test(user):
        raise PermissionDenied
    form = AgreementResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status for the agreement."))
        return redirect("plans:plan_detail", pk=pk)
    try:
        services.agreement_resolve(
            actor=user, plan_id=pk, agreement_id=agreement_pk, **form.cleaned_data
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The agreement has been followed up."))
    return redirect("plans:plan_detail", pk=pk)


@require_GET
def follow_up(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    result = selectors.follow_up(user=user, show_all=request.GET.get("alle") == "1")
    return TemplateResponse(
        request,
        "plans/follow_up.html",
        {"result": result, "sections": contributed_sections("plans.follow_up", user=user)},
    )
