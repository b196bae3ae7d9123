"""Back office of the newsletter list: the subscribers, read-only, filtered by status with
the count of each, and the download of the confirmed addresses for the mail tool (audited).
Rows change only through the visitors' own links."""

from __future__ import annotations

import csv
import io
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext

from dissemination.models import Subscriber, SubscriberStatus
from dissemination.newsletter import selectors, services
from socialtech.spreadsheets import neutralise_formula
from socialtech.tenancy.admin import ReadOnlyAdminMixin


def confirmed_csv(rows: list[tuple[str, str, Any]], *, zone: Any) -> str:
    """The confirmed addresses as CSV text with a byte-order mark: e-mail, language,
    confirmed at (ISO 8601 in ``zone``); text cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([gettext("E-mail address"), gettext("Language"), gettext("Confirmed at")])
    for email, language, confirmed_at in rows:
        writer.writerow(
            [
                neutralise_formula(email),
                neutralise_formula(language),
                timezone.localtime(confirmed_at, zone).isoformat() if confirmed_at else "",
            ]
        )
    return "\ufeff" + buffer.getvalue()


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["email", "language", "status", "source", "created_at", "confirmed_at"]
    list_filter = ["status", "language"]
    search_fields = ["email"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 100
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    fields = (
        "email",
        "language",
        "status",
        "source",
        "consent_text",
        "consented_at",
        "confirmed_at",
        "unsubscribed_at",
        "created_at",
    )
    readonly_fields = fields
    change_list_template = "dissemination/admin/subscriber_change_list.html"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "confirmed.csv",
                view(self.export_view),
                name="dissemination_subscriber_export",
            ),
            *super().get_urls(),
        ]

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> TemplateResponse:
        counts = selectors.counts_by_status()
        context = {
            **(extra_context or {}),
            "status_counts": [(label, counts[value]) for value, label in SubscriberStatus.choices],
            "export_url": reverse("admin:dissemination_subscriber_export"),
        }
        return super().changelist_view(request, extra_context=context)  # type: ignore[return-value]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """The confirmed subscribers as a CSV download for the mail tool; recorded."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        rows = list(
            selectors.confirmed_subscribers().values_list("email", "language", "confirmed_at")
        )
        services.subscribers_export_record(by=request.user, rows=len(rows))
        zone = ZoneInfo(request.tenant.default_timezone)  # type: ignore[attr-defined]
        response = HttpResponse(
            confirmed_csv(rows, zone=zone).encode("utf-8"), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="newsletter-confirmed-{stamp}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response


__all__ = ["SubscriberAdmin", "confirmed_csv"]
