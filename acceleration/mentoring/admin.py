"""Back office of mentoring: mentor profiles, pairings (refused above the mentor's
maximum and for a mentor who works for the enterprise), sessions (invitations e-mailed)
and the attendance recorded on each session's attendance page. Every write goes through
the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from acceleration.errors import AccelerationError
from acceleration.mentoring import selectors, services
from acceleration.models import Attendance, MentorProfile, Pairing, Participant, Session
from socialtech.admin_services import ServiceSavedAdminMixin, service_refusal
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin


class TagsField(forms.CharField):
    """A list of tags typed as words separated by commas."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> Any:
        text = super().to_python(value) or ""
        return [part.strip() for part in str(text).split(",") if part.strip()]


class MentorProfileForm(forms.ModelForm):
    expertise = TagsField(
        label=_("expertise tags"), required=False, help_text=_("Separated by commas.")
    )
    languages = TagsField(
        label=_("languages"),
        required=False,
        help_text=_("Codes separated by commas, such as en, it."),
    )
    countries = TagsField(
        label=_("countries"),
        required=False,
        help_text=_("ISO codes separated by commas, such as IT, ES."),
    )

    class Meta:
        model = MentorProfile
        fields = [
            "user",
            "display_name",
            "employer",
            "expertise",
            "languages",
            "countries",
            "bio",
            "availability",
            "max_mentees",
            "is_active",
        ]


@admin.register(MentorProfile)
class MentorProfileAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    form = MentorProfileForm
    list_display = ["display_name", "user", "employer", "max_mentees", "mentees_count", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["display_name", "user__email"]
    ordering = ["display_name", "pk"]
    autocomplete_fields = ["user", "employer"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request: HttpRequest) -> QuerySet[MentorProfile]:
        return selectors.mentors_for_staff()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["user"] if obj is not None else []

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("active mentees"), ordering="mentees")
    def mentees_count(self, mentor: MentorProfile) -> int:
        return int(getattr(mentor, "mentees", 0))

    def save_through_service(
        self, request: HttpRequest, obj: MentorProfile, form: Any, change: bool
    ) -> MentorProfile:
        data = dict(form.cleaned_data)
        user = obj.user if change else data.pop("user")
        data.pop("user", None)
        try:
            return services.mentor_profile_save(
                by=request.user, profile=obj if change else None, user=user, **data
            )
        except AccelerationError as error:
            raise service_refusal(error) from None


@admin.register(Pairing)
class PairingAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["mentor", "participant_name", "cohort", "created_at"]
    list_filter = ["participant__cohort"]
    search_fields = ["mentor__display_name", "participant__organisation__legal_name"]
    ordering = ["mentor__display_name", "pk"]
    fields = ["mentor", "participant"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Pairing]:
        return selectors.pairings_for_staff()

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["mentor", "participant"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "participant":
            kwargs["queryset"] = Participant.objects.select_related("organisation", "cohort")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("participant"), ordering="participant__organisation__legal_name")
    def participant_name(self, pairing: Pairing) -> str:
        return pairing.participant.organisation.legal_name

    @admin.display(description=_("cohort"), ordering="participant__cohort__name")
    def cohort(self, pairing: Pairing) -> str:
        return pairing.participant.cohort.name

    def save_through_service(
        self, request: HttpRequest, obj: Pairing, form: Any, change: bool
    ) -> Pairing:
        if change:
            return obj
        data = form.cleaned_data
        try:
            return services.pairing_create(
                mentor=data["mentor"], participant=data["participant"], by=request.user
            )
        except AccelerationError as error:
            raise service_refusal(error) from None

    def delete_through_service(self, request: HttpRequest, obj: Pairing) -> None:
        try:
            services.pairing_end(pairing=obj, by=request.user)
        except AccelerationError as error:
            raise service_refusal(error) from None


@admin.register(Session)
class SessionAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "cohort",
        "kind",
        "starts_at",
        "duration_minutes",
        "mentor",
        "attendance",
    ]
    list_filter = ["kind", "cohort"]
    search_fields = ["title", "cohort__name"]
    ordering = ["-starts_at", "pk"]
    fields = [
        "cohort",
        "kind",
        "title",
        "starts_at",
        "duration_minutes",
        "place",
        "online_url",
        "participant",
        "mentor",
    ]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Session]:
        return selectors.sessions_for_staff()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "participant":
            kwargs["queryset"] = Participant.objects.select_related("organisation", "cohort")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=_("attendance"))
    def attendance(self, session: Session) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("acceleration_session_attendance", args=[session.pk]),
            gettext("Record attendance"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: Session, form: Any, change: bool
    ) -> Session:
        data = form.cleaned_data
        try:
            return services.session_save(
                by=request.user,
                session=obj if change else None,
                cohort=data["cohort"],
                kind=data["kind"],
                title=data["title"],
                starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"],
                place=data.get("place", ""),
                online_url=data.get("online_url", ""),
                participant=data.get("participant"),
                mentor=data.get("mentor"),
            )
        except AccelerationError as error:
            raise service_refusal(error) from None


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["session", "participant_name", "status", "recorded_by", "recorded_at"]
    list_filter = ["status"]
    search_fields = ["session__title", "participant__organisation__legal_name"]
    ordering = ["-recorded_at", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Attendance]:
        return selectors.attendances_for_staff()

    @admin.display(description=_("participant"), ordering="participant__organisation__legal_name")
    def participant_name(self, attendance: Attendance) -> str:
        return attendance.participant.organisation.legal_name
