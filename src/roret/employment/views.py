"""Employment pages. Thin: parse a form, call one selector or service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from roret.accounts.models import User
from roret.core.exports import pdf_response, xlsx_response
from roret.core.forms import add_service_errors
from roret.employment import reports, selectors, services
from roret.employment.forms import (
    EarningForm,
    FrikortCheckForm,
    FrikortDeactivateForm,
    FrikortDecideForm,
    JobEndForm,
    JobForm,
    ReportYearForm,
)
from roret.employment.models import Earning
from roret.employment.rules import can_manage_employment, can_read_employment_report
from roret.people.models import Citizen

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _manager(request: HttpRequest) -> User:
    user = _user(request)
    if not can_manage_employment.test(user):
        raise PermissionDenied
    return user


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    return TemplateResponse(
        request,
        "employment/overview.html",
        {"result": selectors.employment_overview(user=user)},
    )


@require_GET
def citizen(request: HttpRequest, citizen_pk: int) -> HttpResponse:
    user = _manager(request)
    form = ReportYearForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else None
    page = selectors.citizen_employment(user=user, citizen_id=citizen_pk, year=year)
    return TemplateResponse(
        request,
        "employment/citizen.html",
        {"page": page, "citizen": page.citizen},
    )


def _form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    citizen: Callable[[], Citizen],
    save: Callable[[User, dict[str, Any]], object],
    title: StrOrPromise,
    success_message: StrOrPromise,
    back_to: int,
) -> HttpResponse:
    """On a valid POST the service writes (and logs); otherwise the page shows the citizen
    (and logs one view)."""
    user = _user(request)
    if request.method == "POST" and form.is_valid():
        try:
            save(user, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, str(success_message))
            return redirect("employment:citizen", citizen_pk=back_to)
    return TemplateResponse(
        request,
        "employment/form.html",
        {"form": form, "citizen": citizen(), "title": title},
    )


@require_http_methods(["GET", "POST"])
def frikort_decide(request: HttpRequest, citizen_pk: int) -> HttpResponse:
    _manager(request)
    purpose = gettext_lazy("Deciding a social frikort")
    return _form_page(
        request,
        form=FrikortDecideForm(request.POST or None),
        citizen=lambda: selectors.citizen_for_employment_form(
            user=_user(request), citizen_id=citizen_pk, purpose=purpose
        ),
        save=lambda user, data: services.frikort_decide(actor=user, citizen_id=citizen_pk, **data),
        title=_("Decide social frikort"),
        success_message=_("The frikort has been recorded."),
        back_to=citizen_pk,
    )


def _frikort_page(
    request: HttpRequest,
    pk: int,
    *,
    purpose: StrOrPromise,
    make_form: Callable[[selectors.FrikortTarget], forms.Form],
    save: Callable[[User, forms.Form], object],
    title: StrOrPromise,
    success_message: StrOrPromise,
) -> HttpResponse:
    user = _manager(request)
    # The page needs the frikort's citizen either way; fetching it logs the one view entry,
    # so a POST that writes logs through the service only.
    target = selectors.frikort_target(frikort_id=pk)
    form = make_form(target)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(user, form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, str(success_message))
            url = reverse("employment:citizen", args=[target.citizen_id])
            # Earnings for another year are shown against that year's amount.
            if isinstance(saved, Earning) and saved.month.year != timezone.localdate().year:
                url += f"?year={saved.month.year}"
            return redirect(url)
    shown = selectors.frikort_for_form(user=user, frikort_id=pk, purpose=purpose)
    return TemplateResponse(
        request,
        "employment/form.html",
        {"form": form, "citizen": shown.citizen, "title": title, "frikort": shown.frikort},
    )


@require_http_methods(["GET", "POST"])
def frikort_check(request: HttpRequest, pk: int) -> HttpResponse:
    return _frikort_page(
        request,
        pk,
        purpose=gettext_lazy("Recording a frikort eligibility check"),
        make_form=lambda target: FrikortCheckForm(
            request.POST or None, initial={"checked_on": timezone.localdate()}
        ),
        save=lambda user, form: services.frikort_check(
            actor=user, frikort_id=pk, **form.cleaned_data
        ),
        title=_("Record eligibility check"),
        success_message=_("The check has been recorded."),
    )


@require_http_methods(["GET", "POST"])
def frikort_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _frikort_page(
        request,
        pk,
        purpose=gettext_lazy("Deactivating a social frikort"),
        make_form=lambda target: FrikortDeactivateForm(
            request.POST or None, initial={"deactivated_on": timezone.localdate()}
        ),
        save=lambda user, form: services.frikort_deactivate(
            actor=user, frikort_id=pk, **form.cleaned_data
        ),
        title=_("Deactivate social frikort"),
        success_message=_("The frikort has been deactivated."),
    )


@require_http_methods(["GET", "POST"])
def earning_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _frikort_page(
        request,
        pk,
        purpose=gettext_lazy("Registering earnings under the frikort"),
        make_form=lambda target: EarningForm(request.POST or None, jobs=target.paid_jobs),
        save=lambda user, form: services.earning_register(
            actor=user,
            frikort_id=pk,
            **form.service_data(),  # type: ignore[attr-defined]
        ),
        title=_("Register earnings"),
        success_message=_("The earnings have been registered."),
    )


@require_http_methods(["GET", "POST"])
def job_add(request: HttpRequest, citizen_pk: int) -> HttpResponse:
    _manager(request)
    purpose = gettext_lazy("Registering a job")
    return _form_page(
        request,
        form=JobForm(request.POST or None),
        citizen=lambda: selectors.citizen_for_employment_form(
            user=_user(request), citizen_id=citizen_pk, purpose=purpose
        ),
        save=lambda user, data: services.job_add(actor=user, citizen_id=citizen_pk, **data),
        title=_("Register job"),
        success_message=_("The job has been registered."),
        back_to=citizen_pk,
    )


@require_http_methods(["GET", "POST"])
def job_end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _manager(request)
    purpose = gettext_lazy("Ending a job")
    citizen_id = selectors.job_citizen_id(job_id=pk)
    return _form_page(
        request,
        form=JobEndForm(request.POST or None, initial={"ends_on": timezone.localdate()}),
        citizen=lambda: selectors.job_for_form(user=user, job_id=pk, purpose=purpose)[1],
        save=lambda user, data: services.job_end(actor=user, job_id=pk, **data),
        title=_("End job"),
        success_message=_("The job has been ended."),
        back_to=citizen_id,
    )


def _report_year(request: HttpRequest) -> tuple[ReportYearForm, int]:
    if not can_read_employment_report.test(_user(request)):
        raise PermissionDenied
    form = ReportYearForm(request.GET or None)
    default = timezone.localdate().year
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else default
    if not form.is_bound:
        form = ReportYearForm(initial={"year": default})
    return form, year


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    form, year = _report_year(request)
    data = selectors.yearly_report(year=year)
    return TemplateResponse(
        request,
        "employment/report.html",
        {
            "form": form,
            "report": data,
            "tables": reports.tables(data),
            "definitions": reports.definitions(data),
        },
    )


@require_GET
def report_xlsx(request: HttpRequest) -> HttpResponse:
    _form, year = _report_year(request)
    data = selectors.yearly_report(year=year)
    return xlsx_response(filename=f"frikort-og-klap-{year}.xlsx", sheets=reports.sheets(data))


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    _form, year = _report_year(request)
    data = selectors.yearly_report(year=year)
    return pdf_response(
        request=request,
        template="employment/report_pdf.html",
        context={
            "report": data,
            "tables": reports.tables(data),
            "definitions": reports.definitions(data),
        },
        filename=f"frikort-og-klap-{year}.pdf",
    )
