"""Writes of the assignment of evaluators to applications.

The assignment (DESIGN.md §3.3, domain notes §5 G): the solver proposes
(:func:`evaluations.assignment.jobs.assignment_propose`), staff edit by hand and confirm
here, evaluators are told (the task the confirmation enqueues). A proposal may be replaced as often as
staff like until it is confirmed; from then on evaluators are at work and a decline is
covered from the alternates (:func:`evaluations.workspace.services.assignment_replace_from_alternates`).

Every function here checks that the person acting is staff or coordinator of the active
programme, locks the call while it changes its assignment, and writes its audit event in
the same transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from calls.models import Call
from evaluations.assignment import affinity_matrix
from evaluations.assignment.selectors import (
    application_terms,
    evaluator_terms,
)
from evaluations.assignment.tasks import notify_assignments
from evaluations.conflicts import conflict_reasons
from evaluations.models import (
    Assignment,
    AssignmentAlternate,
    CallEvaluator,
    EvaluatorProfile,
)
from evaluations.selectors import (
    ASSIGNMENT_CONFIRMED,
    AVAILABLE_EVALUATOR_STATUSES,
    DECLINED_STATUSES,
    LANGUAGE_WEIGHT,
    assignable_applications,
    call_bids,
    call_conflicts,
    check_back_office,
    conflict_rules_for,
    evaluator_label,
    evaluator_loads,
    lock_call,
)
from socialtech.audit.models import AuditEvent
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit


@dataclass(frozen=True)
class ConfirmationOutcome:
    assignments: int
    evaluators: int
    due_at: datetime
    confirmation_id: int


def _pair_affinity(call: Call, application: Application, profile: EvaluatorProfile) -> float:
    bid = call_bids(call).get((application.pk, profile.pk))
    matrix = affinity_matrix(
        application_terms(call, [application]),
        [evaluator_terms(profile)],
        application_languages=[(application.language or "").split("-")[0].lower() or None],
        evaluator_languages=[{str(code).lower() for code in profile.languages or []}],
        bids={(0, 0): bid} if bid else None,
        language_weight=LANGUAGE_WEIGHT,
    )
    return float(matrix[0, 0])


def same_country_evaluator(
    application: Application, profile: EvaluatorProfile, *, excluding: int | None = None
) -> EvaluatorProfile | None:
    """Another active evaluator of ``application`` from ``profile``'s country, if any."""
    if not profile.country:
        return None
    others = (
        Assignment.objects.filter(application=application, evaluator__country=profile.country)
        .exclude(status__in=DECLINED_STATUSES)
        .exclude(evaluator=profile)
        .select_related("evaluator__user")
    )
    if excluding is not None:
        others = others.exclude(pk=excluding)
    first = others.first()
    return first.evaluator if first is not None else None


def _active_load(call: Call, evaluator_id: int) -> int:
    return evaluator_loads(call, [evaluator_id])[evaluator_id]


@transaction.atomic
def assignment_move(
    *, assignment: Assignment, to_evaluator: EvaluatorProfile, by: Any
) -> Assignment:
    """Give one proposed assignment to another evaluator of the call (a hand edit).

    Re-checks the rules the solver kept: the new evaluator is invited to the call and has
    not declined, does not review this application already, has no conflict with it, and
    stays within their maximum load. The first evaluator may drop below their minimum; the
    page shows it. Refuses once the assignment is confirmed.
    """
    check_back_office(by)
    assignment = (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("application__organisation", "evaluator__user")
        .get(pk=assignment.pk)
    )
    call = lock_call(assignment.application.call)
    if assignment.confirmed_at is not None or assignment.status != Assignment.Status.PROPOSED:
        raise ValidationError(
            _(
                "Only a proposal that is not confirmed yet can be moved; this one has the status "
                "“%(status)s”."
            )
            % {
                "status": _("confirmed")
                if assignment.confirmed_at
                else assignment.get_status_display()
            },
            code="already_confirmed",
        )
    profile = EvaluatorProfile.objects.select_related("user", "employer").get(pk=to_evaluator.pk)
    name = evaluator_label(profile)
    row = CallEvaluator.objects.filter(
        call=call, evaluator=profile, status__in=AVAILABLE_EVALUATOR_STATUSES
    ).first()
    if row is None:
        raise ValidationError(
            {
                "to_evaluator": _("%(evaluator)s is not an evaluator of this call.")
                % {"evaluator": name}
            }
        )
    application = assignment.application
    if (
        profile.pk == assignment.evaluator_id
        or Assignment.objects.filter(application=application, evaluator=profile).exists()
    ):
        raise ValidationError(
            {
                "to_evaluator": _("%(evaluator)s already reviews %(application)s.")
                % {"evaluator": name, "application": str(application)}
            }
        )
    row.evaluator = profile
    reasons = call_conflicts(call, [row], [application]).get((profile.pk, application.pk))
    if reasons:
        raise ValidationError(
            {
                "to_evaluator": _(
                    "%(evaluator)s has a conflict of interest with %(application)s: %(reasons)s."
                )
                % {
                    "evaluator": name,
                    "application": str(application),
                    "reasons": "; ".join(reasons),
                }
            }
        )
    if call.one_evaluator_per_country:
        compatriot = same_country_evaluator(application, profile, excluding=assignment.pk)
        if compatriot is not None:
            raise ValidationError(
                {
                    "to_evaluator": _(
                        "%(evaluator)s comes from the same country as %(other)s, who already "
                        "reviews %(application)s; this call takes one evaluator per country."
                    )
                    % {
                        "evaluator": name,
                        "other": evaluator_label(compatriot),
                        "application": str(application),
                    }
                }
            )
    load = _active_load(call, profile.pk)
    if load + 1 > row.max_load:
        raise ValidationError(
            {
                "to_evaluator": _(
                    "%(evaluator)s would review %(load)s applications, above their maximum of "
                    "%(maximum)s."
                )
                % {"evaluator": name, "load": load + 1, "maximum": row.max_load}
            }
        )
    previous = assignment.evaluator_id
    assignment.evaluator = profile
    assignment.affinity = _pair_affinity(call, application, profile)
    assignment.full_clean()
    assignment.save(update_fields=["evaluator", "affinity"])
    # An alternate who now reviews the application is no longer a stand-in for it.
    AssignmentAlternate.objects.filter(application=application, evaluator=profile).delete()
    audit_log(
        actor=by,
        verb="assignment.moved",
        target=application,
        data={"from": previous, "to": profile.pk, "affinity": round(assignment.affinity, 4)},
    )
    return assignment


@transaction.atomic
def assignment_confirm(*, call: Call, by: Any) -> ConfirmationOutcome:
    """Confirm the proposal: every proposed assignment gets the call's evaluation deadline
    as its due date, and each evaluator gets one e-mail listing their applications.

    Refuses: a call without an evaluation deadline, no proposal to confirm, applications
    that left the evaluation or lack evaluators since the proposal was made, evaluators
    above their maximum load, and pairs that have become conflicted (a conflict declared
    since, in any programme).
    """
    check_back_office(by)
    call = lock_call(call)
    if call.evaluation_deadline is None:
        raise ValidationError(
            {
                "evaluation_deadline": _(
                    "Set the call's evaluation deadline first: it is the evaluators' due date."
                )
            }
        )
    proposals = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(
            application__call=call, status=Assignment.Status.PROPOSED, confirmed_at__isnull=True
        )
        .select_related("application__organisation", "evaluator__user", "evaluator__employer")
        .order_by("pk")
    )
    if not proposals:
        raise ValidationError(
            _("There is no proposal to confirm; run the assignment first."), code="no_proposal"
        )
    _check_proposal(call, proposals)
    now = timezone.now()
    Assignment.objects.filter(pk__in=[row.pk for row in proposals]).update(
        confirmed_at=now, due_at=call.evaluation_deadline
    )
    evaluator_ids = sorted({row.evaluator_id for row in proposals})
    event = announce_assignments(
        call=call,
        by=by,
        assignments=len(proposals),
        evaluator_ids=evaluator_ids,
        due_at=call.evaluation_deadline,
    )
    return ConfirmationOutcome(
        assignments=len(proposals),
        evaluators=len(evaluator_ids),
        due_at=call.evaluation_deadline,
        confirmation_id=event.pk,
    )


def announce_assignments(
    *,
    call: Call,
    by: Any,
    assignments: int,
    evaluator_ids: list[int],
    due_at: datetime | None,
    application_ids: list[int] | None = None,
) -> AuditEvent:
    """Record a confirmation of assignments and, once committed, e-mail each evaluator the
    applications it gives them (only ``application_ids`` when given: a stand-in or a
    re-evaluation confirms one application)."""
    data: dict[str, Any] = {
        "assignments": assignments,
        "evaluators": evaluator_ids,
        "due_at": due_at.isoformat() if due_at else None,
    }
    if application_ids is not None:
        data["applications"] = application_ids
    event = audit_log(actor=by, verb=ASSIGNMENT_CONFIRMED, target=call, data=data)
    enqueue_on_commit(
        notify_assignments, call_id=call.pk, confirmation_id=event.pk, tenant_id=call.tenant_id
    )
    return event


def _check_proposal(call: Call, proposals: list[Assignment]) -> None:
    problems: list[str] = []
    assignable = {application.pk: application for application in assignable_applications(call)}
    gone = sorted(
        {str(row.application) for row in proposals if row.application_id not in assignable}
    )
    if gone:
        problems.append(
            _("No longer eligible or in evaluation: %(applications)s. Run the assignment again.")
            % {"applications": ", ".join(gone)}
        )
    counts = Counter(
        Assignment.objects.filter(application__call=call)
        .exclude(status__in=DECLINED_STATUSES)
        .values_list("application_id", flat=True)
    )
    short = [
        str(application)
        for pk, application in assignable.items()
        if counts[pk] < call.evaluators_per_application
    ]
    if short:
        problems.append(
            _("Fewer than %(k)s evaluators: %(applications)s. Run the assignment again.")
            % {"k": call.evaluators_per_application, "applications": ", ".join(short)}
        )
    rows = {
        row.evaluator_id: row
        for row in CallEvaluator.objects.filter(call=call).select_related("evaluator__user")
    }
    loads = evaluator_loads(call)
    for evaluator_id, load in sorted(loads.items()):
        row = rows.get(evaluator_id)
        if row is not None and load > row.max_load:
            problems.append(
                _("%(evaluator)s has %(load)s applications, above their maximum of %(maximum)s.")
                % {
                    "evaluator": evaluator_label(row.evaluator),
                    "load": load,
                    "maximum": row.max_load,
                }
            )
    profiles = list({row.evaluator_id: row.evaluator for row in proposals}.values())
    applications = list({row.application_id: row.application for row in proposals}.values())
    conflicts = conflict_reasons(
        profiles,
        applications,
        rules=conflict_rules_for(call),
        partner_evaluator_ids=frozenset(
            evaluator_id for evaluator_id, row in rows.items() if row.is_consortium_partner
        ),
    )
    for proposed in proposals:
        reasons = conflicts.get((proposed.evaluator_id, proposed.application_id))
        if reasons:
            problems.append(
                _("%(evaluator)s has a conflict of interest with %(application)s: %(reasons)s.")
                % {
                    "evaluator": evaluator_label(proposed.evaluator),
                    "application": str(proposed.application),
                    "reasons": "; ".join(reasons),
                }
            )
    if problems:
        raise ValidationError(problems, code="proposal_invalid")


__all__ = [
    "ConfirmationOutcome",
    "assignment_confirm",
    "assignment_move",
]
