"""Admin for staff accounts and roles: administrators manage who may do what.

Permissions come from ``roret.accounts.rules`` (the administrator role). An administrator
who is not a superuser cannot grant superuser or Django staff status or raw permissions, so
the role cannot be used to reach case content.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from roret.accounts import services
from roret.accounts.models import Role, User
from roret.core.admin import ReferenceAdmin

_SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@admin.register(User)
class UserAdmin(ObjectPermissionsModelAdminMixin, DjangoUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Organisation and roles"), {"fields": ("departments", "teams", "roles")}),
        (
            _("Status"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    filter_horizontal = ("departments", "teams", "roles", "groups", "user_permissions")
    list_display = ("username", "first_name", "last_name", "is_active", "role_list", "has_2fa")
    list_filter = ("is_active", "roles", "departments", "teams")
    search_fields = ("username", "first_name", "last_name", "email")
    readonly_fields = ("last_login", "date_joined")
    actions = ["reset_two_factor"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        devices = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return (
            super()
            .get_queryset(request)
            .prefetch_related("roles")
            .annotate(confirmed_devices=Exists(devices))
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += _SUPERUSER_ONLY_FIELDS
        return fields

    @admin.display(description=_("roles"))
    def role_list(self, obj: User) -> str:
        return ", ".join(role.name for role in obj.roles.all())

    @admin.display(description=_("two-factor"), boolean=True)
    def has_2fa(self, obj: Any) -> bool:
        return bool(getattr(obj, "confirmed_devices", False))

    @admin.action(description=_("Reset two-factor login (the user enrols again)"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        for user in queryset:
            services.two_factor_reset(user=user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Two-factor login was reset for %(count)d user.",
                "Two-factor login was reset for %(count)d users.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        if not self.has_change_permission(request):
            actions.pop("reset_two_factor", None)
        return actions


@admin.register(Role)
class RoleAdmin(ReferenceAdmin):
    list_display = ("name", "code", "member_count")
    search_fields = ("name", "code")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Role]:
        return super().get_queryset(request).annotate(member_count=Count("users"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Permission predicates refer to roles by code: renaming a code would break them.
        return ("code",) if obj is not None else ()

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj: Any) -> int:
        return int(obj.member_count)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.code in services.BUILT_IN_ROLE_CODES:
            return False
        return super().has_delete_permission(request, obj)
