"""Back office of the events: write, preview, publish and cancel an event (its registrants
are e-mailed), with its seats taken and its waiting list; the registrations, read-only,
which staff may cancel (a freed seat goes to the first person waiting). Rows change only
through the events' services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dissemination.events import selectors, services
from dissemination.models import Event, Registration
from dissemination.news.admin import move_each
from socialtech.admin_services import ServiceSavedAdminMixin
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin


@admin.register(Event)
class EventAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "starts_at",
        "format",
        "status",
        "capacity",
        "confirmed",
        "waiting",
        "preview",
    ]
    list_filter = ["status", "format"]
    search_fields = ["title", "slug", "location"]
    ordering = ["-starts_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["publish_events", "cancel_events"]
    fields = [
        "slug",
        "title",
        "description",
        "format",
        "location",
        "online_url",
        "starts_at",
        "ends_at",
        "capacity",
        "registration_closes_at",
        "status",
        "published_at",
        "cancelled_at",
        "registration_list",
    ]
    readonly_fields = ["status", "published_at", "cancelled_at", "registration_list"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Events are cancelled, never deleted: registrants are told.
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return selectors.with_counts(super().get_queryset(request))

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, event: Event) -> int:
        return int(getattr(event, "confirmed_count", 0))

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, event: Event) -> int:
        return int(getattr(event, "waiting_count", 0))

    @admin.display(description=_("page"))
    def preview(self, event: Event) -> SafeString:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("dissemination_event_detail", args=[event.slug]),
            gettext("Preview"),
        )

    @admin.display(description=_("registrations"))
    def registration_list(self, event: Event) -> SafeString:
        if event.pk is None:
            return format_html("{}", "—")
        rows = selectors.registrations_of_event(event)
        listed = format_html_join(
            "",
            "<li>{} · {}{}</li>",
            (
                (
                    row.user.full_name or row.user.email,
                    row.get_status_display(),
                    f" #{row.position}" if row.position else "",
                )
                for row in rows
            ),
        )
        link = (
            reverse("admin:dissemination_registration_changelist") + f"?event__id__exact={event.pk}"
        )
        return format_html(
            '<ul>{}</ul><p><a href="{}">{}</a></p>',
            listed or format_html("<li>{}</li>", gettext("Nobody yet.")),
            link,
            gettext("All registrations of this event"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: Event, form: Any, change: bool
    ) -> Event:
        data = form.cleaned_data
        return services.event_save(
            by=request.user,
            event=obj if change else None,
            slug=data["slug"],
            title=data["title"],
            description=data.get("description") or "",
            format=data["format"],
            location=data.get("location") or "",
            online_url=data.get("online_url") or "",
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            capacity=data.get("capacity"),
            registration_closes_at=data.get("registration_closes_at"),
        )

    @admin.action(description=_("Publish the selected events"))
    def publish_events(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        move_each(
            request, queryset, services.event_publish, gettext("“%(title)s” is published."), "event"
        )

    @admin.action(description=_("Cancel the selected events (registrants are e-mailed)"))
    def cancel_events(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        move_each(
            request, queryset, services.event_cancel, gettext("“%(title)s” is cancelled."), "event"
        )


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["event", "user", "status", "position", "created_at", "reminded_at"]
    list_filter = ["status", "event"]
    search_fields = ["user__email", "user__full_name", "event__title"]
    list_select_related = ["event", "user"]
    ordering = ["event", "status", "position", "created_at", "pk"]
    list_per_page = 100
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["cancel_registrations"]

    def get_actions(self, request: HttpRequest) -> Any:
        # Read-only rows, but staff may cancel them through the service.
        actions = super().get_actions(request)
        if not TenantScopedAdminMixin.has_change_permission(self, request):
            actions.pop("cancel_registrations", None)
        return actions

    @admin.action(
        description=_(
            "Cancel the selected registrations (a freed seat goes to the first person waiting)"
        )
    )
    def cancel_registrations(self, request: HttpRequest, queryset: QuerySet[Registration]) -> None:
        rows = list(queryset.select_related("event", "user"))
        for row in rows:
            row.title = str(row)  # type: ignore[attr-defined]
        move_each(
            request,
            rows,
            services.registration_cancel,
            gettext("“%(title)s” is cancelled."),
            "registration",
        )
