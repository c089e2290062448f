"""Administration: the log and its seals are read-only; retention rules are edited here.

Reading the log is itself a use of personal data (it names citizens and what was done with
their data), so the admin's list and detail pages write their own log entries.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop

from roret.accounts.models import User
from roret.audit.models import ACCESS_LOG_RECORD_TYPE, AccessLogEntry, RetentionRule, Seal
from roret.audit.services import record_access
from roret.core.admin import ReadOnlyMixin

ADMIN_PURPOSE = gettext_noop("Review of the access log in the administration")


def _actor(request: HttpRequest) -> User | None:
    return request.user if isinstance(request.user, User) else None


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = [
        "at",
        "action",
        "granted",
        "object_type",
        "object_id",
        "citizen_id",
        "actor",
        "actor_department",
    ]
    list_filter = ["action", "granted"]
    list_select_related = ["actor", "actor_department"]
    search_fields = ["object_type", "=object_id"]
    ordering = ["-id"]
    # Counting every row of a log with many millions of entries makes each page slow.
    show_full_result_count = False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if request.method == "GET" and response.status_code == 200:
            record_access(
                actor=_actor(request),
                action=AccessLogEntry.Action.SEARCH,
                object_type=ACCESS_LOG_RECORD_TYPE,
                purpose=ADMIN_PURPOSE,
                # Decoded, not URL-encoded, so that a CPR typed with a space is still masked.
                criterion="; ".join(
                    f"{key}={value}" for key, values in request.GET.lists() for value in values
                ),
            )
        return response

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        entry = self.get_object(request, unquote(object_id))
        if request.method == "GET" and response.status_code == 200 and entry is not None:
            record_access(
                actor=_actor(request),
                action=AccessLogEntry.Action.VIEW,
                object_type=ACCESS_LOG_RECORD_TYPE,
                object_id=entry.pk,
                citizen_id=entry.citizen_id,
                purpose=ADMIN_PURPOSE,
            )
        return response


@admin.register(Seal)
class SealAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["sealed_at", "first_position", "last_position", "count", "head_hash"]
    ordering = ["-last_position"]
    show_full_result_count = False


@admin.register(RetentionRule)
class RetentionRuleAdmin(admin.ModelAdmin):
    list_display = ["record_type", "keep_days", "note"]
    search_fields = ["record_type"]
