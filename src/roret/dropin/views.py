"""Drop-in pages. Thin: parse a form, call one selector or service, render.

The counter answers htmx with a partial (the new figure, a fresh token for the next tap and
the sentence for the live region); without JavaScript the form posts and redirects back.

Every URL names a drop-in centre, never a person: the counts are anonymous, so the routes
are ``not_citizen_data`` and the site's own department check (``roret.dropin.access``)
decides 404 and 403.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from roret.accounts.http import AuthenticatedRequest
from roret.core.exports import report_views
from roret.core.forms import form_page
from roret.core.routing import route
from roret.dropin import reports, selectors, services
from roret.dropin.forms import CorrectionForm, PeriodForm, TapForm
from roret.dropin.rules import can_use_dropin
from roret.people.gate import not_citizen_data


def _htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@route("")
@require_GET
def site_list(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    if not can_use_dropin.test(user):
        raise PermissionDenied
    return TemplateResponse(
        request, "dropin/site_list.html", {"rows": selectors.sites_for(user=user)}
    )


@route("<int:pk>/taelling/")
@require_GET
@not_citizen_data
def counter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    page = selectors.counter(user=request.user, site_id=pk)
    return TemplateResponse(
        request, "dropin/counter.html", {"counter": page, "new_token": uuid.uuid4}
    )


@route("<int:pk>/taelling/tryk/")
@require_POST
@not_citizen_data
def tap(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Not a form page: an htmx tap is answered with a partial, not a redirect."""
    form = TapForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("The tap could not be read. Reload the page."))
    data = form.cleaned_data
    try:
        result = services.tap(
            actor=request.user,
            site_id=pk,
            category_id=data["category"],
            token=data["token"],
            delta=data["delta"],
        )
    except ValidationError as exc:
        message = " ".join(exc.messages)
        if not _htmx(request):
            messages.error(request, message)
            return redirect("dropin:counter", pk=pk)
        return TemplateResponse(
            request, "dropin/counter.html#tap-result", {"error": message, "new_token": uuid.uuid4}
        )
    if not _htmx(request):
        return redirect("dropin:counter", pk=pk)
    return TemplateResponse(
        request, "dropin/counter.html#tap-result", {"result": result, "new_token": uuid.uuid4}
    )


@route("<int:pk>/rettelser/")
@require_http_methods(["GET", "POST"])
@not_citizen_data
def corrections(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    page = selectors.corrections(user=request.user, site_id=pk)
    return form_page(
        request,
        form=CorrectionForm(request.POST or None, categories=page.categories),
        save=lambda data, _version: services.correct(
            actor=request.user,
            site_id=pk,
            category_id=data["category"].pk,
            date=data["date"],
            hour=data["hour"],
            visits=data["visits"],
            reason=data["reason"],
        ),
        success_url=reverse("dropin:corrections", args=[pk]),
        message=_("The count has been corrected."),
        context={
            "page": page,
            "title": _("Correct counts"),
            "lead": page.site.name,
            "back_url": reverse("dropin:site_list"),
            "back_label": _("Drop-in centres"),
            "submit_label": _("Save correction"),
        },
        template="dropin/corrections.html",
    )


def _statistics(request: AuthenticatedRequest, pk: int) -> tuple[PeriodForm, selectors.Statistics]:
    site = selectors.site_for_statistics(user=request.user, site_id=pk)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    return form, selectors.statistics(site=site, start=start, end=end)


def _statistics_page(
    request: HttpRequest, read: tuple[PeriodForm, selectors.Statistics]
) -> dict[str, Any]:
    form, stats = read
    if not form.is_bound:
        form = PeriodForm(initial={"start": stats.start, "end": stats.end})
    return {
        "form": form,
        "stats": stats,
        "charts": reports.charts(stats),
        "query": request.GET.urlencode(),
    }


_STATISTICS = report_views(
    read=_statistics,
    template="dropin/statistics.html",
    context=_statistics_page,
    pdf_template="dropin/statistics_pdf.html",
    pdf_context=lambda read: reports.pdf_context(read[1]),
    sheets=lambda read: reports.sheets(read[1]),
    filename=lambda read: f"besoeg-{read[1].site.name}-{read[1].start}-{read[1].end}",
)
statistics = route("<int:pk>/statistik/")(not_citizen_data(_STATISTICS.page))
statistics_xlsx = route("<int:pk>/statistik.xlsx")(not_citizen_data(_STATISTICS.xlsx))
statistics_pdf = route("<int:pk>/statistik.pdf")(not_citizen_data(_STATISTICS.pdf))


@route("<int:pk>/bemanding/")
@require_GET
@not_citizen_data
def staffing(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    site = selectors.site_for_statistics(user=request.user, site_id=pk)
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    result = selectors.staffing(site=site, start=start, end=end)
    if not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": end})
    return TemplateResponse(request, "dropin/staffing.html", {"form": form, "staffing": result})
