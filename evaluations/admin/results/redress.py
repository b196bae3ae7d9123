"""Redress requests: staff uphold or reject each with a written answer; the evidence file
is served to staff only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.staff_selectors import staff_label
from evaluations.admin.results.base import (
    TEMPLATES,
    ApplicationRecordAdmin,
    describe_errors,
    is_back_office,
)
from evaluations.admin.results.forms import RedressAnswerForm
from evaluations.models import RedressRequest
from evaluations.results import selectors
from evaluations.results import services as results_services
from socialtech.admin_services import form_action
from socialtech.documents.responses import serve_protected_file

REDRESS_FIELDS = (
    "application",
    "submitted_by",
    "submitted_at",
    "grounds",
    "status",
    "answer",
    "answered_by",
    "answered_at",
)


class RedressStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return list(RedressRequest.Status.choices)

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in RedressRequest.Status.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(RedressRequest)
class RedressRequestAdmin(ApplicationRecordAdmin):
    list_display = ["reference", "call", "submitted_by", "submitted_at", "status", "answered_at"]
    list_select_related = ["application__call", "submitted_by"]
    list_filter = [RedressStatusFilter]
    ordering = ["-submitted_at", "-pk"]
    fields = REDRESS_FIELDS
    readonly_fields = REDRESS_FIELDS
    change_form_template = f"{TEMPLATES}/redress_change_form.html"

    def change_context(
        self, request: HttpRequest, redress_request: RedressRequest
    ) -> dict[str, Any]:
        return {
            "redress_request": redress_request,
            "is_open": redress_request.status == RedressRequest.Status.OPEN,
        }

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("<int:request_id>/answer/", view(self.answer_view), name=f"{prefix}_answer"),
            path("<int:request_id>/evidence/", view(self.evidence_view), name=f"{prefix}_evidence"),
            *super().get_urls(),
        ]

    def _request(self, request: HttpRequest, request_id: int) -> RedressRequest:
        if not self.has_view_permission(request):
            raise PermissionDenied
        redress_request = (
            RedressRequest.objects.select_related(
                "application__call", "application__organisation", "submitted_by"
            )
            .filter(pk=request_id)
            .first()
        )
        if redress_request is None:
            raise Http404(gettext("No such redress request in this programme."))
        return redress_request

    def answer_view(self, request: HttpRequest, request_id: int) -> HttpResponse:
        """Uphold or reject a request with a written answer (e-mailed to the applicant)."""
        redress_request = self._request(request, request_id)
        if not is_back_office(request):
            raise PermissionDenied
        if redress_request.status != RedressRequest.Status.OPEN:
            messages.info(
                request,
                gettext("This request is already answered: %(decision)s.")
                % {"decision": redress_request.get_status_display()},
            )
            return HttpResponseRedirect(self._url("change", redress_request.pk))
        if request.method == "POST":
            form = RedressAnswerForm(request.POST)
            response = form_action(
                request,
                form,
                lambda: results_services.redress_request_answer(
                    redress_request=redress_request,
                    by=request.user,
                    is_upheld=form.cleaned_data["decision"] == "upheld",
                    answer=form.cleaned_data["answer"],
                ),
                done=lambda _answered: (
                    gettext("The answer is recorded and e-mailed to the applicant.")
                    if form.cleaned_data["decision"] == "rejected"
                    else gettext(
                        "The request is upheld: the application is back in evaluation and "
                        "needs new evaluators. The answer is e-mailed to the applicant."
                    )
                ),
                to=self._url("change", redress_request.pk),
                fields={"answer": "answer"},
            )
            if response is not None:
                return response
        else:
            form = RedressAnswerForm()
        describe_errors(form)
        application = redress_request.application
        return self._page(
            request,
            "redress_answer.html",
            {
                "title": gettext("Answer the redress request on %(application)s")
                % {"application": staff_label(application)},
                "redress_request": redress_request,
                "original": redress_request,
                "application": application,
                "label": staff_label(application),
                "form": form,
                "result": selectors.result_summary(application),
            },
            status=400 if form.errors else 200,
        )

    def evidence_view(self, request: HttpRequest, request_id: int) -> HttpResponseBase:
        redress_request = self._request(request, request_id)
        if not redress_request.evidence:
            raise Http404(gettext("This request has no evidence file."))
        return serve_protected_file(
            redress_request.evidence,
            filename=f"redress-evidence-{redress_request.pk}.pdf",
            content_type="application/pdf",
        )
