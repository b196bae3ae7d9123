"""The call builder: staff write a call, its form, criteria, documents and FAQ, then run it.

Every write goes through ``calls.services`` (audit event included): the admin's own
saving is replaced by service calls. A published call's form and criteria are frozen:
their inlines turn read-only and the "Amend form" page changes them as a recorded,
announced amendment instead.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_countries import countries

from calls import selectors
from calls.amendments.forms import AmendmentSummaryForm
from calls.amendments.services import call_form_amend
from calls.builder.admin import (
    CallAmendmentInline,
    CallChildInline,
    CallDocumentInline,
    CallQuestionInline,
    CriterionInline,
    FormFieldInline,
)
from calls.builder.forms import CriterionAdminForm, FormFieldAmendForm, KeyedInlineFormSet
from calls.builder.services import (
    CALL_DATE_FIELDS,
    CALL_FIELDS_FIXED_ONCE_PUBLISHED,
    ItemChange,
    call_create,
    call_delete,
    call_update,
)
from calls.forms import CallAdminForm
from calls.models import Call, CallStatus, Criterion, FormField
from calls.services import call_publish, call_transition, publication_problems

# Imported so the admin site registers it: ``admin.autodiscover`` reads ``calls.admin``.
from calls.work_packages.admin import WorkPackageAdmin  # noqa: F401
from organisations.countries import ELIGIBLE_COUNTRIES
from socialtech.admin_cells import shortened
from socialtech.admin_services import (
    ChangeContextAdminMixin,
    ServiceSavedAdminMixin,
    admin_action,
    saved_by_services,
)
from socialtech.tenancy.admin import TenantScopedAdminMixin

# Staff-driven steps of the lifecycle: the button, the target status, who may see it.
LIFECYCLE_ACTIONS: dict[str, tuple[Any, str, tuple[str, ...]]] = {
    "publish": (gettext_lazy("Publish"), CallStatus.PUBLISHED, (CallStatus.DRAFT,)),
    "close": (
        gettext_lazy("Close early"),
        CallStatus.CLOSED,
        (CallStatus.PUBLISHED, CallStatus.OPEN),
    ),
    "evaluation": (gettext_lazy("Start evaluation"), CallStatus.EVALUATION, (CallStatus.CLOSED,)),
    "results": (gettext_lazy("Publish results"), CallStatus.RESULTS, (CallStatus.EVALUATION,)),
    "archive": (gettext_lazy("Archive"), CallStatus.ARCHIVED, (CallStatus.RESULTS,)),
}


def lifecycle_actions_for(call: Call) -> list[tuple[str, Any]]:
    """The lifecycle buttons that apply to ``call`` now, as (action, label)."""
    status = call.effective_status()
    return [
        (action, label)
        for action, (label, _target, from_statuses) in LIFECYCLE_ACTIONS.items()
        if status in from_statuses
    ]


def country_choices() -> list[tuple[str, str]]:
    return sorted(
        ((code, str(countries.name(code))) for code in ELIGIBLE_COUNTRIES), key=lambda c: c[1]
    )


@admin.register(Call)
class CallAdmin(
    ChangeContextAdminMixin, ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin
):
    form = CallAdminForm
    change_form_template = "admin/calls/call/change_form.html"
    list_display = [
        "title_display",
        "reference",
        "kind",
        "work_package",
        "status_display",
        "opens_at",
        "deadline",
        "form_version",
    ]
    list_select_related = ["work_package"]
    list_filter = ["status", "kind", "work_package"]
    search_fields = ["slug", "reference", "title"]
    ordering = ["-deadline"]
    list_per_page = 50
    readonly_fields = ["status_display", "form_version", "published_at", "publication_check"]
    inlines = [FormFieldInline, CriterionInline, CallDocumentInline, CallQuestionInline]
    fieldsets = [  # type: ignore[assignment]
        (
            gettext_lazy("Content"),
            {
                "fields": [
                    ("slug", "reference"),
                    ("kind", "work_package"),
                    "title",
                    "summary",
                    "body",
                    "topics",
                ]
            },
        ),
        (gettext_lazy("Dates"), {"fields": ["timezone", "opens_at", "deadline"]}),
        (
            gettext_lazy("Money"),
            {"fields": ["budget", "max_award_per_applicant", "expected_awards"]},
        ),
        (
            gettext_lazy("Evaluation settings"),
            {
                "fields": [
                    "evaluators_per_application",
                    ("partner_staff_may_evaluate", "exclude_same_country"),
                    "one_evaluator_per_country",
                    "evaluation_deadline",
                    "total_threshold",
                    "reserve_list_length",
                    "tie_break_chain",
                    "redress_days",
                ]
            },
        ),
        (
            gettext_lazy("Eligibility rules"),
            {
                "fields": [
                    "eligible_countries",
                    "eligible_legal_forms",
                    ("sme_only", "social_economy_only", "check_funding_cap"),
                    "max_applications_per_organisation",
                ]
            },
        ),
    ]
    status_fieldset: Any = (
        gettext_lazy("Status"),
        {"fields": ["status_display", "form_version", "published_at", "publication_check"]},
    )

    class Media:
        css = {"all": ["css/calls.css"]}

    # --- display ---------------------------------------------------------------------------

    def time_zone_of(self, call: Call) -> str | None:
        return call.timezone if call is not None else None

    @admin.display(description=gettext_lazy("title"), ordering="slug")
    def title_display(self, call: Call) -> str:
        return shortened(call.title_text, width="wide")

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def status_display(self, call: Call) -> str:
        effective = call.effective_status()
        if effective != call.status:
            return _("%(effective)s (by the clock; recorded: %(stored)s)") % {
                "effective": CallStatus(effective).label,
                "stored": call.get_status_display(),
            }
        return str(call.get_status_display())

    @admin.display(description=gettext_lazy("ready to publish?"))
    def publication_check(self, call: Call) -> str:
        if call.pk is None:
            return "—"
        if call.is_frozen():
            return _("Published.")
        problems = publication_problems(call=call)
        if not problems:
            return _("Yes: the call is complete.")
        return format_html(
            "<ul class='call-problems'>{}</ul>",
            format_html_join("", "<li>{}</li>", ((problem,) for problem in problems)),
        )

    def view_on_site(self, call: Call) -> str:  # type: ignore[override]
        return reverse("call_detail", args=[call.slug])

    # --- shape of the change page ----------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.insert(0, self.status_fieldset)
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.is_frozen():
            fields += sorted(CALL_FIELDS_FIXED_ONCE_PUBLISHED)
            if obj.effective_status() not in (CallStatus.PUBLISHED, CallStatus.OPEN):
                fields += sorted(CALL_DATE_FIELDS)
        return fields

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        inlines = list(super().get_inlines(request, obj))
        if obj is not None and obj.is_frozen():
            inlines.append(CallAmendmentInline)
        return inlines

    def get_actions(self, request: HttpRequest) -> Any:
        actions = super().get_actions(request)
        # Deleting goes one draft at a time, through the service that refuses published calls.
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is not None and obj.is_frozen():
            return False
        return super().has_delete_permission(request, obj)

    def change_context(self, request: HttpRequest, call: Call) -> dict[str, Any]:
        may_change = self.has_change_permission(request, call)
        return {
            "lifecycle_actions": lifecycle_actions_for(call) if may_change else [],
            "can_amend": call.is_frozen()
            and call.effective_status() in (CallStatus.PUBLISHED, CallStatus.OPEN)
            and may_change,
        }

    # --- writes through the services -------------------------------------------------------

    def save_through_service(
        self, request: HttpRequest, obj: Call, form: Any, change: bool
    ) -> Call:
        values = form.service_values()
        if change:
            return call_update(call=obj, by=request.user, **values)
        return call_create(by=request.user, **values)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        inline = next(
            inline
            for inline in self.get_inline_instances(request, form.instance)
            if inline.model is formset.model
        )
        saved_by_services(formset)
        if not isinstance(inline, CallChildInline):
            return  # records (amendments) are never written here
        call = form.instance
        for row in formset.initial_forms:
            if row in formset.deleted_forms:
                inline.delete_row(request, row.instance)
                formset.deleted_objects.append(row.instance)
            elif row.has_changed():
                saved = inline.save_row(request, call, row, row.instance)
                formset.changed_objects.append((saved, row.changed_data))
        for row in formset.extra_forms:
            if row.has_changed() and row not in formset.deleted_forms:
                formset.new_objects.append(inline.save_row(request, call, row, None))

    def delete_through_service(self, request: HttpRequest, obj: Call) -> None:
        call_delete(call=obj, by=request.user)

    # --- the extra pages: preview, amend, lifecycle ----------------------------------------

    def get_urls(self) -> list[Any]:
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/preview/", wrap(self.preview_view), name=f"{name}_preview"),
            path("<path:object_id>/amend/", wrap(self.amend_view), name=f"{name}_amend"),
            path(
                "<path:object_id>/lifecycle/",
                wrap(require_POST(self.lifecycle_view)),
                name=f"{name}_lifecycle",
            ),
            *super().get_urls(),
        ]

    def _call_or_404(self, request: HttpRequest, object_id: str) -> Call:
        call = self.get_object(request, unquote(object_id))
        if call is None:
            raise Http404(_("No such object in this programme."))
        return call

    def _change_url(self, call: Call) -> str:
        return reverse("admin:calls_call_change", args=[call.pk])

    def _page_context(self, request: HttpRequest, call: Call, title: str) -> dict[str, Any]:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": call,
            "call": call,
            "title": title,
            "subtitle": call.title_text,
            "has_view_permission": self.has_view_permission(request, call),
            "change_url": self._change_url(call),
        }

    def preview_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The application form as applicants will see it, inputs disabled."""
        call = self._call_or_404(request, object_id)
        if not self.has_view_permission(request, call):
            raise PermissionDenied
        context = {
            **self._page_context(request, call, _("Preview of the application form")),
            "fields": list(selectors.call_form_fields(call=call)),
            "country_choices": country_choices(),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/calls/call/preview_form.html", context)

    def lifecycle_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Publish, close early, start evaluation, publish results, archive."""
        call = self._call_or_404(request, object_id)
        if not self.has_change_permission(request, call):
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action not in LIFECYCLE_ACTIONS:
            messages.error(request, _("Unknown action %(action)s.") % {"action": action[:40]})
            return redirect(self._change_url(call))
        if action == "results":
            # Publishing results tells every applicant their outcome: it is done on the
            # ranking's confirmation page, through the publication of results.
            return redirect(reverse("admin:evaluations_rankingrun_publish", args=[call.pk]))
        target = LIFECYCLE_ACTIONS[action][1]

        def run() -> Call:
            if action == "publish":
                return call_publish(call=call, by=request.user)
            return call_transition(call=call, to=target, by=request.user)

        return admin_action(
            request,
            run,
            done=lambda changed: (
                _("The call is now: %(status)s.")
                % {"status": CallStatus(changed.effective_status()).label}
            ),
            to=self._change_url(call),
            refused_heading=_("The call was not changed:"),
        )

    def amend_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Change a published call's form and criteria as one announced amendment."""
        call = self._call_or_404(request, object_id)
        if not self.has_change_permission(request, call):
            raise PermissionDenied
        if not call.is_frozen():
            messages.info(request, _("A draft call's form is edited directly on this page."))
            return redirect(self._change_url(call))
        field_formset_class = inlineformset_factory(
            Call,
            FormField,
            form=FormFieldAmendForm,
            formset=KeyedInlineFormSet,
            fields=FormFieldAmendForm.Meta.fields,
            extra=1,
            can_delete=True,
        )
        criterion_formset_class = inlineformset_factory(
            Call,
            Criterion,
            form=CriterionAdminForm,
            formset=BaseInlineFormSet,
            fields=CriterionAdminForm.Meta.fields,
            extra=1,
            can_delete=True,
        )
        data = request.POST if request.method == "POST" else None
        summary_form = AmendmentSummaryForm(data, prefix="amendment")
        field_formset = field_formset_class(
            data,
            instance=call,
            prefix="fields",
            queryset=FormField.objects.filter(call=call).order_by("order", "pk"),
        )
        criterion_formset = criterion_formset_class(
            data,
            instance=call,
            prefix="criteria",
            queryset=Criterion.objects.filter(call=call).order_by("order", "pk"),
        )
        service_errors: list[str] = []
        if request.method == "POST" and all(
            [summary_form.is_valid(), field_formset.is_valid(), criterion_formset.is_valid()]
        ):
            try:
                amendment = call_form_amend(
                    call=call,
                    by=request.user,
                    summary=summary_form.cleaned_data["summary"],
                    field_changes=_item_changes(field_formset),
                    criterion_changes=_item_changes(criterion_formset),
                )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "summary" in error.error_dict:
                    summary_form.add_error("summary", error.error_dict.pop("summary"))
                service_errors = (
                    error.messages
                    if not hasattr(error, "error_dict")
                    else [
                        f"{name}: {message}"
                        for name, field_messages in error.message_dict.items()
                        for message in field_messages
                    ]
                )
            else:
                messages.success(
                    request,
                    _("Amendment %(version)s is recorded; applicants with a draft are being told.")
                    % {"version": amendment.version},
                )
                return redirect(self._change_url(call))
        context = {
            **self._page_context(request, call, _("Amend the form")),
            "summary_form": summary_form,
            "field_formset": field_formset,
            "criterion_formset": criterion_formset,
            "service_errors": service_errors,
            "amendments": list(selectors.call_amendments(call=call)),
            "media": self.media + forms.Media(css={"all": ["css/calls.css"]}),
        }
        return TemplateResponse(request, "admin/calls/call/amend_form.html", context)


def _item_changes(formset: Any) -> list[ItemChange]:
    changes = []
    for row in formset.initial_forms:
        if row in formset.deleted_forms:
            changes.append(ItemChange(pk=row.instance.pk, delete=True))
        elif row.has_changed():
            changes.append(ItemChange(pk=row.instance.pk, values=row.service_values()))
    for row in formset.extra_forms:
        if row.has_changed() and row not in formset.deleted_forms:
            changes.append(ItemChange(values=row.service_values()))
    return changes
