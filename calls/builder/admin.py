"""The call builder's inlines: form fields, criteria, documents, questions and the amendment history of a call."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.builder.forms import CriterionAdminForm, FormFieldAdminForm, KeyedInlineFormSet
from calls.builder.services import (
    criterion_delete,
    criterion_save,
    form_field_delete,
    form_field_save,
)
from calls.guidance.forms import CallDocumentAdminForm, CallQuestionAdminForm
from calls.guidance.models import CallDocument, CallQuestion
from calls.guidance.services import (
    call_document_delete,
    call_document_save,
    call_question_delete,
    call_question_save,
)
from calls.models import Call, CallAmendment, Criterion, FormField
from socialtech.i18n import localise
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin


class CallChildInline(TenantScopedAdminMixin):
    """An inline of a call's rows; with ``frozen_when_published`` it turns read-only then."""

    frozen_when_published = False
    frozen_fields: tuple[str, ...] = ()
    extra = 0

    def is_frozen(self, obj: Any) -> bool:
        return self.frozen_when_published and isinstance(obj, Call) and obj.is_frozen()

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        obj = args[0] if args else None
        return not self.is_frozen(obj) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.is_frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not self.is_frozen(obj) and super().has_delete_permission(request, obj)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if self.is_frozen(obj):
            return self.frozen_fields
        return super().get_fields(request, obj)  # type: ignore[misc]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if self.is_frozen(obj):
            return self.frozen_fields
        return super().get_readonly_fields(request, obj)  # type: ignore[misc]

    # Called by CallAdmin.save_formset, so every row goes through a service.
    def save_row(self, request: HttpRequest, call: Call, form: Any, existing: Any) -> Any:
        raise NotImplementedError

    def delete_row(self, request: HttpRequest, obj: Any) -> None:
        raise NotImplementedError


class FormFieldInline(CallChildInline, admin.StackedInline):
    model = FormField
    form = FormFieldAdminForm
    formset = KeyedInlineFormSet
    frozen_when_published = True
    frozen_fields = ("order", "key", "type", "label_display", "required", "rules_display")
    fieldsets = [
        (None, {"fields": [("order", "key", "type", "required"), "section", "label", "help"]}),
        (
            gettext_lazy("Rules"),
            {
                "fields": [
                    "options_text",
                    ("max_words", "min_value", "max_value"),
                    ("max_megabytes", "is_requested_amount"),
                    "allowed_types",
                ]
            },
        ),
    ]
    verbose_name = gettext_lazy("question of the application form")
    verbose_name_plural = gettext_lazy("application form")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if self.is_frozen(obj):
            return [(None, {"fields": self.frozen_fields})]
        return super().get_fieldsets(request, obj)

    @admin.display(description=gettext_lazy("label"))
    def label_display(self, field: FormField) -> str:
        section = localise(field.section)
        return f"{section} › {field.label_text}" if section else field.label_text

    @admin.display(description=gettext_lazy("rules"))
    def rules_display(self, field: FormField) -> str:
        rules = []
        if field.options:
            rules.append(", ".join(text for _value, text in field.option_pairs()))
        if field.max_words:
            rules.append(_("at most %(n)s words") % {"n": field.max_words})
        if field.min_value is not None:
            rules.append(_("minimum %(n)s") % {"n": field.min_value})
        if field.max_value is not None:
            rules.append(_("maximum %(n)s") % {"n": field.max_value})
        if field.allowed_types:
            rules.append(", ".join(field.allowed_types))
        if field.max_bytes:
            rules.append(_("%(mb)s MB") % {"mb": round(field.max_bytes / (1024 * 1024), 1)})
        if field.is_requested_amount:
            rules.append(_("the requested amount"))
        return "; ".join(str(rule) for rule in rules) or "—"

    def save_row(
        self, request: HttpRequest, call: Call, form: Any, existing: FormField | None
    ) -> FormField:
        return form_field_save(call=call, by=request.user, field=existing, **form.service_values())

    def delete_row(self, request: HttpRequest, obj: FormField) -> None:
        form_field_delete(field=obj, by=request.user)


class CriterionInline(CallChildInline, admin.StackedInline):
    model = Criterion
    form = CriterionAdminForm
    frozen_when_published = True
    frozen_fields = ("order", "name_display", "weight", "threshold")
    fields = [("order", "weight", "threshold"), "name", "description"]
    verbose_name = gettext_lazy("award criterion")
    verbose_name_plural = gettext_lazy("award criteria")

    @admin.display(description=gettext_lazy("name"))
    def name_display(self, criterion: Criterion) -> str:
        return criterion.name_text

    def save_row(
        self, request: HttpRequest, call: Call, form: Any, existing: Criterion | None
    ) -> Criterion:
        return criterion_save(
            call=call, by=request.user, criterion=existing, **form.service_values()
        )

    def delete_row(self, request: HttpRequest, obj: Criterion) -> None:
        criterion_delete(criterion=obj, by=request.user)


class CallDocumentInline(CallChildInline, admin.TabularInline):
    model = CallDocument
    form = CallDocumentAdminForm
    fields = ["order", "title", "file", "original_name", "size"]
    readonly_fields = ["original_name", "size"]
    verbose_name = gettext_lazy("document for applicants")
    verbose_name_plural = gettext_lazy("documents for applicants")

    def save_row(
        self, request: HttpRequest, call: Call, form: Any, existing: CallDocument | None
    ) -> CallDocument:
        return call_document_save(
            call=call, by=request.user, document=existing, **form.service_values()
        )

    def delete_row(self, request: HttpRequest, obj: CallDocument) -> None:
        call_document_delete(document=obj, by=request.user)


class CallQuestionInline(CallChildInline, admin.StackedInline):
    model = CallQuestion
    form = CallQuestionAdminForm
    fields = ["order", "question", "answer"]
    verbose_name = gettext_lazy("frequently asked question")
    verbose_name_plural = gettext_lazy("frequently asked questions")

    def save_row(
        self, request: HttpRequest, call: Call, form: Any, existing: CallQuestion | None
    ) -> CallQuestion:
        return call_question_save(
            call=call, by=request.user, existing=existing, **form.service_values()
        )

    def delete_row(self, request: HttpRequest, obj: CallQuestion) -> None:
        call_question_delete(question=obj, by=request.user)


class CallAmendmentInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The amendments of a published call, newest first; they are records, never edited."""

    model = CallAmendment
    extra = 0
    can_delete = False
    fields = ("version", "summary_display", "created_by", "created_at", "notified_at")
    readonly_fields = fields
    ordering = ["-version"]
    verbose_name = gettext_lazy("amendment")
    verbose_name_plural = gettext_lazy("amendments")

    def time_zone_of(self, amendment: CallAmendment) -> str | None:
        return amendment.call.timezone if amendment is not None else None

    @admin.display(description=gettext_lazy("what changed"))
    def summary_display(self, amendment: CallAmendment) -> str:
        return localise(amendment.summary)
