"""Answers to a call's form: what a draft may hold and what a submission needs.

Drafts keep whatever the applicant typed (over a word limit, half-filled) so nothing is
lost; only the shape is checked. Submission checks every rule and names each field.
Answers are keyed by field key: a choice by its option value, a country by its ISO code,
money as a decimal string, a date as YYYY-MM-DD, a budget table as rows
``{"category", "description", "amount"}``, a declaration as ``true``. File fields are
answered by attachments, not by a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.functional import lazy
from django.utils.translation import gettext as _

from calls.models import FieldType, FormField
from organisations.countries import ELIGIBLE_COUNTRIES

MAX_TEXT_CHARS = 100_000
# The largest amount an application can hold (12 digits, 2 of them decimals).
MONEY_MAX = Decimal("9999999999.99")
MAX_BUDGET_ROWS = 200
WORD_RE = re.compile(r"\S+")


def count_words(text: str) -> int:
    return len(WORD_RE.findall(text or ""))


@dataclass(frozen=True)
class AnswerError:
    key: str
    message: str
    code: str


def _money(value: Any) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValueError
    text = str(value).strip().replace(" ", "").replace("\u00a0", "")
    amount = Decimal(text)
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise ValueError
    return amount.quantize(Decimal("0.01"))


def _country_codes() -> set[str]:
    return set(ELIGIBLE_COUNTRIES)


def budget_total(rows: Any) -> Decimal:
    """Sum of the amounts of a budget table; rows that are not valid count as zero."""
    total = Decimal("0.00")
    for row in rows if isinstance(rows, list) else []:
        try:
            total += _money(row.get("amount")) if isinstance(row, dict) else Decimal("0")
        except (ValueError, InvalidOperation):
            continue
    return total


def field_name(field: FormField) -> str:
    """The field's label as the subject of a message: "Budget: ...", not "Budget.: ..."."""
    return field.label_text.rstrip(" .:")


def check_draft_shape(fields: Iterable[FormField], answers: Any) -> list[AnswerError]:
    """What a draft may not hold: unknown keys, wrong JSON shapes, absurd sizes."""
    if not isinstance(answers, dict):
        return [
            AnswerError("answers", _("Answers must be an object keyed by field key."), "invalid")
        ]
    by_key = {field.key: field for field in fields}
    errors: list[AnswerError] = []
    for key, value in answers.items():
        field = by_key.get(key)
        if field is None:
            errors.append(
                AnswerError(
                    key, _("This form has no field %(key)s.") % {"key": key}, "unknown_field"
                )
            )
            continue
        if value is None:
            continue
        if field.type == FieldType.FILE:
            errors.append(
                AnswerError(key, _("Upload files as attachments, not as answers."), "invalid")
            )
        elif field.type in (FieldType.MULTIPLE_CHOICE,) and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            errors.append(AnswerError(key, _("Give a list of option values."), "invalid"))
        elif field.type == FieldType.BUDGET_TABLE:
            if (
                not isinstance(value, list)
                or len(value) > MAX_BUDGET_ROWS
                or not all(isinstance(row, dict) for row in value)
            ):
                errors.append(
                    AnswerError(
                        key,
                        _(
                            "Give a list of rows with category, description and amount (at most %(n)s)."
                        )
                        % {"n": MAX_BUDGET_ROWS},
                        "invalid",
                    )
                )
        elif field.type == FieldType.DECLARATION and not isinstance(value, bool):
            errors.append(AnswerError(key, _("A declaration is true or false."), "invalid"))
        elif field.type not in (
            FieldType.MULTIPLE_CHOICE,
            FieldType.BUDGET_TABLE,
            FieldType.DECLARATION,
        ):
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                errors.append(AnswerError(key, _("Give this answer as text."), "invalid"))
            elif len(str(value)) > MAX_TEXT_CHARS:
                errors.append(
                    AnswerError(
                        key,
                        _("This answer is longer than %(n)s characters.") % {"n": MAX_TEXT_CHARS},
                        "too_long",
                    )
                )
    return errors


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value is False


def _option_values(field: FormField) -> set[str]:
    """The values a choice of ``field`` may take (their labels are not needed to check)."""
    return {str(option.get("value")) for option in field.options or []}


# The label is translated only when a message names it: most answers are valid.
_lazy_field_name = lazy(field_name, str)


def check_answer(field: FormField, value: Any) -> str | None:
    """The message for an answer that breaks a rule of ``field`` (presence aside), or None."""
    label = _lazy_field_name(field)
    try:
        if field.type in (FieldType.TEXT, FieldType.TEXTAREA):
            text = str(value)
            if field.type == FieldType.TEXT and len(text) > 500:
                return _("%(label)s: at most 500 characters.") % {"label": label}
            if field.max_words and count_words(text) > field.max_words:
                return _("%(label)s: at most %(limit)s words (now %(count)s).") % {
                    "label": label,
                    "limit": field.max_words,
                    "count": count_words(text),
                }
        elif field.type in (FieldType.NUMBER, FieldType.MONEY):
            number = _money(value) if field.type == FieldType.MONEY else Decimal(str(value).strip())
            if not number.is_finite():
                raise ValueError
            if field.type == FieldType.MONEY and abs(number) > MONEY_MAX:
                return _("%(label)s: at most %(max)s EUR.") % {"label": label, "max": MONEY_MAX}
            if field.min_value is not None and number < field.min_value:
                return _("%(label)s: at least %(min)s.") % {"label": label, "min": field.min_value}
            if field.max_value is not None and number > field.max_value:
                return _("%(label)s: at most %(max)s.") % {"label": label, "max": field.max_value}
        elif field.type == FieldType.DATE:
            date.fromisoformat(str(value))
        elif field.type == FieldType.CHOICE:
            if str(value) not in _option_values(field):
                return _("%(label)s: choose one of the options.") % {"label": label}
        elif field.type == FieldType.MULTIPLE_CHOICE:
            allowed = _option_values(field)
            if not isinstance(value, list) or any(item not in allowed for item in value):
                return _("%(label)s: choose among the options.") % {"label": label}
        elif field.type == FieldType.COUNTRY:
            if str(value).upper() not in _country_codes():
                return _("%(label)s: choose an eligible country (ISO code such as IT).") % {
                    "label": label
                }
        elif field.type == FieldType.DECLARATION:
            if value is not True:
                return _("%(label)s: tick the declaration to confirm it.") % {"label": label}
        elif field.type == FieldType.BUDGET_TABLE:
            categories = _option_values(field)
            if not isinstance(value, list) or not value:
                return _("%(label)s: add at least one budget row.") % {"label": label}
            for row_number, row in enumerate(value, start=1):
                if not isinstance(row, dict):
                    return _("%(label)s, row %(row)s: not a budget row.") % {
                        "label": label,
                        "row": row_number,
                    }
                if categories and row.get("category") not in categories:
                    return _("%(label)s, row %(row)s: choose a cost category.") % {
                        "label": label,
                        "row": row_number,
                    }
                try:
                    amount = _money(row.get("amount"))
                except (ValueError, InvalidOperation):
                    return _(
                        "%(label)s, row %(row)s: the amount must be a number in EUR with at most two decimals."
                    ) % {"label": label, "row": row_number}
                if amount < 0:
                    return _("%(label)s, row %(row)s: the amount cannot be negative.") % {
                        "label": label,
                        "row": row_number,
                    }
            total = budget_total(value)
            if total > MONEY_MAX:
                return _("%(label)s: at most %(max)s EUR.") % {"label": label, "max": MONEY_MAX}
            if field.max_value is not None and total > field.max_value:
                return _("%(label)s: the total %(total)s exceeds %(max)s.") % {
                    "label": label,
                    "total": total,
                    "max": field.max_value,
                }
    except (ValueError, InvalidOperation, TypeError):
        if field.type == FieldType.MONEY:
            return _(
                "%(label)s: give an amount in EUR with at most two decimals, like 12500.00."
            ) % {"label": label}
        if field.type == FieldType.NUMBER:
            return _("%(label)s: give a number.") % {"label": label}
        if field.type == FieldType.DATE:
            return _("%(label)s: give a date as YYYY-MM-DD.") % {"label": label}
        return _("%(label)s: this answer is not valid.") % {"label": label}
    return None


def check_for_submission(
    fields: Iterable[FormField], answers: dict[str, Any], attachment_keys: set[str]
) -> list[AnswerError]:
    """Every rule of the form, with one message per field that names it."""
    errors: list[AnswerError] = []
    for field in fields:
        if field.type == FieldType.FILE:
            if field.required and field.key not in attachment_keys:
                errors.append(
                    AnswerError(
                        field.key,
                        _("%(label)s: upload a file.") % {"label": field_name(field)},
                        "required",
                    )
                )
            continue
        value = answers.get(field.key)
        if _is_empty(value):
            if field.required:
                code = "declaration_required" if field.type == FieldType.DECLARATION else "required"
                message = (
                    _("%(label)s: tick the declaration to confirm it.")
                    if field.type == FieldType.DECLARATION
                    else _("%(label)s: this field is required.")
                ) % {"label": field_name(field)}
                errors.append(AnswerError(field.key, message, code))
            continue
        problem = check_answer(field, value)
        if problem:
            errors.append(AnswerError(field.key, problem, "invalid"))
    return errors


def requested_amount(fields: Iterable[FormField], answers: dict[str, Any]) -> Decimal | None:
    """The amount requested: the answer of the field marked as such (money or budget total)."""
    for field in fields:
        if not field.is_requested_amount:
            continue
        value = answers.get(field.key)
        if field.type == FieldType.BUDGET_TABLE:
            return budget_total(value)
        try:
            return _money(value)
        except (ValueError, InvalidOperation):
            return None
    return None
