"""Checks on the values staff write into a call, shared by its forms and its services.

A floor below the call builder, the guidance and the call form: it reads models only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from calls.models import Call

# Call attributes staff may set; status, counters and versions move only through services.
CALL_FIELDS = frozenset(
    {
        "slug",
        "reference",
        "kind",
        "work_package",
        "title",
        "summary",
        "body",
        "topics",
        "opens_at",
        "deadline",
        "timezone",
        "budget",
        "max_award_per_applicant",
        "expected_awards",
        "evaluators_per_application",
        "partner_staff_may_evaluate",
        "exclude_same_country",
        "one_evaluator_per_country",
        "evaluation_deadline",
        "redress_days",
        "total_threshold",
        "reserve_list_length",
        "tie_break_chain",
        "eligible_countries",
        "eligible_legal_forms",
        "sme_only",
        "social_economy_only",
        "max_applications_per_organisation",
        "check_funding_cap",
    }
)


def english(text: Any) -> str:
    """The English text of a per-language value; no fallback to another language."""
    if isinstance(text, dict):
        return str(text.get("en") or "").strip()
    return ""


def check_names(values: Mapping[str, Any], allowed: frozenset[str], what: str) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        # A programming error, not user input.
        raise TypeError(f"{what} has no settable attribute(s) {', '.join(unknown)}")


def call_identity_problems(
    *, slug: str | None, reference: str | None, exclude_pk: int | None = None
) -> dict[str, str]:
    """Slug and reference already used by another call of the active programme, by field."""
    others = Call.objects.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    problems: dict[str, str] = {}
    if slug and others.filter(slug=slug).exists():
        problems["slug"] = _("Another call of this programme already uses the slug %(slug)s.") % {
            "slug": slug
        }
    if reference and others.filter(reference=reference).exists():
        problems["reference"] = _(
            "Another call of this programme already uses the reference %(reference)s."
        ) % {"reference": reference}
    return problems
