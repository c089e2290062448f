from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from roret.core.navigation import report_links
from roret.core.sections import contributed_sections, record_page_read

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers; no login, no personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database did not answer")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def reports(request: HttpRequest) -> HttpResponse:
    """One place for the modules' reports, each listed only to those who may read it."""
    return TemplateResponse(request, "core/reports.html", {"reports": report_links(request)})


def home(request: HttpRequest) -> HttpResponse:
    """The staff start page ("Mit overblik"): the day's work, one block per role and module
    (hook ``core.home``), each linking to its full list. One access-log entry for the page
    when a block is a list of citizens, as each list page writes its one."""
    sections = contributed_sections("core.home", user=request.user)
    record_page_read(user=request.user, purpose=_("My overview"), sections=sections)
    return TemplateResponse(request, "core/home.html", {"sections": sections})
