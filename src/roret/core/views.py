from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from roret.core.navigation import report_links

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
    """The staff start page ("Mit overblik"); each module adds its own panel."""
    return TemplateResponse(request, "core/home.html", {})
