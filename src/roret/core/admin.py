"""The shapes every app's admin is built from (this module registers nothing).

Reference data the administrator keeps (the catalogues, the organisation, the drop-in
centres) is edited through ``ReferenceAdmin`` and ``ReferenceInline``: the permissions come
from the app's ``rules`` (``rules.contrib.admin``), so a role grants exactly what its
predicates say. ``ReadOnlyMixin`` goes first among the bases of an admin whose rows are never
added, changed or deleted there (the access log, the 98 municipalities)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from rules.contrib.admin import ObjectPermissionsModelAdminMixin, ObjectPermissionsTabularInline


class ReferenceAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    pass


class ReferenceInline(ObjectPermissionsTabularInline):
    extra = 0


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
