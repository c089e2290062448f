"""Employment pages. Thin: parse a form, call one selector or service, render.

Every page about a citizen, or one of their cards or jobs, is behind the citizen gate: it
decides the role (``can_manage_employment``) and need-to-know before the view runs and logs
the page's one entry; on a valid POST the service writes and logs instead."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from roret.accounts.http import AuthenticatedRequest
from roret.core.exports import report_views
from roret.core.forms import form_page
from roret.core.paging import page_requests
from roret.core.routing import route
from roret.employment import reports, selectors, services
from roret.employment.filters import OverviewFilterForm
from roret.employment.forms import (
    EarningForm,
    FrikortCheckForm,
    FrikortDeactivateForm,
    FrikortDecideForm,
    JobEndForm,
    JobForm,
    ReportYearForm,
)
from roret.employment.models import Earning, Frikort, Job
from roret.employment.rules import can_manage_employment, can_read_employment_report
from roret.people.gate import (
    CitizenRequest,
    ObjectRef,
    citizen_route,
    for_citizen,
    for_object,
    form_route,
    read_object,
)
from roret.people.models import Citizen

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from roret.people.gate import FormCall, View

_FRIKORT = ObjectRef(Frikort)
_JOB = ObjectRef(Job)


def _citizen_url(citizen_id: int) -> str:
    return reverse("employment:citizen", args=[citizen_id])


def _context(citizen: Citizen, title: StrOrPromise) -> dict[str, Any]:
    """What every employment form page shows around its form."""
    return {
        "citizen": citizen,
        "title": title,
        "back_url": _citizen_url(citizen.pk),
        "back_label": _("Back to frikort and jobs"),
    }


@route("")
@require_GET
def overview(request: AuthenticatedRequest) -> HttpResponse:
    form = OverviewFilterForm(request.GET)
    result = selectors.employment_overview(
        user=request.user,
        check_status=form.values()["check_status"] or "",
        paging=page_requests(request.GET, selectors.OVERVIEW_LISTS),
    )
    return TemplateResponse(request, "employment/overview.html", {"result": result, "form": form})


@route("borger/<int:citizen_pk>/")
@require_GET
@citizen_route(
    purpose=gettext_lazy("The citizen's employment and frikort"),
    predicate=can_manage_employment,
    citizen="citizen_pk",
)
def citizen(request: CitizenRequest, citizen_pk: int) -> HttpResponse:
    form = ReportYearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else None
    page = selectors.citizen_employment(access=request.citizen_access, year=year)
    return TemplateResponse(
        request,
        "employment/citizen.html",
        {"page": page, "citizen": page.citizen},
    )


def _employment_form(
    *,
    title: StrOrPromise,
    page: Callable[[FormCall], Any] | None = None,
    editing: Callable[[FormCall], Any] | None = None,
    lead: Callable[[FormCall], str] | None = None,
    **route: Any,
) -> View:
    """A form about a citizen's employment, or one of their cards or jobs: the page around
    it leads back to the citizen's frikort and jobs."""
    return form_route(
        predicate=can_manage_employment,
        success_url=lambda call, _result: _citizen_url(_citizen_of(call).pk),
        context=lambda call: {
            **_context(_citizen_of(call), title),
            **({"lead": lead(call)} if lead is not None else {}),
        },
        page=page,
        editing=editing,
        **route,
    )


def _citizen_of(call: FormCall) -> Citizen:
    return call.page.citizen if call.page is not None else call.citizen


def _frikort(call: FormCall) -> selectors.FrikortPage:
    return selectors.frikort_page(access=call.access, frikort_id=call.kwargs["pk"])


frikort_decide = route("borger/<int:citizen_pk>/frikort/")(
    _employment_form(
        purpose=gettext_lazy("Deciding a social frikort"),
        citizen="citizen_pk",
        title=gettext_lazy("Decide social frikort"),
        form=lambda call: FrikortDecideForm(call.data),
        save=for_citizen(services.frikort_decide),
        message=gettext_lazy("The frikort has been recorded."),
    )
)
job_add = route("borger/<int:citizen_pk>/job/")(
    _employment_form(
        purpose=gettext_lazy("Registering a job"),
        citizen="citizen_pk",
        title=gettext_lazy("Register job"),
        form=lambda call: JobForm(call.data),
        save=for_citizen(services.job_add),
        message=gettext_lazy("The job has been registered."),
    )
)
frikort_check = route("frikort/<int:pk>/tjek/")(
    _employment_form(
        purpose=gettext_lazy("Recording a frikort eligibility check"),
        obj=_FRIKORT,
        title=gettext_lazy("Record eligibility check"),
        page=_frikort,
        form=lambda call: FrikortCheckForm(call.data, initial={"checked_on": timezone.localdate()}),
        save=for_object(services.frikort_check, "frikort_id"),
        message=gettext_lazy("The check has been recorded."),
        editing=lambda call: call.page.frikort,
    )
)
frikort_deactivate = route("frikort/<int:pk>/deaktiver/")(
    _employment_form(
        purpose=gettext_lazy("Deactivating a social frikort"),
        obj=_FRIKORT,
        title=gettext_lazy("Deactivate social frikort"),
        page=_frikort,
        form=lambda call: FrikortDeactivateForm(
            call.data, initial={"deactivated_on": timezone.localdate()}
        ),
        save=for_object(services.frikort_deactivate, "frikort_id"),
        message=gettext_lazy("The frikort has been deactivated."),
        editing=lambda call: call.page.frikort,
    )
)


@route("frikort/<int:pk>/indtaegt/")
@require_http_methods(["GET", "POST"])
@citizen_route(
    purpose=gettext_lazy("Registering earnings under the frikort"),
    predicate=can_manage_employment,
    obj=_FRIKORT,
)
def earning_add(request: CitizenRequest, pk: int) -> HttpResponse:
    page = selectors.frikort_page(access=request.citizen_access, frikort_id=pk)
    form = EarningForm(request.POST or None, jobs=page.paid_jobs)

    def shown_year(earning: Earning) -> str:
        # Earnings for another year are shown against that year's amount.
        url = _citizen_url(page.citizen.pk)
        if earning.month.year != timezone.localdate().year:
            url += f"?year={earning.month.year}"
        return url

    return form_page(
        request,
        form=form,
        save=lambda _data, _version: services.earning_register(
            actor=request.user, frikort_id=pk, **form.service_data()
        ),
        success_url=shown_year,
        message=_("The earnings have been registered."),
        context=_context(page.citizen, _("Register earnings")),
    )


job_end = route("job/<int:pk>/afslut/")(
    _employment_form(
        purpose=gettext_lazy("Ending a job"),
        obj=_JOB,
        title=gettext_lazy("End job"),
        page=read_object(selectors.job_page, "job_id"),
        form=lambda call: JobEndForm(call.data, initial={"ends_on": timezone.localdate()}),
        save=for_object(services.job_end, "job_id"),
        message=gettext_lazy("The job has been ended."),
        editing=lambda call: call.page.job,
        lead=lambda call: f"{call.page.citizen.full_name} · {call.page.job}",
    )
)


def _report_year(
    request: AuthenticatedRequest,
) -> tuple[ReportYearForm, selectors.YearlyReport]:
    if not can_read_employment_report.test(request.user):
        raise PermissionDenied
    form = ReportYearForm(request.GET or None)
    default = timezone.localdate().year
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else default
    if not form.is_bound:
        form = ReportYearForm(initial={"year": default})
    return form, selectors.yearly_report(year=year)


def _report_context(data: selectors.YearlyReport) -> dict[str, Any]:
    return {
        "report": data,
        "tables": reports.tables(data),
        "definitions": reports.definitions(data),
    }


_REPORT = report_views(
    read=_report_year,
    template="employment/report.html",
    context=lambda request, read: {"form": read[0], **_report_context(read[1])},
    pdf_template="employment/report_pdf.html",
    pdf_context=lambda read: _report_context(read[1]),
    sheets=lambda read: reports.sheets(read[1]),
    filename=lambda read: f"frikort-og-klap-{read[1].year}",
)
report = route("rapport/")(_REPORT.page)
report_xlsx = route("rapport/excel/")(_REPORT.xlsx)
report_pdf = route("rapport/pdf/")(_REPORT.pdf)
