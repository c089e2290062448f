"""Plan pages. Thin: the gate decides and logs the access, the form helper runs the form,
one selector or service does the work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from django.views.decorators.http import require_GET

from roret.accounts.http import AuthenticatedRequest
from roret.audit.models import AccessLogEntry
from roret.core.exports import pdf_response
from roret.core.forms import post_action
from roret.core.paging import page_requests
from roret.core.routing import route
from roret.core.sections import contributed_sections
from roret.people.gate import (
    CitizenRequest,
    ObjectRef,
    citizen_action,
    citizen_route,
    for_citizen,
    for_object,
    form_route,
)
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

    from roret.people.gate import FormCall, Save, View

_PLAN = ObjectRef(Plan)


@route("borger/<int:citizen_pk>/")
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


plan_create = route("borger/<int:citizen_pk>/ny/")(
    form_route(
        purpose=gettext_lazy("Creating the citizen's plan"),
        predicate=can_manage_plans,
        citizen="citizen_pk",
        form=lambda call: PlanForm(call.data),
        save=for_citizen(services.plan_create),
        success_url=lambda call, plan: _plan_url(plan.pk),
        message=gettext_lazy("The plan has been created. You coordinate it."),
        context=lambda call: {
            "citizen": call.citizen,
            "title": _("New plan"),
            "back_url": reverse("people:citizen_detail", args=[call.access.citizen_id]),
        },
    )
)


@route("<int:pk>/")
@require_GET
@citizen_route(
    purpose=gettext_lazy("The citizen's plan"),
    predicate=can_read_plans,
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


@route("<int:pk>/pdf/")
@require_GET
@citizen_route(
    purpose=gettext_lazy("Printing the plan for the citizen"),
    predicate=can_read_plans,
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


@dataclass(frozen=True)
class _PlanForm:
    """What a plan's form page reads: the plan, and the row of it the form changes."""

    plan: Plan
    row: Any = None


def _plan_form(
    *,
    predicate: Predicate,
    purpose: StrOrPromise,
    title: StrOrPromise,
    form: Callable[[FormCall], forms.BaseForm],
    save: Save,
    message: StrOrPromise,
    row: Callable[[FormCall, Plan], Any] | None = None,
) -> View:
    """A form about one plan: the gate logs the page, the service the write. ``row`` gives
    the row the form changes, whose version the form carries."""

    def read(call: FormCall) -> _PlanForm:
        plan = selectors.plan_for_form(access=call.access, plan_id=call.kwargs["pk"])
        return _PlanForm(plan, row(call, plan) if row is not None else None)

    return form_route(
        purpose=purpose,
        predicate=predicate,
        obj=_PLAN,
        page=read,
        form=form,
        save=save,
        success_url=lambda call, _result: _plan_url(call.kwargs["pk"]),
        message=message,
        context=lambda call: {
            "citizen": call.page.plan.citizen,
            "plan": call.page.plan,
            "title": title,
            "back_url": _plan_url(call.kwargs["pk"]),
            "back_label": _("Back to the plan"),
        },
        editing=lambda call: call.page.row,
    )


def _plan_url(plan_id: int) -> str:
    return reverse("plans:plan_detail", args=[plan_id])


def _plan_row(
    model: type[Goal] | type[Intervention], kwarg: str
) -> Callable[[FormCall, Plan], Any]:
    return lambda call, plan: selectors.plan_row(
        access=call.access, plan_id=plan.pk, model=model, pk=call.kwargs[kwarg]
    )


goal_add = route("<int:pk>/maal/ny/")(
    _plan_form(
        predicate=can_manage_plans,
        purpose=gettext_lazy("Adding a goal to the citizen's plan"),
        title=gettext_lazy("New goal"),
        form=lambda call: GoalForm(call.data),
        save=for_object(services.goal_add, "plan_id", versioned=False),
        message=gettext_lazy("The goal has been added."),
    )
)

goal_edit = route("<int:pk>/maal/<int:goal_pk>/ret/")(
    _plan_form(
        predicate=can_manage_plans,
        purpose=gettext_lazy("Changing a goal in the citizen's plan"),
        title=gettext_lazy("Change the goal"),
        row=_plan_row(Goal, "goal_pk"),
        form=lambda call: GoalEditForm(
            call.data,
            initial={
                name: getattr(call.page.row, name)
                for name in ("citizen_wording", "professional_wording", "life_area")
            },
        ),
        save=lambda call, data, version: services.goal_edit(
            actor=call.user,
            plan_id=call.kwargs["pk"],
            goal_id=call.kwargs["goal_pk"],
            version=version,
            **data,
        ),
        message=gettext_lazy("The goal has been changed."),
    )
)

rating_add = route("<int:pk>/maal/<int:goal_pk>/vurdering/")(
    _plan_form(
        predicate=can_follow_up_plans,
        purpose=gettext_lazy("Rating progress on a goal"),
        title=gettext_lazy("Rate progress"),
        form=lambda call: RatingForm(
            call.data,
            scale=selectors.goal_scale(plan_id=call.page.plan.pk, goal_id=call.kwargs["goal_pk"]),
            initial={"rated_on": timezone.localdate()},
        ),
        save=lambda call, data, _version: services.rating_add(
            actor=call.user, plan_id=call.kwargs["pk"], goal_id=call.kwargs["goal_pk"], **data
        ),
        message=gettext_lazy("The rating has been recorded."),
    )
)

intervention_add = route("<int:pk>/indsatser/ny/")(
    _plan_form(
        predicate=can_manage_plans,
        purpose=gettext_lazy("Adding an intervention to the citizen's plan"),
        title=gettext_lazy("New intervention"),
        form=lambda call: InterventionForm(
            call.data, plan=call.page.plan, initial={"starts_on": timezone.localdate()}
        ),
        save=for_object(services.intervention_add, "plan_id", versioned=False),
        message=gettext_lazy("The intervention has been added."),
    )
)

intervention_status = route("<int:pk>/indsatser/<int:intervention_pk>/status/")(
    _plan_form(
        predicate=can_manage_plans,
        purpose=gettext_lazy("Changing the status of an intervention"),
        title=gettext_lazy("Change the status of the intervention"),
        row=_plan_row(Intervention, "intervention_pk"),
        form=lambda call: InterventionStatusForm(
            call.data, initial={"status": call.page.row.status}
        ),
        save=lambda call, data, version: services.intervention_set_status(
            actor=call.user,
            plan_id=call.kwargs["pk"],
            intervention_id=call.kwargs["intervention_pk"],
            version=version,
            **data,
        ),
        message=gettext_lazy("The status of the intervention has been changed."),
    )
)

agreement_add = route("<int:pk>/aftaler/ny/")(
    _plan_form(
        predicate=can_follow_up_plans,
        purpose=gettext_lazy("Recording an agreement in the citizen's plan"),
        title=gettext_lazy("New agreement"),
        form=lambda call: AgreementForm(call.data, plan=call.page.plan),
        save=for_object(services.agreement_add, "plan_id", versioned=False),
        message=gettext_lazy("The agreement has been recorded."),
    )
)


@citizen_action(
    "<int:pk>/aftaler/<int:agreement_pk>/opfoelgning/",
    purpose=gettext_lazy("Following up on an agreement"),
    predicate=can_follow_up_plans,
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


@route("opfoelgning/")
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
