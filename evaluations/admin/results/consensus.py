"""Consensus reports: staff name the rapporteur, the rapporteur drafts the report from the
experts' scores and comments, and another staff member approves it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from applications.staff_selectors import staff_label
from evaluations.admin.results.base import (
    TEMPLATES,
    ApplicationRecordAdmin,
    describe_errors,
    is_back_office,
)
from evaluations.admin.results.forms import ConsensusDraftForm, RapporteurForm
from evaluations.models import Consensus
from evaluations.results import selectors
from evaluations.results import services as results_services
from socialtech.accounts.roles import Role
from socialtech.admin_services import admin_action, form_action

CONSENSUS_FIELDS = ("application", "rapporteur", "drafted_at", "approved_by", "approved_at")


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
        if not is_back_office(request):
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
            "may_approve": is_back_office(request)
            and state == selectors.ConsensusState.DRAFTED
            and consensus.rapporteur_id != request.user.pk,
            "is_own_report": consensus.rapporteur_id == request.user.pk,
            "may_rename": is_back_office(request) and not consensus.approved_at,
        }

    def change_context(self, request: HttpRequest, consensus: Consensus) -> dict[str, Any]:
        context = self._consensus_context(request, consensus)
        return {**context, "subtitle": context["label"]}

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
        if not is_back_office(request):
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
            response = form_action(
                request,
                form,
                lambda: results_services.consensus_rapporteur_name(
                    application=application,
                    rapporteur=form.cleaned_data["rapporteur"],
                    by=request.user,
                ),
                done=lambda named: (
                    gettext("%(person)s drafts the consensus report of %(application)s.")
                    % {"person": named.rapporteur, "application": staff_label(application)}
                ),
                to=lambda named: self._url("change", named.pk),
            )
            if response is not None:
                return response
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
            response = form_action(
                request,
                form,
                lambda: results_services.consensus_report_draft(
                    consensus=consensus,
                    by=request.user,
                    scores=form.scores(),
                    comments=form.comments(),
                ),
                done=lambda _drafted: gettext(
                    "The consensus report is drafted. A staff member other than you approves it."
                ),
                to=self._url("change", consensus.pk),
                fields=form.error_fields(),
            )
            if response is not None:
                return response
        else:
            initial: dict[str, str] = {}
            # The current round's reviews only: after an upheld redress the earlier round's
            # stay listed but do not set the starting scores.
            prefilled = selectors.consensus_initial(
                criteria, [review for review in reviews if not review.is_earlier_round]
            )
            # A draft of this round is kept; a report reopened by a redress starts afresh.
            drafted = consensus.drafted_at is not None
            for criterion in criteria:
                key = str(criterion.pk)
                initial[f"score_{key}"] = (drafted and consensus.scores.get(key)) or prefilled[key][
                    "score"
                ]
                initial[f"comment_{key}"] = (drafted and consensus.comments.get(key)) or prefilled[
                    key
                ]["comment"]
            form = ConsensusDraftForm(criteria=criteria, initial=initial)
        describe_errors(form)
        individual = {
            str(criterion.pk): [
                {
                    "label": review.label,
                    "score": selectors.score_text(review.scores.get(str(criterion.pk))),
                    "is_earlier_round": review.is_earlier_round,
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
        return admin_action(
            request,
            lambda: results_services.consensus_report_approve(consensus=consensus, by=request.user),
            done=lambda _approved: (
                gettext("The consensus of %(application)s is approved; its scores now count.")
                % {"application": staff_label(consensus.application)}
            ),
            to=self._url("change", consensus.pk),
            allowed=is_back_office(request),
        )
