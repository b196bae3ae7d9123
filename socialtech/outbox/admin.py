"""The outbox in the back office: read only, for operators following a broker outage."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from socialtech.outbox.models import OutboxMessage
from socialtech.tenancy.admin import OperatorOnlyAdminMixin


class SentFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("waiting", _("waiting")), ("sent", _("sent"))]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        if self.value() == "waiting":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(OutboxMessage)
class OutboxMessageAdmin(OperatorOnlyAdminMixin, admin.ModelAdmin):
    """Rows of every programme (the arguments name the tenant): the operator's only."""

    list_display = ["task_name", "created", "sent_at", "attempts", "last_error"]
    list_filter = [SentFilter, "task_name"]
    search_fields = ["task_name"]
    readonly_fields = ["task_name", "kwargs", "created", "sent_at", "attempts", "last_error"]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
