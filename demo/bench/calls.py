"""Twenty calls, ten per programme, each with a 40-field form, criteria and a payment plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from calls.models import Call, CallKind, CallStatus, Criterion, FieldType, FormField
from demo.bench.people import Programme
from demo.bench.rows import insert, pick
from demo.bench.sizes import (
    CALLS_PER_PROGRAMME,
    CRITERIA,
    EVALUATION_CALL,
    FORM_FIELDS,
    OPEN_CALLS,
    VOUCHER_CALL,
)
from grants.models import PaymentPlanStep, TrancheTrigger
from vouchers.models import VoucherScheme

MAX_AWARD = Decimal("60000.00")
VOUCHER_VALUE = Decimal("10000.00")
SECTIONS = ("Applicant", "Challenge", "Solution", "Team", "Budget")
FIELD_TYPES = (
    FieldType.TEXT,
    FieldType.TEXTAREA,
    FieldType.NUMBER,
    FieldType.MONEY,
    FieldType.DATE,
    FieldType.CHOICE,
    FieldType.MULTIPLE_CHOICE,
    FieldType.COUNTRY,
)
CHOICES = [
    {"value": value, "label": {"en": value.replace("_", " ").capitalize()}}
    for value in ("care", "housing", "energy", "food", "education", "mobility")
]
PLAN: tuple[tuple[Decimal, str], ...] = (
    (Decimal("40"), TrancheTrigger.SIGNATURE),
    (Decimal("40"), TrancheTrigger.PROGRESS_REPORT),
    (Decimal("20"), TrancheTrigger.FINAL_REPORT),
)


@dataclass(frozen=True)
class FieldShape:
    key: str
    type: str


FORM = [FieldShape(f"q{index + 1:02d}", pick(FIELD_TYPES, index)) for index in range(FORM_FIELDS)]
# The first money field is the amount requested.
REQUESTED_KEY = next(shape.key for shape in FORM if shape.type == FieldType.MONEY)


def _status(position: int) -> str:
    if position in OPEN_CALLS:
        return CallStatus.OPEN
    if position == EVALUATION_CALL:
        return CallStatus.EVALUATION
    return CallStatus.RESULTS


def seed_calls(programme: Programme, number: int) -> list[Call]:
    now = timezone.now()
    tenant = programme.tenant
    calls = []
    for position in range(CALLS_PER_PROGRAMME):
        status = _status(position)
        is_open = status == CallStatus.OPEN
        opens_at = now - timedelta(days=30 if is_open else 400 - position * 20)
        calls.append(
            Call(
                tenant=tenant,
                slug=f"bench-call-{number + 1}-{position + 1:02d}",
                reference=f"B{number + 1}-OC{position + 1:02d}",
                kind=CallKind.VOUCHER if position == VOUCHER_CALL else CallKind.GRANT,
                title={"en": f"Bench open call {position + 1}: social innovation"},
                summary={"en": "Grants for social economy enterprises that scale an idea."},
                body={"en": "Who may apply, what is funded, and how applications are judged."},
                topics=["care", "energy"],
                opens_at=opens_at,
                deadline=now + timedelta(days=20) if is_open else opens_at + timedelta(days=60),
                evaluation_deadline=None if is_open else opens_at + timedelta(days=90),
                budget=Decimal("2500000.00"),
                max_award_per_applicant=VOUCHER_VALUE if position == VOUCHER_CALL else MAX_AWARD,
                expected_awards=450,
                evaluators_per_application=4,
                status=status,
                published_at=opens_at,
                max_applications_per_organisation=1,
            )
        )
    calls = insert(Call, calls)
    insert(FormField, (field for call in calls for field in _form(call)))
    insert(
        Criterion,
        (
            Criterion(
                tenant=tenant,
                call=call,
                name={"en": f"Criterion {index + 1}"},
                description={"en": "How well the proposal meets it."},
                weight=Decimal("1"),
                threshold=Decimal("3"),
                order=index,
            )
            for call in calls
            for index in range(CRITERIA)
        ),
    )
    insert(
        PaymentPlanStep,
        (
            PaymentPlanStep(
                tenant=tenant, call=call, position=index + 1, percent=percent, trigger=trigger
            )
            for call in calls
            for index, (percent, trigger) in enumerate(PLAN)
        ),
    )
    voucher_call = calls[VOUCHER_CALL]
    VoucherScheme.objects.create(
        tenant=tenant,
        call=voucher_call,
        value=VOUCHER_VALUE,
        service_categories=["training", "digital_audit"],
        budget=Decimal("20000000.00"),
    )
    return calls


def _form(call: Call) -> list[FormField]:
    fields = []
    for order, shape in enumerate(FORM):
        extra: dict[str, Any] = {}
        if shape.type in (FieldType.CHOICE, FieldType.MULTIPLE_CHOICE):
            extra["options"] = CHOICES
        if shape.type == FieldType.TEXTAREA:
            extra["max_words"] = 500
        if shape.type == FieldType.MONEY:
            extra.update(min_value=Decimal("1000"), max_value=call.max_award_per_applicant)
            extra["is_requested_amount"] = shape.key == REQUESTED_KEY
        fields.append(
            FormField(
                tenant=call.tenant,
                call=call,
                key=shape.key,
                order=order,
                section={"en": SECTIONS[order * len(SECTIONS) // len(FORM)]},
                type=shape.type,
                label={"en": f"Question {order + 1}"},
                help={"en": "Answer in a few sentences."},
                required=order % 4 != 3,
                **extra,
            )
        )
    return fields


def answers_for(index: int, country: str) -> dict[str, Any]:
    """A complete set of answers to the bench form, varied by ``index``."""
    answers: dict[str, Any] = {}
    for position, shape in enumerate(FORM):
        seed = index + position
        if shape.type == FieldType.TEXT:
            answers[shape.key] = f"Answer {seed} in a few words"
        elif shape.type == FieldType.TEXTAREA:
            answers[shape.key] = (
                f"A longer answer number {seed}: the challenge, the people it touches and "
                "how the cooperative will meet it over eighteen months. " * 3
            ).strip()
        elif shape.type == FieldType.NUMBER:
            answers[shape.key] = str(5 + seed % 50)
        elif shape.type == FieldType.MONEY:
            answers[shape.key] = str(Decimal(20000 + (seed * 137) % 40000))
        elif shape.type == FieldType.DATE:
            answers[shape.key] = f"2027-{1 + seed % 12:02d}-{1 + seed % 28:02d}"
        elif shape.type == FieldType.CHOICE:
            answers[shape.key] = pick(CHOICES, seed)["value"]
        elif shape.type == FieldType.MULTIPLE_CHOICE:
            answers[shape.key] = [pick(CHOICES, seed)["value"], pick(CHOICES, seed + 2)["value"]]
        else:
            answers[shape.key] = country
    return answers
