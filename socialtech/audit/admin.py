from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from socialtech.audit.models import AuditEvent
from socialtech.tenancy.admin import TenantScopedAdminMixin
from socialtech.tenancy.context import require_active_tenant


@admin.register(AuditEvent)
class AuditEventAdmin(TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["at", "actor", "verb", "object_type", "object_repr"]
    list_filter = ["verb", "object_type", ("at", admin.DateFieldListFilter)]
    search_fields = ["verb", "object_repr", "actor__email", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["actor", "object_type"]
    readonly_fields = [
        "at",
        "tenant",
        "actor",
        "verb",
        "object_type",
        "object_id",
        "object_repr",
        "data",
    ]
    list_per_page = 50

    def get_queryset(self, request: HttpRequest) -> QuerySet[AuditEvent]:
        queryset = AuditEvent.objects.all()
        if request.user.is_superuser and getattr(request, "admin_all_tenants", False):
            return queryset
        return queryset.filter(tenant=require_active_tenant())

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEvent | None = None) -> bool:
        return False

    @admin.display(description=_("object type"))
    def object_kind(self, obj: AuditEvent) -> str:
        return str(obj.object_type) if obj.object_type else "-"
