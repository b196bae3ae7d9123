"""What the PDFs say (JSON: the rendering task takes JSON only): the evaluation summary
report and the panel minutes; and the scores that count, for staff pages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from applications.models import Application
from applications.selectors import format_money
from evaluations import scoring
from evaluations.models import Consensus, RankingRun
from evaluations.results.selectors.aggregation import aggregation_queryset, aggregation_rows
from evaluations.results.selectors.applicant import outcome_explanation
from evaluations.results.selectors.common import (
    S,
    application_scores,
    average_text,
    call_criteria,
    score_text,
)
from evaluations.results.selectors.consensus import ConsensusState, submitted_reviews
from evaluations.results.selectors.publication import esr_fingerprint, redress_window
from evaluations.results.selectors.ranking import ranking_view, threshold_failure_texts
from socialtech.i18n import localise


def authoritative_scores(application: Application) -> tuple[dict[str, Decimal], str]:
    """The scores that count (the approved consensus, else the aggregate) and their source."""
    scores, _flags, source = application_scores(application)
    return {str(key): Decimal(value) for key, value in scores.items()}, source


def _approved_consensus(application: Application) -> Consensus | None:
    return Consensus.objects.filter(application=application, approved_at__isnull=False).first()


def esr_context(
    application: Application, row: Mapping[str, Any], *, language: str
) -> dict[str, Any]:
    """What the evaluation summary report of ``application`` says, in ``language``.

    ``row`` is the application's row in the published ranking: its outcome and totals are
    what was decided. The comments are the approved consensus's, else each expert's
    (numbered, never named). ``fingerprint`` digests the content in every language alike.
    """
    from django.urls import reverse

    from applications.selectors import zoned
    from socialtech.tenancy.links import tenant_absolute_url

    call = application.call
    criteria = call_criteria(call)
    consensus = _approved_consensus(application)
    reviews = submitted_reviews(application)
    if row.get("scores") is not None:
        scores = {str(key): Decimal(str(value)) for key, value in row["scores"].items()}
    else:
        scores, _source = authoritative_scores(application)
    criteria_rows = []
    for criterion in criteria:
        key = str(criterion.pk)
        score = scores.get(key)
        if consensus is not None:
            comments = [
                {"label": _("Consensus of the experts"), "text": consensus.comments.get(key, "")}
            ]
        else:
            comments = [
                {"label": review.label, "text": review.comments[key]}
                for review in reviews
                if (review.comments.get(key) or "").strip()
            ]
        criteria_rows.append(
            {
                "name": localise(criterion.name, language),
                "description": localise(criterion.description, language),
                "score": score_text(score),
                "threshold": score_text(criterion.threshold),
                "weight": score_text(criterion.weight),
                "is_below_threshold": score is None or score < criterion.threshold,
                "comments": comments,
            }
        )
    overall = (
        []
        if consensus is not None
        else [
            {"label": review.label, "text": review.overall_comment}
            for review in reviews
            if review.overall_comment.strip()
        ]
    )
    outcome = str(row.get("outcome") or application.status)
    has_weights = any(criterion.weight != 1 for criterion in criteria)
    window = redress_window(call)
    fingerprint = esr_fingerprint(
        {
            "outcome": outcome,
            "scores": {key: scoring.plain(value) for key, value in scores.items()},
            "consensus": consensus.comments if consensus is not None else None,
            "reviews": [[review.comments, review.overall_comment] for review in reviews],
        }
    )
    if consensus is not None:
        method = _("The scores and comments are the consensus the experts agreed.")
    else:
        method = _(
            "The scores are the %(method)s of the experts' individual scores; the comments are "
            "each expert's own."
        ) % {"method": _("median") if len(reviews) >= 4 else _("mean")}
    return {
        "title": _("Evaluation summary report %(receipt)s")
        % {"receipt": application.receipt_number or application.pk},
        "programme": application.tenant.name,
        "call_title": localise(call.title, language) or call.slug,
        "call_reference": call.reference,
        "organisation": application.organisation.legal_name,
        "receipt_number": application.receipt_number,
        "project_title": application.title,
        "outcome": outcome,
        "outcome_label": str(S(outcome).label) if outcome in S.values else outcome,
        "outcome_explanation": outcome_explanation(outcome),
        "is_selected": outcome == S.MAIN_LIST,
        "method": method,
        "experts": len(reviews),
        "criteria": criteria_rows,
        "overall_comments": overall,
        "unweighted_total": average_text(
            Decimal(str(row.get("unweighted_total") or sum(scores.values(), Decimal("0"))))
        ),
        "weighted_total": average_text(Decimal(str(row["weighted_total"])))
        if has_weights and row.get("weighted_total") is not None
        else "",
        "total_threshold": score_text(call.total_threshold),
        "threshold_failures": threshold_failure_texts(scores, criteria, call.total_threshold),
        "redress_days": window.days if window is not None else call.redress_days,
        "redress_deadline": zoned(window.deadline, call=call, viewer_zone=None).call_label
        if window is not None
        else "",
        "redress_url": tenant_absolute_url(
            application.tenant, reverse("results_detail", args=[application.pk])
        ),
        "verify_url": tenant_absolute_url(application.tenant, reverse("document_verify")),
        "fingerprint": fingerprint,
    }


def panel_minutes_context(run: RankingRun) -> dict[str, Any]:
    """What the panel minutes of ``run`` say, in the active language."""
    from applications.selectors import zoned

    view = ranking_view(run)
    call = run.call
    criteria = call_criteria(call)
    ids = [row.application_id for row in view.rows]
    aggregated = {
        row.application.pk: row
        for row in aggregation_rows(list(aggregation_queryset(call).filter(pk__in=ids)), criteria)
    }
    consensus_reports = []
    rows = []
    for row in view.rows:
        application = row.application
        found = aggregated.get(row.application_id)
        label = (application.receipt_number if application else "") or f"#{row.application_id}"
        if found is not None and found.consensus_state == ConsensusState.APPROVED:
            consensus = found.consensus
            assert consensus is not None and consensus.approved_at is not None
            consensus_reports.append(
                {
                    "reference": label,
                    "rapporteur": str(consensus.rapporteur),
                    "approved_by": str(consensus.approved_by),
                    "approved_at": zoned(
                        consensus.approved_at, call=call, viewer_zone=None
                    ).call_label,
                }
            )
        rows.append(
            {
                "rank": row.rank or "",
                "reference": label,
                "organisation": application.organisation.legal_name if application else "",
                "country": str(application.organisation.country) if application else "",
                "unweighted_total": average_text(row.unweighted_total),
                "weighted_total": average_text(row.weighted_total),
                "amount": format_money(row.requested_amount),
                "outcome": row.outcome_label,
                "decided_by": row.decided_by,
                "threshold_failures": row.threshold_failures,
                "flags": found.divergence.reasons if found is not None else [],
                "source": found.source_label if found is not None else "",
            }
        )
    return {
        "title": _("Panel minutes: %(call)s") % {"call": call.title_text},
        "programme": call.tenant.name,
        "call_title": call.title_text,
        "call_reference": call.reference,
        "ranked_at": zoned(run.created_at, call=call, viewer_zone=None).call_label,
        "ranked_by": str(run.created_by),
        "run_id": run.pk,
        "seed": run.seed,
        "budget": view.budget_text,
        "committed": view.committed_text,
        "remaining": view.remaining_text,
        "counts": [{"label": label, "count": count} for label, count in view.count_rows()],
        "chain": view.chain,
        "criteria": [
            {
                "name": criterion.name_text,
                "weight": score_text(criterion.weight),
                "threshold": score_text(criterion.threshold),
            }
            for criterion in criteria
        ],
        "total_threshold": score_text(call.total_threshold),
        "rows": rows,
        "consensus_reports": consensus_reports,
    }


@dataclass(frozen=True)
class ResultSummary:
    status_label: str
    source: str
    scores: list[tuple[str, str]]
    total: str


def result_summary(application: Application) -> ResultSummary:
    """The scores that count for ``application`` now, per criterion, for staff pages."""
    scores, source = authoritative_scores(application)
    criteria = call_criteria(application.call)
    return ResultSummary(
        status_label=str(application.get_status_display()),
        source=_("approved consensus") if source == "consensus" else _("aggregate of the reviews"),
        scores=[
            (criterion.name_text, score_text(scores.get(str(criterion.pk))))
            for criterion in criteria
        ],
        total=score_text(sum(scores.values(), Decimal("0"))),
    )
