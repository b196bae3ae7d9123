"""Back office of the introductions: the requests with their organisation, entry and
status; on each, the one form of the next step its state allows (accept, decline, a
meeting, an offer, the investment or contract in EUR, no follow-up), saved through the
introductions' services. Introductions are asked by participants, never added here."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from acceleration.introductions import services
from acceleration.models import (
    INTRODUCTION_TRANSITIONS,
    EntryKind,
    Introduction,
    IntroductionStatus,
)
from socialtech.admin_services import ServiceSavedAdminMixin
from socialtech.tenancy.admin import TenantScopedAdminMixin

READ_ONLY: list[Any] = [
    "participant",
    "entry",
    "requested_by",
    "requested_at",
    "reason",
    "seeking",
    "amount_sought",
    "status",
    "answered_at",
    "answered_by",
    "answer_note",
    "meeting_on",
    "offer_on",
    "investment_amount",
    "investment_on",
    "contract_value",
    "contract_on",
    "closed_on",
    "notes",
]


class IntroductionStepAdminForm(forms.ModelForm):
    to = forms.ChoiceField(label=_("Next step"), required=False)
    on = forms.DateField(
        label=_("Date"), required=False, help_text=_("When it happened (not for an answer).")
    )
    amount = forms.DecimalField(
        label=_("Amount (EUR)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
        help_text=_("The investment made, or the contract's value."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = Introduction
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        introduction = self.instance
        allowed = INTRODUCTION_TRANSITIONS.get(introduction.status, set())
        is_procurer = introduction.pk is not None and introduction.entry.kind == EntryKind.PROCURER
        field = self.fields["to"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "—")] + [
            (value, label)
            for value, label in IntroductionStatus.choices
            if value in allowed
            and not (is_procurer and value == IntroductionStatus.INVESTMENT_MADE)
            and not (not is_procurer and value == IntroductionStatus.CONTRACT_WON)
        ]


@admin.register(Introduction)
class IntroductionAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    form = IntroductionStepAdminForm
    list_display = [
        "__str__",
        "status",
        "amount_sought",
        "investment_amount",
        "contract_value",
        "requested_at",
    ]
    list_filter = ["status", "entry__kind"]
    search_fields = ["participant__organisation__legal_name", "entry__name"]
    list_select_related = ["participant__organisation", "entry"]
    ordering = ["-requested_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    fieldsets = [
        (None, {"fields": READ_ONLY}),
        (_("Record the next step"), {"fields": ["to", "on", "amount", "note"]}),
    ]
    readonly_fields = READ_ONLY

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_through_service(
        self, request: HttpRequest, obj: Introduction, form: Any, change: bool
    ) -> Introduction:
        data = form.cleaned_data
        if not data.get("to"):
            return obj
        return services.introduction_move(
            introduction=obj,
            by=request.user,
            to=data["to"],
            on=data.get("on"),
            amount=data.get("amount"),
            note=data.get("note") or "",
        )
