"""Ranking the evaluated applications of a call, and the panel minutes of a ranking."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import APPLICATION_TRANSITIONS, Application, ApplicationStatus
from applications.staff_selectors import staff_label
from calls.models import Call, CallStatus
from evaluations import scoring
from evaluations.models import RankingRun
from evaluations.results import selectors
from evaluations.results.services.common import S, staff_labels
from evaluations.selectors import criteria_of
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.documents.jobs import document_render_and_store
from socialtech.documents.models import DocumentKind, StoredDocument


@transaction.atomic
def call_ranking_run(*, call: Call, by: Any, seed: int | None = None) -> RankingRun:
    """Rank the evaluated applications of ``call`` (:func:`call_rank`) and record, with
    each row, the scores used and the amount requested, for the minutes and the letters.

    Refuses a call that is not in evaluation (or, after an upheld redress, in results),
    a call with applications still in evaluation, one with nothing evaluated, evaluated
    applications that wait for an approved consensus (each named), and, once results are
    published, a ranking that would move an application in a way the status rules forbid.
    """
    require_programme_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status not in (CallStatus.EVALUATION, CallStatus.RESULTS):
        raise ValidationError(
            _("A call is ranked while it is in evaluation; this call is %(status)s.")
            % {"status": call.get_status_display()},
            code="not_in_evaluation",
        )
    waiting = list(Application.objects.filter(call=call, status=S.IN_EVALUATION))
    if waiting:
        raise ValidationError(
            ngettext(
                "%(count)s application is still in evaluation: %(labels)s. Mark it evaluated "
                "when its reviews are in.",
                "%(count)s applications are still in evaluation: %(labels)s. Mark them "
                "evaluated when their reviews are in.",
                len(waiting),
            )
            % {"count": len(waiting), "labels": staff_labels(waiting)},
            code="still_in_evaluation",
        )
    if not Application.objects.filter(call=call, status=S.EVALUATED).exists() and (
        call.status == CallStatus.RESULTS
        or not Application.objects.filter(call=call, status__in=selectors.OUTCOME_STATUSES).exists()
    ):
        raise ValidationError(
            _(
                "No application of this call has been evaluated since the last ranking, so there is nothing to rank."
            ),
            code="nothing_to_rank",
        )
    blockers = selectors.consensus_blockers(call)
    if blockers:
        raise ValidationError(
            [
                _("%(label)s cannot be ranked yet: %(reason)s.")
                % {"label": staff_label(application), "reason": reason}
                for application, reason in blockers
            ],
            code="consensus_needed",
        )
    before = dict(
        Application.objects.filter(
            call=call, status__in=selectors.AGGREGATION_STATUSES
        ).values_list("pk", "status")
    )
    run = call_rank(call=call, by=by, seed=seed)
    if call.status == CallStatus.RESULTS:
        forbidden = [
            _("%(label)s would move from %(current)s to %(target)s.")
            % {"label": f"#{pk}", "current": S(before[pk]).label, "target": S(outcome).label}
            for pk, outcome in selectors.ranked_outcomes(run).items()
            if before.get(pk) not in (None, outcome)
            and outcome not in APPLICATION_TRANSITIONS[before[pk]]
        ]
        if forbidden:
            raise ValidationError(
                [_("Results are published and the status rules forbid this ranking."), *forbidden],
                code="transition_not_allowed",
            )
    applications = {
        application.pk: application
        for application in Application.objects.filter(
            pk__in=[row["application"] for row in run.results]
        ).select_related("call")
    }
    for row in run.results:
        application = applications[row["application"]]
        scores, source = selectors.authoritative_scores(application)
        row["scores"] = {key: scoring.plain(value) for key, value in scores.items()}
        row["source"] = source
        row["requested_amount"] = str(application.requested_amount or "0")
    run.full_clean()
    run.save(update_fields=["results"])
    return run


def ranking_minutes_store(*, run: RankingRun, by: Any, language: str) -> StoredDocument:
    """The panel minutes of ``run`` as a PDF, made once per ranking and language
    (idempotency key ``minutes:ranking:<id>:<language>``) and stored with the documents.

    Refuses anyone but staff and coordinators.
    """
    require_programme_staff(by)
    key = f"minutes:ranking:{run.pk}:{language}"
    existing = StoredDocument.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    run = RankingRun.objects.select_related("call", "created_by").get(pk=run.pk)
    with translation.override(language):
        context = selectors.panel_minutes_context(run)
        result = document_render_and_store(
            template_name="documents/panel_minutes.html",
            context=context,
            kind=DocumentKind.REPORT,
            title=context["title"],
            owner_id=by.pk,
            filename=f"panel-minutes-{run.call.reference or run.call.slug}-{run.pk}-{language}.pdf",
            idempotency_key=key,
        )
    document = StoredDocument.objects.get(pk=result["id"])
    with transaction.atomic():
        audit_log(
            actor=by,
            verb="ranking.minutes_made",
            target=run.call,
            data={"ranking_run": run.pk, "document": document.code, "language": language},
        )
    return document


@transaction.atomic
def call_rank(*, call: Call, by: Any, seed: int | None = None) -> RankingRun:
    """Rank the evaluated applications of ``call`` and record each one's outcome.

    Uses the thresholds, weights and tie-break chain of the call; the seed of the final
    draw is recorded so the ranking can be replayed.
    """
    seed = seed if seed is not None else secrets.randbelow(2**31)
    criteria = [
        scoring.CriterionRule(
            key=str(criterion.pk),
            name=criterion.name_text,
            threshold=criterion.threshold,
            weight=criterion.weight,
            order=index,
        )
        for index, criterion in enumerate(criteria_of(call), start=1)
    ]
    applications = list(
        Application.objects.filter(
            call=call,
            status__in=[
                ApplicationStatus.EVALUATED,
                ApplicationStatus.MAIN_LIST,
                ApplicationStatus.RESERVE_LIST,
                ApplicationStatus.REJECTED_THRESHOLD,
                ApplicationStatus.REJECTED_BUDGET,
            ],
        ).select_related("organisation")
    )
    candidates = []
    for application in applications:
        scores, _flags, _source = selectors.application_scores(application)
        candidates.append(
            scoring.Candidate(
                application_id=application.pk,
                scores=scores,
                requested_amount=application.requested_amount or Decimal("0"),
                country=str(application.organisation.country),
                submitted_at=application.submitted_at,
            )
        )
    chain = call.tie_break_chain or [
        "criterion:1",
        "criterion:2",
        "country_not_yet_funded",
        "earlier_submission",
        "seeded_draw",
    ]
    ranked = scoring.rank(
        candidates, criteria, total_threshold=call.total_threshold, chain=chain, seed=seed
    )
    selection = scoring.select(ranked, budget=call.budget, reserve_length=call.reserve_list_length)
    by_id = {application.pk: application for application in applications}
    results = []
    for item in selection.ranked:
        application = by_id[item.candidate.application_id]
        application.status = item.outcome
        application.save(update_fields=["status", "updated_at"])
        results.append(
            {
                "application": application.pk,
                "rank": item.rank,
                "outcome": item.outcome,
                "decided_by": item.decided_by,
                "weighted_total": str(item.weighted_total),
                "unweighted_total": str(item.unweighted_total),
                "threshold_failures": item.threshold_failures,
                "draw": item.draw,
            }
        )
    run = RankingRun.objects.create(
        call=call, seed=seed, budget=call.budget, results=results, created_by=by
    )
    audit_log(
        actor=by,
        verb="call.ranked",
        target=call,
        data={"seed": seed, "committed": str(selection.committed)},
    )
    return run
