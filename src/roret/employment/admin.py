"""Admin for the yearly frikort amounts (reference data the administrator adds each year)."""

from __future__ import annotations

from django.contrib import admin

from roret.core.admin import ReferenceAdmin
from roret.employment.models import FrikortCap


@admin.register(FrikortCap)
class FrikortCapAdmin(ReferenceAdmin):
    list_display = ("year", "amount", "regulation_note")
    fields = ("year", "amount", "regulation_note")
