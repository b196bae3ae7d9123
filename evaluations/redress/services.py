"""Writes of the re-evaluation: new evaluators for an application an upheld redress reopened.

Staff choose the panel (the page suggests the best one) and its due date; the assignments
are confirmed at once, the evaluators get the usual e-mail, and the next evaluators by
affinity become the application's alternates. The reviews of the earlier round stay on
record and no longer count: the new round ends with a new approved consensus.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application
from evaluations.assignment.services import announce_assignments
from evaluations.models import Assignment, AssignmentAlternate
from evaluations.redress.selectors import awaits_reevaluation, reevaluation_plan
from evaluations.selectors import check_back_office, lock_call
from socialtech.audit.services import audit_log


@transaction.atomic
def reevaluation_assign(
    *,
    application: Application,
    by: Any,
    due_at: datetime | None,
    evaluator_ids: Sequence[int] | None = None,
) -> list[Assignment]:
    """Give ``application`` a new panel of the call's ``k`` evaluators, due ``due_at``.

    ``evaluator_ids`` defaults to the suggested panel. Refuses: an application that does
    not await a re-evaluation, a due date missing or past, a panel of the wrong size, an
    evaluator who evaluated it before, is conflicted, is at their maximum load or is not
    invited, and two evaluators of one country when the call takes one per country.
    """
    check_back_office(by)
    lock_call(application.call)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not awaits_reevaluation(application):
        raise ValidationError(
            _("%(application)s does not wait for new evaluators.")
            % {"application": str(application)},
            code="not_awaiting",
        )
    errors: dict[str, list[str]] = {}
    if due_at is None:
        errors["due_at"] = [_("Give the date the new reviews are due.")]
    elif due_at <= timezone.now():
        errors["due_at"] = [_("The due date must be in the future.")]
    plan = reevaluation_plan(application)
    chosen = list(dict.fromkeys(evaluator_ids if evaluator_ids is not None else plan.suggested))
    by_id = {candidate.evaluator_id: candidate for candidate in plan.candidates}
    problems = []
    if len(chosen) != plan.k:
        problems.append(
            ngettext(
                "Choose %(k)s evaluator; %(count)s chosen.",
                "Choose %(k)s evaluators; %(count)s chosen.",
                plan.k,
            )
            % {"k": plan.k, "count": len(chosen)}
        )
    countries: dict[str, str] = {}
    for evaluator_id in chosen:
        candidate = by_id.get(evaluator_id)
        if candidate is None:
            problems.append(_("One of the chosen evaluators is not invited to this call."))
            continue
        if candidate.blocked:
            problems.append(
                _("%(evaluator)s cannot take it: %(reason)s.")
                % {"evaluator": candidate.label, "reason": candidate.blocked}
            )
        if plan.one_per_country and candidate.country:
            other = countries.setdefault(candidate.country, candidate.label)
            if other != candidate.label:
                problems.append(
                    _(
                        "%(evaluator)s and %(other)s come from the same country; this call "
                        "takes one evaluator per country."
                    )
                    % {"evaluator": candidate.label, "other": other}
                )
    if problems:
        errors["evaluators"] = problems
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    created = [
        Assignment.objects.create(
            application=application,
            evaluator_id=evaluator_id,
            affinity=by_id[evaluator_id].affinity,
            confirmed_at=now,
            due_at=due_at,
        )
        for evaluator_id in chosen
    ]
    AssignmentAlternate.objects.filter(application=application).delete()
    alternates = [
        evaluator_id for evaluator_id in plan.alternates if evaluator_id not in set(chosen)
    ]
    AssignmentAlternate.objects.bulk_create(
        [
            AssignmentAlternate(
                tenant=application.tenant,
                application=application,
                evaluator_id=evaluator_id,
                position=position,
                affinity=by_id[evaluator_id].affinity,
            )
            for position, evaluator_id in enumerate(alternates, start=1)
        ]
    )
    audit_log(
        actor=by,
        verb="assignment.reevaluation_assigned",
        target=application,
        data={"evaluators": chosen, "due_at": due_at.isoformat() if due_at else None},
    )
    announce_assignments(
        call=application.call,
        by=by,
        assignments=len(created),
        evaluator_ids=chosen,
        due_at=due_at,
        application_ids=[application.pk],
    )
    return created
