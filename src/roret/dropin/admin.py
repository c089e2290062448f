"""Administrators set up the drop-in centres (permissions in ``dropin/rules.py``)."""

from __future__ import annotations

from django.contrib import admin

from roret.core.admin import ReferenceAdmin, ReferenceInline
from roret.dropin.models import Category, OpeningHours, Site, Slot


class OpeningHoursInline(ReferenceInline):
    model = OpeningHours


class SlotInline(ReferenceInline):
    model = Slot


class CategoryInline(ReferenceInline):
    model = Category


@admin.register(Site)
class SiteAdmin(ReferenceAdmin):
    list_display = ("name", "address", "department", "is_active")
    list_filter = ("department", "is_active")
    list_select_related = ("department",)
    search_fields = ("name",)
    inlines = [OpeningHoursInline, SlotInline, CategoryInline]
