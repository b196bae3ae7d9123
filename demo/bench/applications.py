"""Applications on the bench calls, the evaluators' assignments and their reviews.

Per programme every call receives about a tenth of the applications (the voucher call at
least as many as there are vouchers to issue); the organisation that shows an applicant's
own pages holds exactly four. Drafts sit on the open calls only, as drafts do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from applications.models import Application, ApplicationStatus
from calls.models import Call
from demo.bench.calls import REQUESTED_KEY, answers_for
from demo.bench.people import Programme
from demo.bench.rows import insert, manager_of, pick
from demo.bench.sizes import (
    CALLS_PER_PROGRAMME,
    EVALUATION_CALL,
    OPEN_CALLS,
    RESULTS_CALLS,
    VOUCHER_CALL,
)
from evaluations import scoring
from evaluations.models import Assignment, CallEvaluator, Review

S = ApplicationStatus
# The four applications of the showcase organisation: a draft and a submission on the open
# calls, a funded one and one on the reserve list.
SHOWCASE_CALLS = (OPEN_CALLS[0], OPEN_CALLS[1], RESULTS_CALLS[0], RESULTS_CALLS[1])
NOT_FUNDED = (S.RESERVE_LIST, S.EVALUATED, S.REJECTED_THRESHOLD, S.INELIGIBLE)


@dataclass(frozen=True)
class Quotas:
    applications: int
    drafts: int
    awards: int
    vouchers: int
    reviews: int


def _per_call(total: int, vouchers: int) -> list[int]:
    """Applications per call position: the voucher call gets at least ``vouchers``."""
    voucher_share = max(vouchers, total // CALLS_PER_PROGRAMME)
    rest = total - voucher_share
    others = CALLS_PER_PROGRAMME - 1
    counts = [rest // others + (1 if index < rest % others else 0) for index in range(others)]
    counts.insert(VOUCHER_CALL, voucher_share)
    return counts


def seed_applications(
    programme: Programme, calls: list[Call], quotas: Quotas
) -> dict[int, list[Application]]:
    """Applications by call position, with receipts and outcomes as far as each call got."""
    now = timezone.now()
    counts = _per_call(quotas.applications, quotas.vouchers)
    for position in SHOWCASE_CALLS:
        counts[position] -= 1
    regulars = programme.organisations[1:]
    placed: list[tuple[int, int]] = []  # (call position, organisation index)
    for position, count in enumerate(counts):
        if count > len(regulars):
            raise ValueError("more applications to a call than organisations to make them")
        start = position * len(regulars) // CALLS_PER_PROGRAMME
        placed += [(position, 1 + (start + k) % len(regulars)) for k in range(count)]
    placed += [(position, 0) for position in SHOWCASE_CALLS]

    on_open = [index for index, (position, _org) in enumerate(placed) if position in OPEN_CALLS]
    showcase_draft = len(placed) - len(SHOWCASE_CALLS)
    draft_order = [showcase_draft] + [
        i for i in on_open[::2] + on_open[1::2] if i != showcase_draft
    ]
    drafts = set(draft_order[: quotas.drafts])
    funded_left = quotas.awards - 1  # the showcase organisation's funded application
    counters = [0] * CALLS_PER_PROGRAMME
    rows = []
    for index, (position, org_index) in enumerate(placed):
        call = calls[position]
        organisation = programme.organisations[org_index]
        answers = answers_for(index, str(organisation.country))
        application = Application(
            tenant=programme.tenant,
            call=call,
            organisation=organisation,
            created_by=programme.owners[org_index],
            answers=answers,
            title=f"{organisation.legal_name}: scaling social innovation {index}",
            requested_amount=Decimal(answers[REQUESTED_KEY]),
            language="en",
            form_version=call.form_version,
            search_text=f"{organisation.legal_name} scaling social innovation {index}",
        )
        if index in drafts:
            rows.append(application)
            continue
        counters[position] += 1
        application.submitted_at = call.deadline - timedelta(hours=1 + index % 300)
        if application.submitted_at > now:
            application.submitted_at = now - timedelta(minutes=1 + index % 600)
        application.receipt_number = (
            f"{programme.tenant.receipt_prefix}-{call.reference}-{counters[position]:06d}"
        )
        application.submitted_answers = answers
        application.status = _outcome(position, org_index, index, funded_left > 0)
        if application.status == S.MAIN_LIST and position in RESULTS_CALLS and org_index:
            funded_left -= 1
        if position in RESULTS_CALLS or position == VOUCHER_CALL:
            application.published_outcome = application.status
        rows.append(application)
    saved = insert(Application, rows)
    for position, call in enumerate(calls):
        call.submission_counter = counters[position]
    manager_of(Call).bulk_update(calls, ["submission_counter"])
    by_call: dict[int, list[Application]] = {}
    for application, (position, _org) in zip(saved, placed, strict=True):
        by_call.setdefault(position, []).append(application)
    return by_call


def _outcome(position: int, org_index: int, index: int, may_fund: bool) -> str:
    if position in OPEN_CALLS:
        return S.SUBMITTED
    if position == EVALUATION_CALL:
        return S.IN_EVALUATION
    if position == VOUCHER_CALL:
        return S.MAIN_LIST
    if org_index == 0:  # the showcase organisation: funded on the first, reserve on the second
        return S.MAIN_LIST if position == SHOWCASE_CALLS[2] else S.RESERVE_LIST
    return S.MAIN_LIST if may_fund else pick(NOT_FUNDED, index)


def seed_reviews(
    programme: Programme,
    calls: list[Call],
    by_call: dict[int, list[Application]],
    reviews: int,
) -> None:
    """The evaluators accept every closed call; each application there gets 3–4 reviews."""
    evaluators = programme.evaluators
    closed = [position for position in range(CALLS_PER_PROGRAMME) if position not in OPEN_CALLS]
    now = timezone.now()
    insert(
        CallEvaluator,
        (
            CallEvaluator(
                tenant=programme.tenant,
                call=calls[position],
                evaluator=evaluator,
                min_load=0,
                max_load=1000,
                status=CallEvaluator.Status.ACCEPTED,
                standing_declaration_at=now,
            )
            for position in closed
            for evaluator in evaluators
        ),
    )
    reviewed = [app for position in closed for app in by_call.get(position, [])]
    base, extra = divmod(reviews, len(reviewed))
    if base + (1 if extra else 0) > len(evaluators):
        raise ValueError("more reviews per application than evaluators")
    criteria = {call.pk: list(call.criteria.values_list("pk", flat=True)) for call in calls}
    assignments = []
    finished = []
    for number, application in enumerate(reviewed):
        still_open = application.call_id == calls[EVALUATION_CALL].pk
        for slot in range(base + (1 if number < extra else 0)):
            evaluator = evaluators[(number * 7 + slot) % len(evaluators)]
            done = not still_open or slot % 2 == 0
            assignments.append(
                Assignment(
                    tenant=programme.tenant,
                    application=application,
                    evaluator=evaluator,
                    status=Assignment.Status.SUBMITTED if done else Assignment.Status.IN_PROGRESS,
                    affinity=round(0.3 + (number + slot) % 7 / 10, 2),
                    due_at=calls[EVALUATION_CALL].evaluation_deadline,
                    confirmed_at=now,
                )
            )
            finished.append(done)
    assignments = insert(Assignment, assignments)
    insert(
        Review,
        (
            Review(
                tenant=programme.tenant,
                assignment=assignment,
                scores={
                    str(pk): scoring.plain(Decimal(5 + (assignment.pk + pk) % 6) / 2)
                    for pk in criteria[assignment.application.call_id]
                },
                comments={
                    str(pk): "Clear need, credible team, a budget that fits the plan."
                    for pk in criteria[assignment.application.call_id]
                },
                overall_comment="A sound proposal with a clear social purpose.",
                submitted_at=now if done else None,
            )
            for assignment, done in zip(assignments, finished, strict=True)
        ),
    )
