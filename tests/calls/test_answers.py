from __future__ import annotations

from decimal import Decimal

import pytest

from calls.answers import (
    budget_total,
    check_answer,
    check_draft_shape,
    check_for_submission,
    requested_amount,
)
from tests.calls.factories import VALID_ANSWERS, CallFactory, full_form


@pytest.fixture
def form(tenant_a):
    return full_form(CallFactory(tenant=tenant_a))


def test_valid_answers_pass_every_rule(form):
    assert check_for_submission(form.values(), VALID_ANSWERS, {"work_plan"}) == []


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("social_challenge", " ".join(["word"] * 21), "at most 20 words (now 21)"),
        ("team_size", "twelve", "give a number"),
        ("team_size", "0", "at least 1"),
        ("requested_amount", "45000.001", "at most two decimals"),
        ("requested_amount", "60000.01", "at most 60000"),
        ("requested_amount", "NaN", "at most two decimals"),
        ("start_date", "15/01/2027", "YYYY-MM-DD"),
        ("sector", "mining", "choose one of the options"),
        ("transitions", ["digital", "space"], "choose among the options"),
        ("country_of_activity", "US", "eligible country"),
        ("country_of_activity", "XX", "eligible country"),
        ("budget", [{"category": "travel", "amount": "10"}], "row 1: choose a cost category"),
        ("budget", [{"category": "staff", "amount": "-5"}], "cannot be negative"),
        ("budget", [{"category": "staff", "amount": "abc"}], "row 1: the amount must be a number"),
    ],
)
def test_each_field_type_names_the_field_and_the_rule(form, key, value, fragment):
    message = check_answer(form[key], value)
    assert message is not None and fragment in message
    assert message.startswith(form[key].label_text)


def test_missing_required_answers_and_files_are_each_named(form):
    answers = {
        key: value for key, value in VALID_ANSWERS.items() if key not in {"project_title", "honour"}
    }
    errors = {
        error.key: error.code for error in check_for_submission(form.values(), answers, set())
    }
    assert errors == {
        "project_title": "required",
        "honour": "declaration_required",
        "work_plan": "required",
    }


def test_an_unticked_declaration_is_missing(form):
    errors = check_for_submission(form.values(), {**VALID_ANSWERS, "honour": False}, {"work_plan"})
    assert [error.key for error in errors] == ["honour"]


def test_optional_empty_budget_table_is_fine(form):
    answers = {key: value for key, value in VALID_ANSWERS.items() if key != "budget"}
    assert check_for_submission(form.values(), answers, {"work_plan"}) == []


def test_budget_table_rows_sum():
    rows = [{"amount": "10.50"}, {"amount": "4.50"}, {"amount": "not a number"}]
    assert budget_total(rows) == Decimal("15.00")


def test_requested_amount_comes_from_the_marked_field(form):
    assert requested_amount(form.values(), VALID_ANSWERS) == Decimal("45000.00")


def test_draft_shape_refuses_unknown_keys_and_wrong_shapes_but_not_limits(form):
    problems = check_draft_shape(
        form.values(),
        {
            "nonsense": "x",
            "transitions": "digital",
            "honour": "yes",
            "work_plan": "file.pdf",
            "social_challenge": " ".join(["word"] * 500),
        },
    )
    assert sorted((problem.key, problem.code) for problem in problems) == [
        ("honour", "invalid"),
        ("nonsense", "unknown_field"),
        ("transitions", "invalid"),
        ("work_plan", "invalid"),
    ]
