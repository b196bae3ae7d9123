"""Rankings of calls: the aggregation table, the ranking with the rule that decided each
place, the panel minutes, and publication of the results.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path
from django.utils import translation
from django.utils.translation import gettext, ngettext

from applications.models import ApplicationStatus
from applications.staff_selectors import staff_label
from calls.models import Call
from evaluations.admin.results.base import TEMPLATES, ResultsAdminMixin, is_back_office
from evaluations.models import RankingRun
from evaluations.results import selectors
from evaluations.results import services as results_services
from socialtech.admin_services import admin_action
from socialtech.documents.models import StoredDocument
from socialtech.documents.pdf import WeasyPrintUnavailable
from socialtech.documents.responses import serve_protected_file

AGGREGATION_PAGE_SIZE = 25
RANKING_FIELDS = ("call", "created_at", "created_by", "seed", "budget")


@admin.register(RankingRun)
class RankingRunAdmin(ResultsAdminMixin, admin.ModelAdmin):
    """Rankings of calls. The list starts with the calls in evaluation and their pages."""

    list_display = ["call", "created_at", "created_by", "seed", "budget"]
    list_select_related = ["call", "created_by"]
    list_filter = ["call"]
    list_per_page = 50
    show_full_result_count = False
    ordering = ["-created_at", "-pk"]
    fields = RANKING_FIELDS
    readonly_fields = RANKING_FIELDS
    change_list_template = f"{TEMPLATES}/ranking_change_list.html"
    change_form_template = f"{TEMPLATES}/ranking_change_form.html"
    actions = None

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        context = dict(extra_context or {})
        context["stage_calls"] = list(selectors.calls_in_results_stage())
        return super().changelist_view(request, context)

    def change_context(self, request: HttpRequest, run: RankingRun) -> dict[str, Any]:
        return {"ranking": selectors.ranking_view(run), "minutes": self._minutes_document(run)}

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "call/<int:call_id>/aggregation/",
                view(self.aggregation_view),
                name=f"{prefix}_aggregation",
            ),
            path("call/<int:call_id>/rank/", view(self.rank_view), name=f"{prefix}_rank"),
            path("call/<int:call_id>/publish/", view(self.publish_view), name=f"{prefix}_publish"),
            path("<int:run_id>/minutes/", view(self.minutes_view), name=f"{prefix}_minutes"),
            *super().get_urls(),
        ]

    def _call(self, request: HttpRequest, call_id: int) -> Call:
        if not self.has_view_permission(request):
            raise PermissionDenied
        call = Call.objects.filter(pk=call_id).first()
        if call is None:
            raise Http404(gettext("No such call in this programme."))
        return call

    def _minutes_document(self, run: RankingRun) -> StoredDocument | None:
        language = translation.get_language() or "en"
        return StoredDocument.objects.filter(
            idempotency_key=f"minutes:ranking:{run.pk}:{language}"
        ).first()

    def aggregation_view(self, request: HttpRequest, call_id: int) -> HttpResponse:
        """Each application's individual scores, the aggregate, the flags and the consensus."""
        call = self._call(request, call_id)
        if request.method == "POST":
            return admin_action(
                request,
                lambda: results_services.call_mark_evaluated(call=call, by=request.user),
                done=lambda marked: (
                    ngettext(
                        "%(count)s application is marked evaluated.",
                        "%(count)s applications are marked evaluated.",
                        len(marked),
                    )
                    % {"count": len(marked)}
                ),
                to=request.get_full_path(),
                allowed=is_back_office(request),
            )
        status = request.GET.get("status") or None
        if status is not None and status not in selectors.AGGREGATION_STATUSES:
            status = None
        criteria = selectors.call_criteria(call)
        page = Paginator(
            selectors.aggregation_queryset(call, status=status), AGGREGATION_PAGE_SIZE
        ).get_page(request.GET.get("page"))
        return self._page(
            request,
            "aggregation.html",
            {
                "title": gettext("Scores of %(call)s") % {"call": call},
                "call": call,
                "criteria": criteria,
                "page": page,
                "rows": selectors.aggregation_rows(list(page.object_list), criteria),
                "summary": [
                    (ApplicationStatus(key).label, count)
                    for key, count in selectors.aggregation_summary(call).items()
                ],
                "ready_count": len(selectors.applications_ready_to_mark(call)),
                "status": status,
                "statuses": [
                    (value, ApplicationStatus(value).label)
                    for value in selectors.AGGREGATION_STATUSES
                ],
                "may_act": is_back_office(request),
            },
        )

    def rank_view(self, request: HttpRequest, call_id: int) -> HttpResponse:
        """Run the ranking, and show the latest one with the rule that decided each tie."""
        call = self._call(request, call_id)
        if request.method == "POST":
            return admin_action(
                request,
                lambda: results_services.call_ranking_run(call=call, by=request.user),
                done=lambda ranked: (
                    gettext("The call is ranked (seed %(seed)s, recorded for replay).")
                    % {"seed": ranked.seed}
                ),
                to=request.path,
                allowed=is_back_office(request),
            )
        run = selectors.ranking_latest(call)
        return self._page(
            request,
            "ranking.html",
            {
                "title": gettext("Ranking of %(call)s") % {"call": call},
                "call": call,
                "ranking": selectors.ranking_view(run) if run is not None else None,
                "minutes": self._minutes_document(run) if run is not None else None,
                "blockers": [
                    (staff_label(application), reason)
                    for application, reason in selectors.consensus_blockers(call)
                ],
                "summary": [
                    (ApplicationStatus(key).label, count)
                    for key, count in selectors.aggregation_summary(call).items()
                ],
                "is_published": run is not None and run.pk in selectors.published_run_ids(call),
                "may_act": is_back_office(request),
            },
        )

    def publish_view(self, request: HttpRequest, call_id: int) -> HttpResponse:
        """Confirm, then publish the results: letters, e-mails and the redress window."""
        call = self._call(request, call_id)
        if request.method == "POST":
            return admin_action(
                request,
                lambda: results_services.call_publish_results(call=call, by=request.user),
                done=lambda published: (
                    ngettext(
                        "Results are published. The evaluation summary report of %(count)s "
                        "application is being sent to its organisation's members.",
                        "Results are published. The evaluation summary reports of %(count)s "
                        "applications are being sent to their organisations' members.",
                        len(published.results),
                    )
                    % {"count": len(published.results)}
                ),
                to=self._url("rank", call.pk),
                refused_to=request.path,
                allowed=is_back_office(request),
            )
        run = selectors.ranking_latest(call)
        window = selectors.redress_window(call)
        return self._page(
            request,
            "publish.html",
            {
                "title": gettext("Publish the results of %(call)s") % {"call": call},
                "call": call,
                "ranking": selectors.ranking_view(run) if run is not None else None,
                "problems": selectors.publication_problems(call),
                "window": window,
                "is_published": run is not None and run.pk in selectors.published_run_ids(call),
                "may_act": is_back_office(request),
            },
        )

    def minutes_view(self, request: HttpRequest, run_id: int) -> HttpResponseBase:
        """The panel minutes of a ranking as a PDF, whether the link is followed (GET) or
        the button pressed (POST): made once per language by staff and coordinators on the
        first request. Someone who may only look gets the minutes in another language when
        none are made in theirs, and a message when none are made at all."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = RankingRun.objects.select_related("call").filter(pk=run_id).first()
        if run is None:
            raise Http404(gettext("No such ranking in this programme."))
        document = self._minutes_document(run)
        if request.method == "POST" and not is_back_office(request):
            raise PermissionDenied
        if document is None and not is_back_office(request):
            document = (
                StoredDocument.objects.filter(
                    idempotency_key__startswith=f"minutes:ranking:{run.pk}:"
                )
                .order_by("pk")
                .first()
            )
        if document is None and is_back_office(request):
            try:
                document = results_services.ranking_minutes_store(
                    run=run, by=request.user, language=translation.get_language() or "en"
                )
            except WeasyPrintUnavailable:
                messages.error(
                    request, gettext("The PDF cannot be made right now; try again later.")
                )
                return HttpResponseRedirect(self._url("change", run.pk))
        if document is None:
            messages.info(
                request,
                gettext("The minutes are not made yet: staff or a coordinator make them."),
            )
            return HttpResponseRedirect(self._url("change", run.pk))
        return serve_protected_file(
            document.file, filename=document.filename, content_type="application/pdf"
        )
