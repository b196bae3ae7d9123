"""Admin pages: results. The aggregation table per call, consensus reports (rapporteur,
draft, approval), ranking with the panel minutes, publication, and redress answers.

Pages read through ``evaluations.results_selectors`` and write through
``evaluations.results_services``; these classes only check who may open a page, bind forms
and show what the services answer.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from applications.models import Application, ApplicationStatus
from applications.staff_selectors import staff_label
from calls.models import Call
from evaluations import results_selectors as selectors
from evaluations import results_services, scoring, services
from evaluations.models import Consensus, RankingRun, RedressRequest
from socialtech.accounts.roles import Role, has_role
from socialtech.documents.models import StoredDocument
from socialtech.documents.pdf import WeasyPrintUnavailable
from socialtech.documents.responses import serve_protected_file
from socialtech.tenancy.admin import TenantScopedAdminMixin

TEMPLATES = "admin/evaluations/results"
AGGREGATION_PAGE_SIZE = 25
CONSENSUS_FIELDS = ("application", "rapporteur", "drafted_at", "approved_by", "approved_at")
RANKING_FIELDS = ("call", "created_at", "created_by", "seed", "budget")
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
SCORE_CHOICES = [("", "—")] + [
    (scoring.plain(Decimal(step) / 2), scoring.plain(Decimal(step) / 2)) for step in range(11)
]


# --- Helpers shared by the pages ------------------------------------------------------------


def describe_errors(form: forms.Form) -> None:
    """Tie each field's error and help text to its input for screen readers."""
    for name, field in form.fields.items():
        bound = form[name]
        ids = []
        if field.help_text:
            ids.append(f"{bound.auto_id}_helptext")
        if name in form.errors:
            ids.append(f"{bound.auto_id}_error")
            field.widget.attrs["aria-invalid"] = "true"
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)


def apply_service_errors(form: forms.Form, error: ValidationError, fields: dict[str, str]) -> None:
    """Show a service's ``ValidationError`` next to the field each key names."""
    if hasattr(error, "error_dict"):
        for key, problems in error.message_dict.items():
            target = fields.get(key)
            form.add_error(target if target in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def _is_back_office(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or has_role(user, Role.STAFF, Role.COORDINATOR))
    )


class ResultsAdminMixin(TenantScopedAdminMixin):
    """Read-only admins whose changes all go through the service pages below."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _page(
        self, request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
    ) -> TemplateResponse:
        return TemplateResponse(
            request,
            f"{TEMPLATES}/{template}",
            {**self.admin_site.each_context(request), "opts": self.opts, **context},  # type: ignore[attr-defined]
            status=status,
        )

    def _url(self, name: str, *args: Any) -> str:
        opts = self.opts  # type: ignore[attr-defined]
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args)


# --- Forms ----------------------------------------------------------------------------------


class ApplicationRecordAdmin(ResultsAdminMixin, admin.ModelAdmin):
    """A record about one application (a consensus, a redress request): listed by its
    application's receipt number and call, searched by receipt number."""

    list_per_page = 50
    show_full_result_count = False
    search_fields = ["application__receipt_number"]
    search_help_text = _("Receipt number of the application.")
    actions = None

    @admin.display(description=_("application"), ordering="application__receipt_number")
    def reference(self, record: Any) -> str:
        return staff_label(record.application)

    @admin.display(description=_("call"))
    def call(self, record: Any) -> str:
        return str(record.application.call)


class RapporteurForm(forms.Form):
    rapporteur: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,
        label=_("Rapporteur"),
        empty_label=_("Choose a person"),
        help_text=_(
            "An evaluator who submitted a review of this application, or a staff member. The "
            "rapporteur drafts the consensus report; someone else approves it."
        ),
        error_messages={
            "required": _("Rapporteur: choose who drafts the consensus report."),
            "invalid_choice": _("Rapporteur: choose one of the people listed."),
        },
    )

    def __init__(self, *args: Any, candidates: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rapporteur"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["rapporteur"].label_from_instance = lambda user: f"{user} <{user.email}>"  # type: ignore[attr-defined]


class ConsensusDraftForm(forms.Form):
    """A consensus score and comment per criterion of the call."""

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            name = criterion.name_text
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                label=gettext("%(criterion)s: consensus score") % {"criterion": name},
                choices=SCORE_CHOICES,
                help_text=gettext("0 to 5 in half points; the threshold is %(threshold)s.")
                % {"threshold": selectors.score_text(criterion.threshold)},
                error_messages={
                    "required": gettext("%(criterion)s: choose a score from 0 to 5.")
                    % {"criterion": name},
                    "invalid_choice": gettext("%(criterion)s: choose a score from 0 to 5.")
                    % {"criterion": name},
                },
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=gettext("%(criterion)s: consensus comment") % {"criterion": name},
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 10, "cols": 90}),
                help_text=gettext(
                    "At least %(count)s characters. The applicant reads it in the evaluation "
                    "summary report; edit the experts' comments below into one text."
                )
                % {"count": services.MIN_COMMENT_CHARS},
                error_messages={
                    "required": gettext("%(criterion)s: write the consensus comment.")
                    % {"criterion": name}
                },
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "criterion": criterion,
                "score": self[f"score_{criterion.pk}"],
                "comment": self[f"comment_{criterion.pk}"],
            }
            for criterion in self.criteria
        ]

    def scores(self) -> dict[str, str]:
        return {str(c.pk): self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}

    def comments(self) -> dict[str, str]:
        return {str(c.pk): self.cleaned_data[f"comment_{c.pk}"] for c in self.criteria}

    def error_fields(self) -> dict[str, str]:
        """Service error keys to the fields they belong to."""
        fields = {}
        for criterion in self.criteria:
            fields[f"scores.{criterion.pk}"] = f"score_{criterion.pk}"
            fields[f"comments.{criterion.pk}"] = f"comment_{criterion.pk}"
        return fields


class RedressAnswerForm(forms.Form):
    DECISIONS = [
        ("upheld", _("Upheld: the application goes back to evaluation")),
        ("rejected", _("Rejected: the result stands")),
    ]
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=DECISIONS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Decision: choose upheld or rejected.")},
    )
    answer = forms.CharField(
        label=_("Answer to the applicant"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 90}),
        help_text=_(
            "At least %(count)s characters. Say what was examined and why the request is "
            "upheld or rejected; it is e-mailed to the organisation's members."
        )
        % {"count": results_services.REDRESS_ANSWER_MIN_CHARS},
        error_messages={"required": _("Answer: write the answer to the applicant.")},
    )


# --- Consensus reports ----------------------------------------------------------------------


@admin.register(Consensus)
class ConsensusAdmin(ApplicationRecordAdmin):
    """Consensus reports. Evaluators named rapporteur see (and draft) their own only."""

    admin_read_only_roles = (Role.EVALUATOR,)
    list_display = ["reference", "call", "rapporteur", "state", "drafted_at", "approved_by"]
    list_select_related = ["application__call", "rapporteur", "approved_by"]
    ordering = ["-drafted_at", "-pk"]
    fields = CONSENSUS_FIELDS
    readonly_fields = CONSENSUS_FIELDS
    change_form_template = f"{TEMPLATES}/consensus_change_form.html"

    @admin.display(description=_("state"))
    def state(self, consensus: Consensus) -> str:
        return selectors.consensus_state_label(selectors.consensus_state(consensus))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Consensus]:
        queryset = super().get_queryset(request)
        if not _is_back_office(request):
            queryset = queryset.filter(rapporteur=request.user)
        return queryset

    def _consensus(self, request: HttpRequest, consensus_id: int) -> Consensus:
        if not self.has_view_permission(request):
            raise PermissionDenied
        consensus = (
            self.get_queryset(request)
            .select_related("application__call", "application__organisation")
            .filter(pk=consensus_id)
            .first()
        )
        if consensus is None:
            raise Http404(gettext("No such consensus report in this programme."))
        return consensus

    def _consensus_context(self, request: HttpRequest, consensus: Consensus) -> dict[str, Any]:
        application = consensus.application
        criteria = selectors.call_criteria(application.call)
        reviews = selectors.submitted_reviews(application)
        state = selectors.consensus_state(consensus)
        return {
            "consensus": consensus,
            "application": application,
            "label": staff_label(application),
            "state": state,
            "state_label": selectors.consensus_state_label(state),
            "reviews": reviews,
            "criteria_rows": [
                {
                    "criterion": criterion,
                    "score": consensus.scores.get(str(criterion.pk)),
                    "comment": consensus.comments.get(str(criterion.pk), ""),
                    "individual": [
                        {
                            "label": review.label,
                            "score": selectors.score_text(review.scores.get(str(criterion.pk))),
                            "comment": review.comments.get(str(criterion.pk), ""),
                        }
                        for review in reviews
                    ],
                }
                for criterion in criteria
            ],
            "may_draft": consensus.rapporteur_id == request.user.pk and not consensus.approved_at,
            "may_approve": _is_back_office(request)
            and state == selectors.ConsensusState.DRAFTED
            and consensus.rapporteur_id != request.user.pk,
            "is_own_report": consensus.rapporteur_id == request.user.pk,
            "may_rename": _is_back_office(request) and not consensus.approved_at,
        }

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        consensus = self.get_object(request, object_id)
        if consensus is not None:
            context.update(self._consensus_context(request, consensus))
            context["subtitle"] = context["label"]
        return super().change_view(request, object_id, form_url, context)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "application/<int:application_id>/rapporteur/",
                view(self.rapporteur_view),
                name=f"{prefix}_rapporteur",
            ),
            path("<int:consensus_id>/draft/", view(self.draft_view), name=f"{prefix}_draft"),
            path("<int:consensus_id>/approve/", view(self.approve_view), name=f"{prefix}_approve"),
            *super().get_urls(),
        ]

    def rapporteur_view(self, request: HttpRequest, application_id: int) -> HttpResponse:
        """Staff name (or change) the rapporteur of an application's consensus report."""
        if not _is_back_office(request):
            raise PermissionDenied
        application = (
            Application.objects.select_related("call", "organisation")
            .filter(pk=application_id, status__in=selectors.AGGREGATION_STATUSES)
            .first()
        )
        if application is None:
            raise Http404(gettext("No such application in evaluation in this programme."))
        consensus = selectors.consensus_of(application)
        candidates = selectors.rapporteur_candidates(application)
        if request.method == "POST":
            form = RapporteurForm(request.POST, candidates=candidates)
            if form.is_valid():
                try:
                    consensus = results_services.consensus_rapporteur_name(
                        application=application,
                        rapporteur=form.cleaned_data["rapporteur"],
                        by=request.user,
                    )
                except ValidationError as error:
                    apply_service_errors(form, error, {"rapporteur": "rapporteur"})
                else:
                    messages.success(
                        request,
                        gettext("%(person)s drafts the consensus report of %(application)s.")
                        % {"person": consensus.rapporteur, "application": staff_label(application)},
                    )
                    return HttpResponseRedirect(self._url("change", consensus.pk))
        else:
            form = RapporteurForm(
                candidates=candidates,
                initial={"rapporteur": consensus.rapporteur_id} if consensus else None,
            )
        describe_errors(form)
        return self._page(
            request,
            "rapporteur.html",
            {
                "title": gettext("Rapporteur for %(application)s")
                % {"application": staff_label(application)},
                "application": application,
                "label": staff_label(application),
                "consensus": consensus,
                "form": form,
                "is_locked": bool(consensus and consensus.approved_at),
                "aggregation_url": reverse(
                    "admin:evaluations_rankingrun_aggregation", args=[application.call_id]
                ),
            },
            status=400 if form.errors else 200,
        )

    def draft_view(self, request: HttpRequest, consensus_id: int) -> HttpResponse:
        """The rapporteur drafts the report from the experts' scores and comments."""
        consensus = self._consensus(request, consensus_id)
        if consensus.rapporteur_id != request.user.pk:
            raise PermissionDenied(gettext("Only the named rapporteur drafts this report."))
        if consensus.approved_at:
            messages.info(request, gettext("The consensus is approved and locked."))
            return HttpResponseRedirect(self._url("change", consensus.pk))
        application = consensus.application
        criteria = selectors.call_criteria(application.call)
        reviews = selectors.submitted_reviews(application)
        if request.method == "POST":
            form = ConsensusDraftForm(request.POST, criteria=criteria)
            if form.is_valid():
                try:
                    results_services.consensus_report_draft(
                        consensus=consensus,
                        by=request.user,
                        scores=form.scores(),
                        comments=form.comments(),
                    )
                except ValidationError as error:
                    apply_service_errors(form, error, form.error_fields())
                else:
                    messages.success(
                        request,
                        gettext(
                            "The consensus report is drafted. A staff member other than you "
                            "approves it."
                        ),
                    )
                    return HttpResponseRedirect(self._url("change", consensus.pk))
        else:
            initial: dict[str, str] = {}
            prefilled = selectors.consensus_initial(criteria, reviews)
            for criterion in criteria:
                key = str(criterion.pk)
                initial[f"score_{key}"] = consensus.scores.get(key) or prefilled[key]["score"]
                initial[f"comment_{key}"] = consensus.comments.get(key) or prefilled[key]["comment"]
            form = ConsensusDraftForm(criteria=criteria, initial=initial)
        describe_errors(form)
        individual = {
            str(criterion.pk): [
                {
                    "label": review.label,
                    "score": selectors.score_text(review.scores.get(str(criterion.pk))),
                }
                for review in reviews
            ]
            for criterion in criteria
        }
        return self._page(
            request,
            "consensus_draft.html",
            {
                "title": gettext("Consensus report of %(application)s")
                % {"application": staff_label(application)},
                "consensus": consensus,
                "original": consensus,
                "application": application,
                "label": staff_label(application),
                "form": form,
                "rows": [
                    {**row, "individual": individual[str(row["criterion"].pk)]}
                    for row in form.rows()
                ],
                "reviews": reviews,
            },
            status=400 if form.errors else 200,
        )

    def approve_view(self, request: HttpRequest, consensus_id: int) -> HttpResponseBase:
        consensus = self._consensus(request, consensus_id)
        if request.method != "POST":
            return HttpResponseRedirect(self._url("change", consensus.pk))
        if not _is_back_office(request):
            raise PermissionDenied
        try:
            results_services.consensus_report_approve(consensus=consensus, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                gettext("The consensus of %(application)s is approved; its scores now count.")
                % {"application": staff_label(consensus.application)},
            )
        return HttpResponseRedirect(self._url("change", consensus.pk))


# --- Rankings, aggregation, publication -------------------------------------------------------


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

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        run = self.get_object(request, object_id)
        if run is not None:
            context["ranking"] = selectors.ranking_view(run)
            context["minutes"] = self._minutes_document(run)
        return super().change_view(request, object_id, form_url, context)

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
            if not _is_back_office(request):
                raise PermissionDenied
            try:
                marked = results_services.call_mark_evaluated(call=call, by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)s application is marked evaluated.",
                        "%(count)s applications are marked evaluated.",
                        len(marked),
                    )
                    % {"count": len(marked)},
                )
            return HttpResponseRedirect(request.get_full_path())
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
                "may_act": _is_back_office(request),
            },
        )

    def rank_view(self, request: HttpRequest, call_id: int) -> HttpResponse:
        """Run the ranking, and show the latest one with the rule that decided each tie."""
        call = self._call(request, call_id)
        if request.method == "POST":
            if not _is_back_office(request):
                raise PermissionDenied
            try:
                ranked = results_services.call_ranking_run(call=call, by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    gettext("The call is ranked (seed %(seed)s, recorded for replay).")
                    % {"seed": ranked.seed},
                )
            return HttpResponseRedirect(request.path)
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
                "may_act": _is_back_office(request),
            },
        )

    def publish_view(self, request: HttpRequest, call_id: int) -> HttpResponse:
        """Confirm, then publish the results: letters, e-mails and the redress window."""
        call = self._call(request, call_id)
        if request.method == "POST":
            if not _is_back_office(request):
                raise PermissionDenied
            try:
                published = results_services.call_publish_results(call=call, by=request.user)
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                return HttpResponseRedirect(request.path)
            messages.success(
                request,
                ngettext(
                    "Results are published. The evaluation summary report of %(count)s "
                    "application is being sent to its organisation's members.",
                    "Results are published. The evaluation summary reports of %(count)s "
                    "applications are being sent to their organisations' members.",
                    len(published.results),
                )
                % {"count": len(published.results)},
            )
            return HttpResponseRedirect(self._url("rank", call.pk))
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
                "may_act": _is_back_office(request),
            },
        )

    def minutes_view(self, request: HttpRequest, run_id: int) -> HttpResponseBase:
        """The panel minutes of a ranking as a PDF: POST makes them (once), GET downloads."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = RankingRun.objects.select_related("call").filter(pk=run_id).first()
        if run is None:
            raise Http404(gettext("No such ranking in this programme."))
        document = self._minutes_document(run)
        if request.method == "POST":
            if not _is_back_office(request):
                raise PermissionDenied
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
            messages.info(request, gettext("The minutes are not made yet: press the button."))
            return HttpResponseRedirect(self._url("change", run.pk))
        return serve_protected_file(
            document.file, filename=document.filename, content_type="application/pdf"
        )


# --- Redress requests ------------------------------------------------------------------------


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

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        context = dict(extra_context or {})
        redress_request = self.get_object(request, object_id)
        if redress_request is not None:
            context["redress_request"] = redress_request
            context["is_open"] = redress_request.status == RedressRequest.Status.OPEN
        return super().change_view(request, object_id, form_url, context)

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
        if not _is_back_office(request):
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
            if form.is_valid():
                try:
                    results_services.redress_request_answer(
                        redress_request=redress_request,
                        by=request.user,
                        is_upheld=form.cleaned_data["decision"] == "upheld",
                        answer=form.cleaned_data["answer"],
                    )
                except ValidationError as error:
                    apply_service_errors(form, error, {"answer": "answer"})
                else:
                    messages.success(
                        request,
                        gettext("The answer is recorded and e-mailed to the applicant.")
                        if form.cleaned_data["decision"] == "rejected"
                        else gettext(
                            "The request is upheld: the application is back in evaluation and "
                            "needs new evaluators. The answer is e-mailed to the applicant."
                        ),
                    )
                    return HttpResponseRedirect(self._url("change", redress_request.pk))
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
