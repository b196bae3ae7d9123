"""Back office of the demo days: write a cohort's demo day (its window, slots and the
investors invited) and publish its selection (every applicant is e-mailed); the pitch
applications, where staff select up to the slots, set the running order and, after the
day, note each pitch's outcome. Rows change only through the demo days' services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from acceleration.demoday import selectors, services
from acceleration.errors import AccelerationError
from acceleration.models import DemoDay, PitchApplication, PitchStatus
from socialtech.admin_services import ServiceSavedAdminMixin, move_each
from socialtech.tenancy.admin import TenantScopedAdminMixin


@admin.register(DemoDay)
class DemoDayAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "cohort",
        "starts_at",
        "applications_close_at",
        "pitch_slots",
        "applications",
        "selected",
        "is_published",
        "selection_published_at",
        "page",
    ]
    list_filter = ["is_published"]
    search_fields = ["title", "slug"]
    list_select_related = ["cohort"]
    ordering = ["-starts_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    filter_horizontal = ["invited_entries"]
    prepopulated_fields = {"slug": ("title",)}
    actions = ["publish_selection"]
    fields = [
        "cohort",
        "slug",
        "title",
        "description",
        "starts_at",
        "time_zone",
        "place",
        "online_url",
        "applications_close_at",
        "pitch_slots",
        "invited_entries",
        "is_published",
        "selection_published_at",
    ]
    readonly_fields = ["selection_published_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[DemoDay]:
        return selectors.with_counts(super().get_queryset(request))

    @admin.display(description=_("applications"), ordering="application_count")
    def applications(self, demo_day: DemoDay) -> int:
        return int(getattr(demo_day, "application_count", 0))

    @admin.display(description=_("selected"), ordering="selected_count")
    def selected(self, demo_day: DemoDay) -> int:
        return int(getattr(demo_day, "selected_count", 0))

    @admin.display(description=_("page"))
    def page(self, demo_day: DemoDay) -> SafeString:
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("acceleration_demo_day_detail", args=[demo_day.slug]),
            gettext("Preview"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: DemoDay, form: Any, change: bool
    ) -> DemoDay:
        data = form.cleaned_data
        return services.demo_day_save(
            by=request.user,
            demo_day=obj if change else None,
            cohort=data["cohort"],
            slug=data.get("slug") or "",
            title=data["title"],
            description=data.get("description") or "",
            starts_at=data["starts_at"],
            time_zone=data.get("time_zone") or "",
            place=data.get("place") or "",
            online_url=data.get("online_url") or "",
            applications_close_at=data["applications_close_at"],
            pitch_slots=data["pitch_slots"],
            invited_entries=list(data.get("invited_entries") or []),
            is_published=bool(data.get("is_published")),
        )

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service set the invited entries; nothing else to save.
        return None

    @admin.action(description=_("Publish the selection (every applicant is e-mailed)"))
    def publish_selection(self, request: HttpRequest, queryset: QuerySet[DemoDay]) -> None:
        move_each(
            request,
            list(queryset),
            services.demo_day_publish_selection,
            keyword="demo_day",
            done=gettext("The selection of “%(demo_day)s” is published."),
            refused=AccelerationError,
        )


@admin.register(PitchApplication)
class PitchApplicationAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "status", "pitch_order", "applied_at", "decided_at"]
    list_filter = ["status", "demo_day"]
    search_fields = ["participant__organisation__legal_name", "demo_day__title"]
    list_select_related = ["participant__organisation", "demo_day"]
    ordering = ["demo_day", "pitch_order", "applied_at", "pk"]
    list_per_page = 100
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["select_pitches", "unselect_pitches"]
    fields = [
        "demo_day",
        "participant",
        "submitted_by",
        "applied_at",
        "summary",
        "ask",
        "status",
        "decided_at",
        "pitch_order",
        "outcome_note",
    ]
    readonly_fields = [
        "demo_day",
        "participant",
        "submitted_by",
        "applied_at",
        "summary",
        "ask",
        "status",
        "decided_at",
    ]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_through_service(
        self, request: HttpRequest, obj: PitchApplication, form: Any, change: bool
    ) -> PitchApplication:
        data = form.cleaned_data
        saved = PitchApplication.objects.get(pk=obj.pk)
        order = data.get("pitch_order")
        if order is not None and order != saved.pitch_order:
            saved = services.pitch_order_set(pitch=saved, by=request.user, order=order)
        note = (data.get("outcome_note") or "").strip()
        if note and note != saved.outcome_note:
            saved = services.pitch_outcome_record(pitch=saved, by=request.user, note=note)
        return saved

    def _titled(self, queryset: QuerySet[PitchApplication]) -> list[PitchApplication]:
        rows = list(queryset.select_related("participant__organisation", "demo_day"))
        for row in rows:
            row.title = str(row)  # type: ignore[attr-defined]
        return rows

    @admin.action(description=_("Select the chosen applications to pitch (up to the slots)"))
    def select_pitches(self, request: HttpRequest, queryset: QuerySet[PitchApplication]) -> None:
        move_each(
            request,
            self._titled(
                queryset.exclude(status=PitchStatus.SELECTED).order_by("applied_at", "pk")
            ),
            services.pitch_select,
            keyword="pitch",
            done=gettext("“%(pitch)s” is selected."),
            refused=AccelerationError,
        )

    @admin.action(description=_("Mark the chosen applications not selected"))
    def unselect_pitches(self, request: HttpRequest, queryset: QuerySet[PitchApplication]) -> None:
        move_each(
            request,
            self._titled(queryset),
            services.pitch_unselect,
            keyword="pitch",
            done=gettext("“%(pitch)s” is not selected."),
            refused=AccelerationError,
        )
