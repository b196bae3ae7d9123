"""Back office of the connections, read-only: the programme's staff follow the interests,
read their threads and meetings (to support the two sides, and for the programme's
figures), and see the joint applications; only the two organisations write, on the site."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from connect_to_innovate.models import Interest, InterestMessage, JointApplication, MeetingRequest
from socialtech.tenancy.admin import ReadOnlyAdminMixin


class MessageInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InterestMessage
    extra = 0
    can_delete = False
    fields = ("created_at", "author", "side", "body")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[InterestMessage]:
        return super().get_queryset(request).select_related("author")


class MeetingInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = MeetingRequest
    extra = 0
    can_delete = False
    fields = ("created_at", "side", "slot_1", "slot_2", "slot_3", "status", "chosen_at", "note")
    readonly_fields = fields


@admin.register(Interest)
class InterestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["challenge", "offer", "initiated_by_side", "status", "created_at"]
    list_filter = ["status", "initiated_by_side"]
    search_fields = ["challenge__title", "offer__title"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    list_select_related = ["challenge", "offer"]
    fields = (
        "challenge",
        "offer",
        "initiated_by_side",
        "created_by",
        "message",
        "status",
        "decided_by",
        "decided_at",
        "created_at",
        "joint_application_row",
    )
    readonly_fields = fields
    inlines = [MessageInline, MeetingInline]

    @admin.display(description=_("joint application"))
    def joint_application_row(self, interest: Interest) -> str:
        joint = (
            JointApplication.objects.filter(interest=interest)
            .select_related("application__call", "lead_organisation", "partner_organisation")
            .first()
        )
        if joint is None:
            return "—"
        return gettext("%(call)s: %(lead)s (lead) with %(partner)s (partner)") % {
            "call": joint.application.call,
            "lead": joint.lead_organisation.legal_name,
            "partner": joint.partner_organisation.legal_name,
        }

    def get_queryset(self, request: HttpRequest) -> QuerySet[Interest]:
        return (
            super()
            .get_queryset(request)
            .select_related("challenge", "offer", "created_by", "decided_by")
        )


@admin.register(JointApplication)
class JointApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "lead_organisation", "partner_organisation", "created_at"]
    search_fields = ["lead_organisation__legal_name", "partner_organisation__legal_name"]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    list_select_related = ["application__call", "lead_organisation", "partner_organisation"]
    fields = (
        "interest",
        "application",
        "lead_organisation",
        "partner_organisation",
        "created_by",
        "created_at",
    )
    readonly_fields = fields
