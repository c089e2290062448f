"""Admin for the legal-basis catalogue and the processing standards (reference data)."""

from __future__ import annotations

from django.contrib import admin

from roret.casework.models import LegalBasis, ProcessingStandard
from roret.core.admin import ReferenceAdmin, ReferenceInline


class ProcessingStandardInline(ReferenceInline):
    model = ProcessingStandard
    fields = ("amount", "unit", "valid_from", "valid_to")


@admin.register(LegalBasis)
class LegalBasisAdmin(ReferenceAdmin):
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
class ProcessingStandardAdmin(ReferenceAdmin):
    list_display = ("legal_basis", "amount", "unit", "valid_from", "valid_to")
    list_filter = ("unit",)
    list_select_related = ("legal_basis",)
    fields = ("legal_basis", "amount", "unit", "valid_from", "valid_to")
