"""The shapes the demo is written in: texts in the platform's languages, form fields,
calls and the projects applicants describe; and the slugs of the demo calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

LANGUAGES = ("en", "it", "es", "de", "ro", "sv", "fr")
OPEN_CALL_SLUG = "open-call-2-digital-green-transition"
CLOSED_CALL_SLUG = "open-call-1-feasibility-grants"
# Closed, its applications screened and its experts accepted, nobody assigned yet: the call
# on which to try the assignment solver.
PILOT_CALL_SLUG = "community-tech-pilots"
VOUCHER_CALL_SLUG = "upskilling-vouchers-2026"
UPCOMING_CALL_SLUG = "open-call-3-acceleration"
DEMOCLUSTER_CALL_SLUG = "microayudas-innovacion-social"


def t(*texts: str) -> dict[str, str]:
    """Text in the platform's languages, given in the order of :data:`LANGUAGES`."""
    return dict(zip(LANGUAGES, texts, strict=True))


def options(*pairs: tuple[str, dict[str, str]]) -> list[dict[str, Any]]:
    return [{"value": value, "label": label} for value, label in pairs]


@dataclass(frozen=True)
class FieldSpec:
    key: str
    type: str
    label: dict[str, str]
    section: dict[str, str]
    help: dict[str, str] = field(default_factory=dict)
    required: bool = True
    options: list[dict[str, Any]] = field(default_factory=list)
    max_words: int | None = None
    max_bytes: int | None = None
    allowed_types: list[str] = field(default_factory=list)
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    is_requested_amount: bool = False


@dataclass(frozen=True)
class CallSpec:
    slug: str
    reference: str
    kind: str
    work_package: str
    title: dict[str, str]
    summary: dict[str, str]
    body: dict[str, str]
    topics: list[str]
    timezone: str
    opens: tuple[int, int]  # (days from today, hour) in the call's time zone
    deadline: tuple[int, int]
    status: str
    budget: Decimal
    max_award: Decimal
    expected_awards: int
    fields: list[FieldSpec]
    criteria: list[tuple[dict[str, str], dict[str, str]]]
    faq: list[tuple[dict[str, str], dict[str, str]]] = field(default_factory=list)
    evaluation_days_after_deadline: int | None = None


@dataclass(frozen=True)
class Project:
    organisation: str  # key in demo.organisations.ORGANISATIONS
    title: str
    pitch: str
    problem: str
    approach: str
    impact: str
    sector: str
    target_groups: tuple[str, ...]
    transitions: tuple[str, ...]
    readiness: str
    amount: int
