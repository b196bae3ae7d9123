"""The reports back office: one module per sub-domain, registered on import.

The funding report files' admin also carries the coordinators' dashboard (its page, the
JSON of its charts and its PDF summary), under the same sign-in check.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, reverse

from reports.beneficiaries import admin as beneficiaries_admin
from reports.budget import admin as budget_admin
from reports.dashboard.admin import dashboard_urls
from reports.dashboard.selectors import may_read_dashboard
from reports.exports import admin as exports_admin
from reports.models import ReportExport


class ReportsAdmin(exports_admin.ReportExportAdmin):
    def get_urls(self) -> list[URLPattern]:
        return [*dashboard_urls(self), *super().get_urls()]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = dict(extra_context or {})
        if may_read_dashboard(request.user):
            context["dashboard_url"] = reverse("admin:reports_dashboard")
        return super().changelist_view(request, context)


admin.site.unregister(ReportExport)
admin.site.register(ReportExport, ReportsAdmin)

__all__ = ["ReportsAdmin", "beneficiaries_admin", "budget_admin", "exports_admin"]
