"""Back office for applications: the list, the read-only detail, screening, extensions, bulk.

Staff and coordinators of the programme use it. Applications are never added, edited or
deleted here: every change (screening answers, the eligibility decision, an extension, a
bulk move) goes through a service that writes its audit event. Drafts are hidden by
default and their content is never shown, listed, searched or exported.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications import staff
from applications.exports import application_csv_response
from applications.extensions.forms import ExtensionForm
from applications.extensions.services import application_grant_extension
from applications.forms import describe_errors
from applications.listing.filters import (
    NOT_FILTERS,
    ApplicationChangeList,
    CallFilter,
    OrganisationCountryFilter,
    OrganisationLegalFormFilter,
    SMEListFilter,
    StatusListFilter,
    active_filters,
)
from applications.models import Application, ApplicationStatus
from applications.screening.forms import ScreeningForm
from applications.screening.selectors import application_screening
from applications.services import ApplicationError
from applications.staff_selectors import (
    application_detail_for_staff,
    application_list_for_staff,
    application_search,
    staff_label,
    status_counts,
)
from socialtech.admin_cells import choice_label, shortened
from socialtech.admin_services import (
    ChangeContextAdminMixin,
    admin_page,
    apply_service_errors,
    form_action,
)
from socialtech.documents.responses import serve_protected_file
from socialtech.formatting import format_deadline
from socialtech.paging import IdsFirstPaginator
from socialtech.tenancy.admin import TenantScopedAdminMixin

TEMPLATES = "admin/applications/application"
BULK_ACTIONS = {
    "export": _("Export all filtered applications to CSV"),
}
# Bulk moves of the whole filtered list that an app above this one performs (the
# evaluation registers "start_evaluation"): each does the move and tells staff the outcome,
# and only people who may act on applications reach it.
BulkMove = Callable[[HttpRequest, QuerySet[Application]], None]
BULK_MOVES: dict[str, BulkMove] = {}


def register_bulk_move(name: str, label: Any, move: BulkMove) -> None:
    """Offer ``move`` on the applications list as the bulk action ``name``, titled ``label``."""
    BULK_ACTIONS[name] = label
    BULK_MOVES[name] = move


# --- The admin ------------------------------------------------------------------------------

DRAFT_FIELDS = [
    "call",
    "organisation",
    "status",
    "created_by",
    "created_at",
    "updated_at",
    "extended_until",
    "extension_reason",
]
SUBMITTED_FIELDS = [
    "receipt_number",
    "title",
    "call",
    "organisation",
    "status",
    "requested_amount",
    "submitted_at",
    "content_sha256",
    "form_version",
    "language",
    "created_by",
    "extended_until",
    "extension_reason",
    "withdrawn_at",
]


@admin.register(Application)
class ApplicationAdmin(ChangeContextAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "reference",
        "organisation_name",
        "country",
        "legal_form",
        "call_title",
        "status",
        "amount",
        "submitted_at",
    ]
    list_display_links = ["reference"]
    list_filter = [
        ("call", CallFilter),
        StatusListFilter,
        ("organisation__country", OrganisationCountryFilter),
        ("organisation__legal_form", OrganisationLegalFormFilter),
        SMEListFilter,
    ]
    list_select_related = ["call", "organisation"]
    # The search itself is get_search_results; a search field makes the admin show the box.
    search_fields = ["receipt_number"]
    search_help_text = _(
        "Organisation name, receipt number, project title or words in the answers."
    )
    ordering = ["-submitted_at", "-pk"]
    list_per_page = 50
    # No count of the whole table on every page, no facet counts: a fixed number of queries.
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    # Deep pages read the page's ids over the list's index, then its rows.
    paginator = IdsFirstPaginator
    actions = None
    readonly_fields = sorted(set(DRAFT_FIELDS + SUBMITTED_FIELDS))

    def time_zone_of(self, application: Application) -> str | None:
        return application.call.timezone if application is not None else None

    # --- columns -------------------------------------------------------------------------
    @admin.display(description=_("receipt number"), ordering="receipt_number")
    def reference(self, application: Application) -> str:
        return staff_label(application)

    @admin.display(description=_("organisation"), ordering="organisation__legal_name")
    def organisation_name(self, application: Application) -> str:
        return shortened(application.organisation.legal_name, width="wide")

    @admin.display(description=_("country"), ordering="organisation__country")
    def country(self, application: Application) -> str:
        return shortened(application.organisation.country.name, width="narrow")  # type: ignore[attr-defined]

    @admin.display(description=_("legal form"), ordering="organisation__legal_form")
    def legal_form(self, application: Application) -> str:
        return shortened(choice_label(application.organisation, "legal_form"))

    @admin.display(description=_("call"), ordering="call")
    def call_title(self, application: Application) -> str:
        return shortened(application.call)

    @admin.display(description=_("requested (EUR)"), ordering="requested_amount")
    def amount(self, application: Application) -> str:
        if application.status == ApplicationStatus.DRAFT or application.requested_amount is None:
            return "—"
        return f"{application.requested_amount:,.2f}"

    # --- rights --------------------------------------------------------------------------
    def may_act(self, request: HttpRequest) -> bool:
        """Screening, extensions and bulk moves: the programme's staff and coordinators."""
        return self._allowed(request, self.admin_roles)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False  # applicants create applications

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # every change goes through a service page below

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # applications stay on record

    # --- list ----------------------------------------------------------------------------
    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return ApplicationChangeList

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        return application_list_for_staff()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Application], search_term: str
    ) -> tuple[QuerySet[Application], bool]:
        return application_search(queryset=queryset, term=search_term), False

    # --- detail --------------------------------------------------------------------------
    def get_fields(self, request: HttpRequest, obj: Application | None = None) -> Any:
        if obj is None or obj.status == ApplicationStatus.DRAFT:
            return DRAFT_FIELDS
        return SUBMITTED_FIELDS

    def change_context(self, request: HttpRequest, application: Application) -> dict[str, Any]:
        label = staff_label(application)
        return {
            **application_detail_for_staff(application),
            "may_act": self.may_act(request),
            "subtitle": label,
            "label": label,
        }

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        application = self.get_object(request, unquote(object_id))
        context = dict(extra_context or {})
        if application is not None:
            context["label"] = staff_label(application)
            context["title"] = gettext("Change history: %s") % context["label"]
        return super().history_view(request, object_id, context)

    # --- extra pages ---------------------------------------------------------------------
    def get_urls(self) -> list[URLPattern]:
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path("bulk/", view(self.bulk_view), name=f"{prefix}_bulk"),
            path(
                "<int:application_id>/screening/",
                view(self.screening_view),
                name=f"{prefix}_screening",
            ),
            path(
                "<int:application_id>/screening/decide/",
                view(self.screening_decide_view),
                name=f"{prefix}_screening_decide",
            ),
            path(
                "<int:application_id>/extension/",
                view(self.extension_view),
                name=f"{prefix}_extension",
            ),
            path(
                "<int:application_id>/attachments/<int:attachment_id>/",
                view(self.attachment_view),
                name=f"{prefix}_attachment",
            ),
            *super().get_urls(),
        ]

    def _application(self, request: HttpRequest, application_id: int) -> Application:
        """The application of the active programme, or 404 (another programme's too)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        application = self.get_queryset(request).filter(pk=application_id).first()
        if application is None:
            raise Http404(gettext("No such application in this programme."))
        return application

    def _page(
        self, request: HttpRequest, template: str, context: dict[str, Any]
    ) -> TemplateResponse:
        return admin_page(self, request, f"{TEMPLATES}/{template}", context)

    def _change_url(self, application: Application) -> str:
        return reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[application.pk]
        )

    def screening_view(self, request: HttpRequest, application_id: int) -> HttpResponse:
        """Each screener answers the checklist; the page shows everyone's answers side by side."""
        application = self._application(request, application_id)
        if request.method == "POST" and not self.may_act(request):
            raise PermissionDenied
        summary = application_screening(
            application=application, with_hints=application.status != ApplicationStatus.DRAFT
        )
        own = summary.answers_of(request.user)
        rules = [rule.rule for rule in summary.rules]
        if request.method == "POST":
            form = ScreeningForm(request.POST, rules=rules)
            if form.is_valid():
                try:
                    staff.eligibility_checks_record(
                        application=application,
                        checked_by=request.user,
                        answers=form.answers(),
                        replace=request.POST.get("replace") == "1",
                    )
                except ValidationError as error:
                    apply_service_errors(
                        form, error, {rule.key: f"note_{rule.key}" for rule in rules}
                    )
                except ApplicationError as error:
                    form.add_error(None, error.message)
                else:
                    messages.success(request, gettext("Your answers are recorded."))
                    return HttpResponseRedirect(request.path)
        else:
            form = ScreeningForm(
                rules=rules,
                initial={
                    **{f"rule_{key}": "yes" if c.is_met else "no" for key, c in own.items()},
                    **{f"note_{key}": c.note for key, c in own.items()},
                },
            )
        describe_errors(form)
        return self._page(
            request,
            "screening.html",
            {
                "title": gettext("Eligibility screening of %(application)s")
                % {"application": staff_label(application)},
                "original": application,
                "label": staff_label(application),
                "summary": summary,
                "form": form,
                "has_answered": bool(own),
                "is_open": application.status == ApplicationStatus.SUBMITTED,
                "may_act": self.may_act(request),
            },
        )

    def screening_decide_view(self, request: HttpRequest, application_id: int) -> HttpResponse:
        application = self._application(request, application_id)
        if request.method != "POST":
            return HttpResponseRedirect(
                reverse("admin:applications_application_screening", args=[application.pk])
            )
        if not self.may_act(request):
            raise PermissionDenied
        try:
            decided = staff.application_screening_complete(application=application, by=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(
                reverse("admin:applications_application_screening", args=[application.pk])
            )
        messages.success(
            request,
            gettext(
                "%(application)s now has the status “%(status)s”. The organisation's members "
                "get the letter."
            )
            % {"application": staff_label(decided), "status": decided.get_status_display()},
        )
        return HttpResponseRedirect(self._change_url(decided))

    def extension_view(self, request: HttpRequest, application_id: int) -> HttpResponse:
        """Give one applicant more time (a draft only), with the reason kept on record."""
        application = self._application(request, application_id)
        if not self.may_act(request):
            raise PermissionDenied
        call = application.call
        if request.method == "POST":
            form = ExtensionForm(request.POST)
            # The time typed is in the call's time zone, as the deadline is announced.
            with timezone.override(call.zone):
                form.is_valid()  # the form keeps what it found; form_action reads it
            response = form_action(
                request,
                form,
                lambda: application_grant_extension(
                    application=application,
                    until=form.cleaned_data["until"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                ),
                done=lambda extended: (
                    gettext("The applicant may now submit until %(until)s.")
                    % {"until": format_deadline(extended.extended_until, call.zone)}
                ),
                to=self._change_url(application),
            )
            if response is not None:
                return response
        else:
            initial = {}
            if application.extended_until:
                initial["until"] = timezone.localtime(application.extended_until, call.zone)
            form = ExtensionForm(initial=initial)
        describe_errors(form)
        return self._page(
            request,
            "extension.html",
            {
                "title": gettext("Extension for %(application)s")
                % {"application": staff_label(application)},
                "original": application,
                "label": staff_label(application),
                "form": form,
                "call_deadline": timezone.localtime(call.deadline, call.zone),
                "zone": call.timezone,
                "is_draft": application.status == ApplicationStatus.DRAFT,
            },
        )

    def attachment_view(
        self, request: HttpRequest, application_id: int, attachment_id: int
    ) -> HttpResponseBase:
        """A file of a submitted application; drafts' files stay private to the applicant."""
        application = self._application(request, application_id)
        if application.status == ApplicationStatus.DRAFT:
            raise Http404
        attachment = application.attachments.filter(pk=attachment_id).first()
        if attachment is None:
            raise Http404
        return serve_protected_file(
            attachment.file, filename=attachment.original_name, content_type=attachment.content_type
        )

    # --- bulk actions on every filtered row --------------------------------------------------
    def _filtered(self, request: HttpRequest, query: str) -> tuple[Any, QuerySet[Application]]:
        """The changelist and its whole filtered queryset for ``query``, re-applied here.

        The same filters, search and order as the list page, on every page of it.
        """
        params = QueryDict(query, mutable=True)
        for name in NOT_FILTERS:
            params.pop(name, None)
        filtered = copy.copy(request)
        filtered.GET = params  # type: ignore[assignment]
        changelist = self.get_changelist_instance(filtered)
        return changelist, changelist.get_queryset(filtered)

    def bulk_view(self, request: HttpRequest) -> HttpResponseBase:
        changelist_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        if request.method != "POST":
            return HttpResponseRedirect(changelist_url)
        action = request.POST.get("action", "")
        # Rebuilt rather than passed through: only well-formed parameters reach the redirect.
        query = QueryDict(request.POST.get("query", "")).urlencode()
        back = f"{changelist_url}?{query}" if query else changelist_url
        if action not in BULK_ACTIONS:
            messages.error(request, gettext("Choose one of the bulk actions."))
            return HttpResponseRedirect(back)
        if not self.has_view_permission(request) or (
            action in BULK_MOVES and not self.may_act(request)
        ):
            raise PermissionDenied
        try:
            changelist, queryset = self._filtered(request, query)
        except IncorrectLookupParameters:
            messages.error(
                request, gettext("These filters are not valid any more; choose them again.")
            )
            return HttpResponseRedirect(changelist_url)
        if request.POST.get("confirm") != "yes":
            counts = status_counts(queryset)
            return self._page(
                request,
                "bulk_confirm.html",
                {
                    "title": BULK_ACTIONS[action],
                    "action": action,
                    "query": query,
                    "back": back,
                    "total": sum(counts.values()),
                    "eligible": counts.get(ApplicationStatus.ELIGIBLE, 0),
                    "others": [
                        (ApplicationStatus(status).label, count)
                        for status, count in sorted(counts.items())
                        if status != ApplicationStatus.ELIGIBLE
                    ],
                    "filters": active_filters(changelist),
                    "search": changelist.query,
                },
            )
        if action == "export":
            tenant = getattr(request, "tenant", None)
            stamp = timezone.now().strftime("%Y%m%d-%H%M")
            return application_csv_response(
                queryset,
                filename=f"applications-{getattr(tenant, 'slug', 'programme')}-{stamp}.csv",
                language=translation.get_language() or "en",
            )
        BULK_MOVES[action](request, queryset)
        return HttpResponseRedirect(back)
