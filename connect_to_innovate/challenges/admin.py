"""Back office of the challenges: the staff's review (publish, or return with the reason the
poster reads), each decision on its own page, through the services (each audited). The
challenge itself is the organisation's text: staff read it here, never change it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from connect_to_innovate.challenges import services
from connect_to_innovate.errors import ConnectError
from connect_to_innovate.models import Challenge, ReviewStatus
from socialtech.admin_services import admin_page
from socialtech.tenancy.admin import TenantScopedAdminMixin

TEMPLATES = "admin/connect_to_innovate"
APPROVE, RETURN = "approve", "return"


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_("What to change; the poster reads it in their e-mail and on the page."),
    )


class ReviewAdminMixin(TenantScopedAdminMixin, admin.ModelAdmin):
    """A challenge's or an offer's review in the back office: read-only fields, the two
    decisions as buttons while it awaits review, each decision on its own page."""

    change_form_template = f"{TEMPLATES}/review_change_form.html"
    list_filter = ["status"]
    ordering = ["-submitted_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    list_select_related = ["organisation"]
    decision_url_name = ""
    approve: Callable[..., Any]
    send_back: Callable[..., Any]

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # posted by the organisations on the site

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # closed, never deleted: interests refer to it

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.fields or ()

    def may_decide(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        row = self.get_object(request, object_id) if object_id.isdigit() else None
        if row is not None and self.may_decide(request) and row.status == ReviewStatus.SUBMITTED:
            context["decisions"] = [
                {
                    "to": decision,
                    "label": label,
                    "url": reverse(f"admin:{self.decision_url_name}", args=[row.pk, decision]),
                }
                for decision, label in (
                    (APPROVE, gettext("Publish")),
                    (RETURN, gettext("Return with a reason")),
                )
            ]
        return super().change_view(request, object_id, form_url, context)  # type: ignore[misc]

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view  # type: ignore[attr-defined]
        return [
            path(
                "<int:pk>/review/<str:decision>/",
                view(self.review_view),
                name=self.decision_url_name,
            ),
            *super().get_urls(),  # type: ignore[misc]
        ]

    def review_view(self, request: HttpRequest, pk: int, decision: str) -> HttpResponse:
        """Staff's decision on one challenge or offer awaiting review."""
        if not self.may_decide(request):
            raise PermissionDenied
        if decision not in (APPROVE, RETURN):
            raise Http404(gettext("No such decision."))
        row = get_object_or_404(self.model.objects.select_related("organisation"), pk=pk)  # type: ignore[attr-defined]
        opts = self.model._meta
        back = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
        data = request.POST if request.method == "POST" else None
        form = ReturnForm(data) if decision == RETURN else forms.Form(data)
        status = 200
        if request.method == "POST" and form.is_valid():
            try:
                if decision == APPROVE:
                    self.approve(row, request.user)
                else:
                    self.send_back(row, request.user, form.cleaned_data["reason"])
            except ConnectError as error:
                form.add_error(
                    "reason" if error.field == "reason" and decision == RETURN else None,
                    error.message,
                )
            else:
                done = (
                    gettext("“%(title)s” is published; the poster is e-mailed.")
                    if decision == APPROVE
                    else gettext("“%(title)s” is returned; the poster is e-mailed the reason.")
                )
                messages.success(request, done % {"title": row.title})
                return HttpResponseRedirect(back)
        if request.method == "POST":
            status = 400
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/review.html",
            {
                "title": (
                    gettext("Publish: %(title)s")
                    if decision == APPROVE
                    else gettext("Return: %(title)s")
                )
                % {"title": row.title},
                "original": row,
                "form": form,
                "button": gettext("Publish")
                if decision == APPROVE
                else gettext("Return with this reason"),
                "back": back,
            },
            status=status,
        )


@admin.register(Challenge)
class ChallengeAdmin(ReviewAdminMixin):
    list_display = ["title", "organisation", "sector", "country", "status", "submitted_at"]
    search_fields = ["title", "organisation__legal_name"]
    fields = [
        "title",
        "organisation",
        "created_by",
        "status",
        "return_reason",
        "problem",
        "target_group",
        "sector",
        "country",
        "languages",
        "budget_min",
        "budget_max",
        "tags",
        "submitted_at",
        "published_at",
        "reviewed_by",
        "closed_at",
    ]
    decision_url_name = "connect_to_innovate_challenge_review"

    def approve(self, row: Any, by: Any) -> Any:
        return services.challenge_approve(challenge=row, by=by)

    def send_back(self, row: Any, by: Any, reason: str) -> Any:
        return services.challenge_return(challenge=row, by=by, reason=reason)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Challenge]:
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "created_by", "reviewed_by")
        )
