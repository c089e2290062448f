"""Admin for the outreach workers' areas and capacities (organisation data)."""

from __future__ import annotations

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from roret.outreach.models import OutreachWorker


@admin.register(OutreachWorker)
class OutreachWorkerAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ("user", "area", "capacity")
    list_filter = ("area",)
    list_select_related = ("user", "area")
    fields = ("user", "area", "capacity")
    raw_id_fields = ("user",)
