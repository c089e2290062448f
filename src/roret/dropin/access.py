"""Fetching a site for a user: the one place that decides 404 (not your department's site)
or 403 (your department's site, but not your task)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from roret.accounts.models import User
from roret.dropin.models import Site


def site_for(user: User, site_id: int, predicate: Any) -> Site:
    site = (
        Site.objects.select_related("department")
        .filter(pk=site_id, is_active=True, department_id__in=user.department_ids)
        .first()
    )
    if site is None:
        raise Http404
    if not predicate.test(user, site):
        raise PermissionDenied
    return site
