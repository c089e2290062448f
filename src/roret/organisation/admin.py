"""Admin for the organisation's reference data (permissions in ``organisation/rules.py``)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from rules.contrib.admin import (
    ObjectPermissionsModelAdminMixin,
    ObjectPermissionsTabularInline,
)

from roret.organisation.models import Area, Department, Municipality, Partner, Team


class TeamInline(ObjectPermissionsTabularInline):
    model = Team
    extra = 0
    fields = ("name", "area", "method", "is_active")


@admin.register(Department)
class DepartmentAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ("name", "department", "area", "method", "is_active")
    list_filter = ("department", "area", "is_active")
    list_select_related = ("department", "area")
    search_fields = ("name", "method")


@admin.register(Area)
class AreaAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Partner)
class PartnerAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "cvr", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "cvr")


@admin.register(Municipality)
class MunicipalityAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    """The 98 municipalities are official reference data from a migration: read only."""

    list_display = ("code", "name")
    search_fields = ("code", "name")
    ordering = ("code",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
