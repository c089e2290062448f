"""Plan pages. Thin: the gate decides and logs the access, the form helper runs the form,
one selector or service does the work."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roret.accounts.http import AuthenticatedRequest
from roret.audit.models import AccessLogEntry
from roret.core.exports import pdf_response
from roret.core.forms import form_page, post_action
from roret.core.paging import page_requests
from roret.core.sections import contributed_sections
from roret.people.gate import CitizenRequest, ObjectRef, citizen_route
from roret.plans import selectors, services
from roret.plans.forms import (
    AgreementForm,
    AgreementResolveForm,
    GoalEditForm,
    GoalForm,
    InterventionForm,
    InterventionStatusForm,
    PlanForm,
    RatingForm,
)
from roret.plans.models import Goal, Intervention, Plan
from roret.plans.rules import can_follow_up_plans, can_manage_plans, can_read_plans

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise
    from rules import Predicate

_PLAN = ObjectRef(Plan)


@require_GET
@citizen_route(
    purpose=gettext_lazy("The citizen's plan"), predicate=can_read_plans, citizen="citizen_pk"
)
def plan_for_citizen(request: CitizenRequest, citizen_pk: int) -> HttpResponse:
    plan_id = selectors.current_plan_id(access=request.citizen_access)
    if plan_id is not None:
        return redirect("plans:plan_detail", pk=plan_id)
    return TemplateResponse(
        request,
        "plans/no_plan.html",
        {
            "citizen": request.citizen_access.citizen,
            "can_manage": can_manage_plans.test(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@citizen_route(
    purpose=gettext_lazy("Creating the citizen's plan"),
    predicate=can_manage_plans,
    citizen="citizen_pk",
)
def plan_create(request: CitizenRequest, citizen_pk: int) -> HttpResponse:
    return form_page(
        request,
        form=PlanForm(request.POST or None),
        save=lambda data, _version: services.plan_create(
            actor=request.user, citizen_id=citizen_pk, **data
        ),
        success_url=lambda plan: reverse("plans:plan_detail", args=[plan.pk]),
        message=_("The plan has been created. You coordinate it."),
        context={
            "citizen": request.citizen_access.citizen,
            "title": _("New plan"),
            "back_url": reverse("people:citizen_detail", args=[citizen_pk]),
        },
    )


@require_GET
@citizen_route(
    purpose=gettext_lazy("The citizen's plan"),
    predicate=can_read_plans,
    citizen=None,
    obj=_PLAN,
    queryset=selectors.plan_citizens,
)
def plan_detail(request: CitizenRequest, pk: int) -> HttpResponse:
    page = selectors.plan_page(access=request.citizen_access, plan_id=pk)
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
@citizen_route(
    purpose=gettext_lazy("Printing the plan for the citizen"),
    predicate=can_read_plans,
    citizen=None,
    obj=_PLAN,
    queryset=selectors.plan_citizens,
    read_action=AccessLogEntry.Action.EXPORT,
)
def plan_pdf(request: CitizenRequest, pk: int) -> HttpResponse:
    page = selectors.plan_page(access=request.citizen_access, plan_id=pk)
    return pdf_response(
        request=request,
        template="plans/plan_pdf.html",
        context={"page": page, "today": timezone.localdate()},
        filename=f"plan-{pk}.pdf",
    )


def _plan_form(
    *,
    predicate: Predicate,
    purpose: StrOrPromise,
    title: StrOrPromise,
    make_form: Callable[[CitizenRequest, Plan, dict[str, Any], Any], forms.BaseForm],
    save: Callable[[CitizenRequest, dict[str, Any], int | None, dict[str, Any]], object],
    message: StrOrPromise,
    editing: Callable[[CitizenRequest, Plan, dict[str, Any]], Any] | None = None,
) -> Callable[..., HttpResponse]:
    """A form about one plan: the gate logs the page, the service the write. ``editing``
    gives the row the form changes, whose version the form carries."""

    @require_http_methods(["GET", "POST"])
    @citizen_route(purpose=purpose, predicate=predicate, citizen=None, obj=_PLAN)
    def view(request: CitizenRequest, pk: int, **kwargs: Any) -> HttpResponse:
        plan = selectors.plan_for_form(access=request.citizen_access, plan_id=pk)
        row = editing(request, plan, kwargs) if editing else None
        return form_page(
            request,
            form=make_form(request, plan, kwargs, row),
            save=lambda data, version: save(request, data, version, {"pk": pk, **kwargs}),
            success_url=reverse("plans:plan_detail", args=[pk]),
            message=message,
            context={
                "citizen": plan.citizen,
                "plan": plan,
                "title": title,
                "back_url": reverse("plans:plan_detail", args=[pk]),
                "back_label": _("Back to the plan"),
            },
            editing=row,
        )

    return view


def _data(request: CitizenRequest) -> dict[str, Any] | None:
    return request.POST or None


goal_add = _plan_form(
    predicate=can_manage_plans,
    purpose=gettext_lazy("Adding a goal to the citizen's plan"),
    title=gettext_lazy("New goal"),
    make_form=lambda request, plan, kw, row: GoalForm(_data(request)),
    save=lambda request, data, version, kw: services.goal_add(
        actor=request.user, plan_id=kw["pk"], **data
    ),
    message=gettext_lazy("The goal has been added."),
)


def _goal(request: CitizenRequest, plan: Plan, kwargs: dict[str, Any]) -> Goal:
    return selectors.plan_row(
        access=request.citizen_access, plan_id=plan.pk, model=Goal, pk=kwargs["goal_pk"]
    )


def _goal_form(
    request: CitizenRequest, plan: Plan, kwargs: dict[str, Any], goal: Goal
) -> forms.BaseForm:
    return GoalEditForm(
        _data(request),
        initial={
            "citizen_wording": goal.citizen_wording,
            "professional_wording": goal.professional_wording,
            "life_area": goal.life_area,
        },
    )


goal_edit = _plan_form(
    predicate=can_manage_plans,
    purpose=gettext_lazy("Changing a goal in the citizen's plan"),
    title=gettext_lazy("Change the goal"),
    make_form=_goal_form,
    editing=_goal,
    save=lambda request, data, version, kw: services.goal_edit(
        actor=request.user, plan_id=kw["pk"], goal_id=kw["goal_pk"], version=version, **data
    ),
    message=gettext_lazy("The goal has been changed."),
)

rating_add = _plan_form(
    predicate=can_follow_up_plans,
    purpose=gettext_lazy("Rating progress on a goal"),
    title=gettext_lazy("Rate progress"),
    make_form=lambda request, plan, kw, row: RatingForm(
        _data(request),
        scale=selectors.goal_scale(plan_id=plan.pk, goal_id=kw["goal_pk"]),
        initial={"rated_on": timezone.localdate()},
    ),
    save=lambda request, data, version, kw: services.rating_add(
        actor=request.user, plan_id=kw["pk"], goal_id=kw["goal_pk"], **data
    ),
    message=gettext_lazy("The rating has been recorded."),
)

intervention_add = _plan_form(
    predicate=can_manage_plans,
    purpose=gettext_lazy("Adding an intervention to the citizen's plan"),
    title=gettext_lazy("New intervention"),
    make_form=lambda request, plan, kw, row: InterventionForm(
        _data(request), plan=plan, initial={"starts_on": timezone.localdate()}
    ),
    save=lambda request, data, version, kw: services.intervention_add(
        actor=request.user, plan_id=kw["pk"], **data
    ),
    message=gettext_lazy("The intervention has been added."),
)

intervention_status = _plan_form(
    predicate=can_manage_plans,
    purpose=gettext_lazy("Changing the status of an intervention"),
    title=gettext_lazy("Change the status of the intervention"),
    make_form=lambda request, plan, kw, row: InterventionStatusForm(
        _data(request), initial={"status": row.status}
    ),
    editing=lambda request, plan, kw: selectors.plan_row(
        access=request.citizen_access,
        plan_id=plan.pk,
        model=Intervention,
        pk=kw["intervention_pk"],
    ),
    save=lambda request, data, version, kw: services.intervention_set_status(
        actor=request.user,
        plan_id=kw["pk"],
        intervention_id=kw["intervention_pk"],
        version=version,
        **data,
    ),
    message=gettext_lazy("The status of the intervention has been changed."),
)

agreement_add = _plan_form(
    predicate=can_follow_up_plans,
    purpose=gettext_lazy("Recording an agreement in the citizen's plan"),
    title=gettext_lazy("New agreement"),
    make_form=lambda request, plan, kw, row: AgreementForm(_data(request), plan=plan),
    save=lambda request, data, version, kw: services.agreement_add(
        actor=request.user, plan_id=kw["pk"], **data
    ),
    message=gettext_lazy("The agreement has been recorded."),
)


@require_POST
@citizen_route(
    purpose=gettext_lazy("Following up on an agreement"),
    predicate=can_follow_up_plans,
    citizen=None,
    obj=_PLAN,
)
def agreement_resolve(request: CitizenRequest, pk: int, agreement_pk: int) -> HttpResponse:
    form = AgreementResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status for the agreement."))
        return redirect("plans:plan_detail", pk=pk)
    return post_action(
        request,
        action=lambda version: services.agreement_resolve(
            actor=request.user,
            plan_id=pk,
            agreement_id=agreement_pk,
            version=version,
            **form.cleaned_data,
        ),
        done=_("The agreement has been followed up."),
        redirect_to=reverse("plans:plan_detail", args=[pk]),
    )


@require_GET
def follow_up(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    result = selectors.follow_up(
        user=user,
        paging=page_requests(request.GET, selectors.FOLLOW_UP_LISTS),
    )
    return TemplateResponse(
        request,
        "plans/follow_up.html",
        {"result": result, "sections": contributed_sections("plans.follow_up", user=user)},
    )
