"""Administrators set up the drop-in centres (permissions in ``dropin/rules.py``)."""

from __future__ import annotations

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdminMixin, ObjectPermissionsTabularInline

from roret.dropin.models import Category, OpeningHours, Site, Slot


class OpeningHoursInline(ObjectPermissionsTabularInline):
    model = OpeningHours
    extra = 0


class SlotInline(ObjectPermissionsTabularInline):
    model = Slot
    extra = 0


class CategoryInline(ObjectPermissionsTabularInline):
    model = Category
    extra = 0


@admin.register(Site)
class SiteAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ("name", "address", "department", "is_active")
    list_filter = ("department", "is_active")
    list_select_related = ("department",)
    search_fields = ("name",)
    inlines = [OpeningHoursInline, SlotInline, CategoryInline]
