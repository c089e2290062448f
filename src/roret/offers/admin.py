"""Admin for the offer catalogue, rates and course set-up (reference data the administrator
keeps). Referrals, enrolments and attendance are case content and are not in the admin."""

from __future__ import annotations

from django.contrib import admin

from roret.core.admin import ReferenceAdmin, ReferenceInline
from roret.offers.models import CourseModule, CourseRun, CourseSession, Offer, Rate


class RateInline(ReferenceInline):
    model = Rate
    fields = ("amount", "unit", "valid_from", "valid_to")


@admin.register(Offer)
class OfferAdmin(ReferenceAdmin):
    list_display = ("name", "legal_basis", "department", "partner", "capacity", "active_to")
    list_filter = ("legal_basis", "department")
    list_select_related = ("legal_basis", "department", "partner")
    search_fields = ("name", "target_group")
    fields = (
        "name",
        "description",
        "legal_basis",
        "department",
        "team",
        "partner",
        "target_group",
        "capacity",
        "max_duration_months",
        "requires_decision",
        "contact",
        "active_from",
        "active_to",
    )
    inlines = [RateInline]


@admin.register(Rate)
class RateAdmin(ReferenceAdmin):
    list_display = ("offer", "amount", "unit", "valid_from", "valid_to")
    list_filter = ("unit",)
    list_select_related = ("offer",)
    fields = ("offer", "amount", "unit", "valid_from", "valid_to")


class ModuleInline(ReferenceInline):
    model = CourseModule
    fields = ("order", "theme")


@admin.register(CourseRun)
class CourseRunAdmin(ReferenceAdmin):
    list_display = ("name", "offer", "starts_on", "ends_on", "place")
    list_select_related = ("offer",)
    fields = ("offer", "name", "starts_on", "ends_on", "place")
    inlines = [ModuleInline]


@admin.register(CourseSession)
class CourseSessionAdmin(ReferenceAdmin):
    list_display = ("course_run", "date", "starts_at", "module", "place")
    list_select_related = ("course_run", "module")
    fields = (
        "course_run",
        "module",
        "date",
        "starts_at",
        "ends_at",
        "place",
        "facilitators",
        "volunteer_partners",
    )
    filter_horizontal = ("facilitators", "volunteer_partners")
