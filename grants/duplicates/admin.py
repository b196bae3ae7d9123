"""Back office of the near-duplicate check: the flags of a programme's applications (per
call, with filters) and their review, and the checks of a call with their progress.

An application of another programme is never shown: only that it exists, in which
programme, and how similar it is."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from calls.models import Call
from grants.duplicates import selectors, services
from grants.duplicates.forms import CheckCallForm, ReviewForm
from grants.models import DuplicateCheck, DuplicateCheckStatus, DuplicateFlag
from socialtech.admin_services import admin_page, form_action
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin

TEMPLATES = "admin/grants"
REFRESH_SECONDS = 5
FLAG_FIELDS: tuple[str, ...] = (
    "application",
    "organisation_name",
    "call_title",
    "warning",
    "similarity_shown",
    "status",
    "found_at",
    "reviewed_at",
    "reviewed_by",
    "review_note",
)
CHECK_FIELDS: tuple[str, ...] = (
    "call",
    "status",
    "progress",
    "found",
    "error",
    "started_by",
    "started_at",
    "finished_at",
)


class FlagCallFilter(admin.SimpleListFilter):
    title = _("call")
    parameter_name = "call"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        calls = (
            Call.objects.filter(duplicate_flags__isnull=False)
            .distinct()
            .order_by("-deadline", "pk")
        )
        return [(str(call.pk), str(call.title_text)) for call in calls]

    def queryset(self, request: HttpRequest, queryset: Any) -> Any:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(call_id=int(value))
        return queryset


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "organisation_name",
        "call_title",
        "warning",
        "similarity_shown",
        "status",
        "found_at",
    ]
    list_display_links = ["reference"]
    list_filter = ["status", FlagCallFilter, "same_programme"]
    search_fields = ["application__receipt_number", "application__organisation__legal_name"]
    ordering = ["-similarity", "-found_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_list_template = f"{TEMPLATES}/duplicateflag/change_list.html"
    change_form_template = f"{TEMPLATES}/duplicateflag/change_form.html"
    fields = FLAG_FIELDS
    readonly_fields = FLAG_FIELDS

    def may_review(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[DuplicateFlag]:
        return selectors.flags_for_staff()

    def time_zone_of(self, flag: DuplicateFlag) -> str | None:
        return flag.call.timezone if flag is not None else None

    @admin.display(description=_("application"), ordering="application__receipt_number")
    def reference(self, flag: DuplicateFlag) -> str:
        return str(flag.application)

    @admin.display(description=_("organisation"))
    def organisation_name(self, flag: DuplicateFlag) -> str:
        return flag.application.organisation.legal_name

    @admin.display(description=_("call"))
    def call_title(self, flag: DuplicateFlag) -> str:
        return str(flag.call.title_text)

    @admin.display(description=_("warning"))
    def warning(self, flag: DuplicateFlag) -> SafeString:
        return selectors.flag_warning(flag)

    @admin.display(description=_("similarity"), ordering="similarity")
    def similarity_shown(self, flag: DuplicateFlag) -> str:
        return selectors.similarity_text(flag.similarity)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {
            **(extra_context or {}),
            "may_check": self.may_review(request),
            "check_url": reverse("admin:grants_duplicatecheck_start"),
        }
        return super().changelist_view(request, context)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        flag = self.get_object(request, object_id) if object_id.isdigit() else None
        if self.may_review(request) and flag is not None:
            context["review_form"] = ReviewForm(current=flag.status)
            context["review_url"] = reverse(
                "admin:grants_duplicateflag_review", args=[int(object_id)]
            )
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/review/", view(self.review_view), name="grants_duplicateflag_review"),
            *super().get_urls(),
        ]

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Staff's review of a flag: "not a double funding", confirmed, or open again."""
        if not self.may_review(request):
            raise PermissionDenied
        flag = get_object_or_404(selectors.flags_for_staff(), pk=pk)
        form = ReviewForm(request.POST or None, current=flag.status)
        if request.method == "POST":
            answer = form_action(
                request,
                form,
                lambda: services.duplicate_flag_review(
                    flag=flag,
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                    by=request.user,
                ),
                done=lambda saved: (
                    gettext("The flag of %(application)s is now “%(status)s”.")
                    % {"application": saved.application, "status": saved.get_status_display()}
                ),
                to=reverse("admin:grants_duplicateflag_changelist") + f"?call={flag.call_id}",
            )
            if answer is not None:
                return answer
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/duplicateflag/review.html",
            {
                "title": gettext("Review the near duplicate of %(application)s")
                % {"application": flag.application},
                "original": flag,
                "warning": selectors.flag_warning(flag),
                "form": form,
            },
            status=400 if request.method == "POST" else 200,
        )


@admin.register(DuplicateCheck)
class DuplicateCheckAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "call_title", "progress", "found", "status", "started_at"]
    list_select_related = ["call"]
    list_filter = ["status"]
    ordering = ["-started_at", "-pk"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    change_list_template = f"{TEMPLATES}/duplicatecheck/change_list.html"
    fields = CHECK_FIELDS
    readonly_fields = CHECK_FIELDS

    def may_check(self, request: HttpRequest) -> bool:
        return TenantScopedAdminMixin.has_change_permission(self, request)

    def get_queryset(self, request: HttpRequest) -> QuerySet[DuplicateCheck]:
        return super().get_queryset(request).select_related("call", "started_by")

    @admin.display(description=_("call"))
    def call_title(self, check: DuplicateCheck) -> str:
        return str(check.call.title_text)

    @admin.display(description=_("progress"))
    def progress(self, check: DuplicateCheck) -> SafeString:
        return format_html(
            '<progress value="{}" max="{}" aria-label="{}">{} / {}</progress> {} / {}',
            check.done,
            check.total or 1,
            gettext("Applications checked"),
            check.done,
            check.total,
            check.done,
            check.total,
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = {
            **(extra_context or {}),
            "may_check": self.may_check(request),
            "check_url": reverse("admin:grants_duplicatecheck_start"),
            "refresh_seconds": REFRESH_SECONDS
            if DuplicateCheck.objects.filter(status=DuplicateCheckStatus.RUNNING).exists()
            else None,
        }
        return super().changelist_view(request, context)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("start/", view(self.start_view), name="grants_duplicatecheck_start"),
            *super().get_urls(),
        ]

    def start_view(self, request: HttpRequest) -> HttpResponse:
        """Check a call's submitted applications for near duplicates."""
        if not self.may_check(request):
            raise PermissionDenied
        calls = Call.objects.filter(applications__submitted_at__isnull=False).distinct()
        form = CheckCallForm(request.POST or None, calls=calls.order_by("-deadline", "pk"))
        if request.method == "POST":
            answer = form_action(
                request,
                form,
                lambda: services.duplicate_check_start(
                    call=form.cleaned_data["call"], by=request.user
                ),
                done=lambda check: (
                    gettext(
                        "Checking %(total)s applications of “%(call)s”; the progress shows below."
                    )
                    % {"total": check.total, "call": check.call.title_text}
                ),
                to=reverse("admin:grants_duplicatecheck_changelist"),
            )
            if answer is not None:
                return answer
        return admin_page(
            self,
            request,
            f"{TEMPLATES}/duplicatecheck/start.html",
            {"title": gettext("Check a call for near-duplicate applications"), "form": form},
            status=400 if request.method == "POST" else 200,
        )
