"""Back office of the surveys, for the programme's staff: a survey with its dimensions and
questions (inlines), opening and closing it, and its responses (read-only, counted per
survey). Rows change only through the surveys' services, which write the audit rows; a
service's refusal is shown next to the field it names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from calls.form_helpers import content_languages, format_options, parse_options
from mapping.errors import MappingError
from mapping.models import Dimension, Question, Response, Survey, SurveyStatus
from mapping.surveys import selectors, services
from mooc.models import Topic
from socialtech.admin_services import (
    ServiceSavedAdminMixin,
    move_each,
    saved_by_services,
    service_refusal,
)
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin
from vouchers.models import ServiceCategory


class DimensionForm(forms.ModelForm):
    course_topics = forms.MultipleChoiceField(
        label=_("course topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    service_categories = forms.MultipleChoiceField(
        label=_("voucher service categories"),
        choices=ServiceCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    call_keywords = forms.CharField(
        label=_("call work packages and keywords"),
        required=False,
        help_text=_("Separated by commas, e.g. wp4, digital."),
    )

    class Meta:
        model = Dimension
        fields = ["key", "title", "order", "course_topics", "service_categories", "call_keywords"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["call_keywords"] = ", ".join(self.instance.call_keywords or [])

    def clean_call_keywords(self) -> list[str]:
        text = self.cleaned_data.get("call_keywords") or ""
        return [word.strip() for word in text.split(",") if word.strip()]


class QuestionForm(forms.ModelForm):
    options = forms.CharField(
        label=_("options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Choices, one a line: value | English label | other languages’ labels."),
    )

    class Meta:
        model = Question
        # The dimension (a tenant-scoped choice) is added by the inline, at request time.
        fields = [
            "order",
            "key",
            "label",
            "help",
            "type",
            "required",
            "options",
            "scale_low_label",
            "scale_high_label",
            "max_words",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["options"] = format_options(self.instance.options, content_languages())

    def clean_options(self) -> list[dict[str, Any]]:
        return parse_options(self.cleaned_data.get("options") or "", content_languages())


class DimensionInline(TenantScopedAdminMixin, admin.StackedInline):
    model = Dimension
    form = DimensionForm
    extra = 0
    ordering = ["order", "pk"]


class QuestionInline(TenantScopedAdminMixin, admin.StackedInline):
    model = Question
    form = QuestionForm
    extra = 0
    fields = [
        "order",
        "dimension",
        "key",
        "label",
        "help",
        "type",
        "required",
        "options",
        "scale_low_label",
        "scale_high_label",
        "max_words",
    ]
    ordering = [F("dimension__order").asc(nulls_first=True), "order", "pk"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Question]:
        return super().get_queryset(request).select_related("dimension", "survey")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "dimension" and field is not None:
            survey_id = (
                request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            )
            field.queryset = Dimension.objects.filter(survey_id=survey_id or 0)
            # Read once for every question of the page, not once a row.
            field.choices = list(field.choices)  # type: ignore[arg-type]
        return field


@admin.register(Survey)
class SurveyAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "status", "submitted", "drafts", "page", "results"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "slug"]
    ordering = ["title", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = ["open_surveys", "close_surveys"]
    inlines = [DimensionInline, QuestionInline]
    fields = [
        "slug",
        "title",
        "intro",
        "kind",
        "allows_anonymous",
        "status",
        "opened_at",
        "closed_at",
    ]
    readonly_fields = ["status", "opened_at", "closed_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A survey is closed, never deleted: its responses refer to it.
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Survey]:
        return selectors.response_counts(super().get_queryset(request))

    @admin.display(description=_("submitted responses"), ordering="submitted_count")
    def submitted(self, survey: Survey) -> int:
        return int(getattr(survey, "submitted_count", 0))

    @admin.display(description=_("unfinished responses"), ordering="draft_count")
    def drafts(self, survey: Survey) -> int:
        return int(getattr(survey, "draft_count", 0))

    @admin.display(description=_("page"))
    def page(self, survey: Survey) -> SafeString:
        if survey.status == SurveyStatus.DRAFT:
            return format_html("{}", "—")
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            reverse("mapping_survey", args=[survey.slug]),
            gettext("Open the page"),
        )

    @admin.display(description=_("results"))
    def results(self, survey: Survey) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("mapping_results", args=[survey.slug]),
            gettext("Aggregated results"),
        )

    def save_through_service(
        self, request: HttpRequest, obj: Survey, form: Any, change: bool
    ) -> Survey:
        data = form.cleaned_data
        try:
            return services.survey_save(
                by=request.user,
                survey=obj if change else None,
                slug=data["slug"],
                title=data["title"],
                intro=data.get("intro") or "",
                kind=data["kind"],
                allows_anonymous=data.get("allows_anonymous", False),
            )
        except MappingError as error:
            raise service_refusal(error) from None

    def _save_row(self, request: HttpRequest, survey: Survey, row: Any) -> None:
        data = row.cleaned_data
        existing = row.instance if row.instance.pk else None
        if data.get("DELETE"):
            if existing is not None:
                services.survey_part_remove(by=request.user, row=existing)
            return
        if isinstance(row.instance, Dimension):
            services.dimension_save(
                by=request.user,
                survey=survey,
                dimension=existing,
                key=data["key"],
                title=data["title"],
                order=data.get("order") or 0,
                course_topics=data.get("course_topics") or [],
                service_categories=data.get("service_categories") or [],
                call_keywords=data.get("call_keywords") or [],
            )
        else:
            services.question_save(
                by=request.user,
                survey=survey,
                question=existing,
                key=data["key"],
                label=data["label"],
                type=data["type"],
                dimension=data.get("dimension"),
                help=data.get("help") or "",
                required=bool(data.get("required")),
                order=data.get("order") or 0,
                options=data.get("options") or [],
                scale_low_label=data.get("scale_low_label") or "",
                scale_high_label=data.get("scale_high_label") or "",
                max_words=data.get("max_words"),
            )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        saved_by_services(formset)
        for row in formset.forms:
            if not row.has_changed() and row.instance.pk is None:
                continue
            if not row.has_changed() and not row.cleaned_data.get("DELETE"):
                continue
            try:
                self._save_row(request, form.instance, row)
            except MappingError as error:
                raise service_refusal(error) from None

    @admin.action(description=_("Open the selected surveys to answers"))
    def open_surveys(self, request: HttpRequest, queryset: QuerySet[Survey]) -> None:
        move_each(
            request,
            queryset,
            services.survey_open,
            keyword="survey",
            done=gettext("“%(survey)s” is open."),
            refused=MappingError,
        )

    @admin.action(description=_("Close the selected surveys"))
    def close_surveys(self, request: HttpRequest, queryset: QuerySet[Survey]) -> None:
        move_each(
            request,
            queryset,
            services.survey_close,
            keyword="survey",
            done=gettext("“%(survey)s” is closed."),
            refused=MappingError,
        )


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Responses as they came in; nobody edits them. An anonymous one shows no person."""

    list_display = ["pk", "survey", "respondent", "status", "started_at", "submitted_at"]
    list_filter = ["status", "survey"]
    ordering = ["-started_at", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    fields = ("survey", "respondent", "status", "started_at", "submitted_at", "answers", "scores")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Response]:
        return super().get_queryset(request).select_related("survey", "user")

    @admin.display(description=_("respondent"))
    def respondent(self, response: Response) -> str:
        return str(response.user) if response.user_id else gettext("anonymous")
