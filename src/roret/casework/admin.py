"""Admin for the legal-basis catalogue and the processing standards (reference data)."""

from __future__ import annotations

from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdminMixin, ObjectPermissionsTabularInline

from roret.casework.models import LegalBasis, ProcessingStandard


class ProcessingStandardInline(ObjectPermissionsTabularInline):
    model = ProcessingStandard
    extra = 0
    fields = ("amount", "unit", "valid_from", "valid_to")


@admin.register(LegalBasis)
class LegalBasisAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "title", "requires_decision", "can_be_appealed", "is_active")
    list_filter = ("requires_decision", "can_be_appealed", "is_active")
    search_fields = ("paragraph", "title")
    fields = (
        "law",
        "paragraph",
        "title",
        "requires_decision",
        "can_be_appealed",
        "note",
        "is_active",
        "order",
    )
    inlines = [ProcessingStandardInline]


@admin.register(ProcessingStandard)
class ProcessingStandardAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    list_display = ("legal_basis", "amount", "unit", "valid_from", "valid_to")
    list_filter = ("unit",)
    list_select_related = ("legal_basis",)
    fields = ("legal_basis", "amount", "unit", "valid_from", "valid_to")
