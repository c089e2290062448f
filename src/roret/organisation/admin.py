"""Admin for the organisation's reference data (permissions in ``organisation/rules.py``)."""

from __future__ import annotations

from django.contrib import admin

from roret.core.admin import ReadOnlyMixin, ReferenceAdmin, ReferenceInline
from roret.organisation.models import Area, Department, Municipality, Partner, Team


class TeamInline(ReferenceInline):
    model = Team
    fields = ("name", "area", "method", "is_active")


@admin.register(Department)
class DepartmentAdmin(ReferenceAdmin):
    list_display = ("name", "kind", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    inlines = [TeamInline]


@admin.register(Team)
class TeamAdmin(ReferenceAdmin):
    list_display = ("name", "department", "area", "method", "is_active")
    list_filter = ("department", "area", "is_active")
    list_select_related = ("department", "area")
    search_fields = ("name", "method")


@admin.register(Area)
class AreaAdmin(ReferenceAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(Partner)
class PartnerAdmin(ReferenceAdmin):
    list_display = ("name", "kind", "cvr", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "cvr")


@admin.register(Municipality)
class MunicipalityAdmin(ReadOnlyMixin, ReferenceAdmin):
    """The 98 municipalities are official reference data from a migration: read only."""

    list_display = ("code", "name")
    search_fields = ("code", "name")
    ordering = ("code",)
