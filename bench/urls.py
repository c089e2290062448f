"""Roret's URLs plus the bench's reference page."""

from __future__ import annotations

from django.urls import path

from bench.views import reference
from roret.urls import urlpatterns as roret_urlpatterns

urlpatterns = [
    path("bench/reference/", reference, name="bench_reference"),
    *roret_urlpatterns,
]
