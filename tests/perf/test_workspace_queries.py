"""The evaluator's workspace (the list, an invitation, the bids, the declaration, the review)
costs the same queries for N and 3N rows, and stays under a ceiling."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from evaluations.models import Bid
from tests.api.factories import AttachmentFactory
from tests.calls.factories import CriterionFactory, FormFieldFactory
from tests.conftest import login
from tests.perf.world import Page, assert_flat, cases

numbers = itertools.count(1)


def more_assignments(world: dict[str, Any]) -> Any:
    """The evaluator's assignments, each to an application of its own call."""
    from tests.evaluations.test_workspace import assign, evaluation_call, submitted_application

    def more(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            call = evaluation_call(world["tenant"], reference=f"WS{n}", work_package=f"ws{n}")
            assign(submitted_application(call, number=n), world["reviewer"])

    return more


def more_bids(world: dict[str, Any]) -> Any:
    """Applications open for bidding, every other one with the evaluator's bid."""
    from tests.evaluations.test_assignment_services import AssignableApplicationFactory

    invitation = world["invitation"]

    def more(count: int) -> None:
        for index in range(count):
            application = AssignableApplicationFactory(call=invitation.call)
            if index % 2:
                Bid.objects.create(
                    call_evaluator=invitation, application=application, choice="want"
                )

    return more


def more_questions(world: dict[str, Any]) -> Any:
    """Criteria and questions of the assignment's call, with the applicant's files."""
    assignment = world["assignment"]
    call = assignment.application.call

    def more(count: int) -> None:
        for _ in range(count):
            key = f"annex_{next(numbers)}"
            CriterionFactory(call=call, name={"en": f"Criterion {key}"})
            FormFieldFactory(call=call, key=key, type="file", required=False)
            AttachmentFactory(
                application=assignment.application, field_key=key, original_name=f"{key}.pdf"
            )

    return more


def evaluation_workspace(world: dict[str, Any]) -> Page:
    return Page(world["client"], reverse("evaluation_workspace"), more_assignments(world))


def evaluation_invitation(world: dict[str, Any]) -> Page:
    url = reverse("evaluation_invitation", args=[world["invitation"].call_id])
    return Page(world["client"], url, more_bids(world), grows=False)


def evaluation_bids(world: dict[str, Any]) -> Page:
    url = reverse("evaluation_bids", args=[world["invitation"].call_id])
    return Page(world["client"], url, more_bids(world))


def evaluation_declaration(world: dict[str, Any]) -> Page:
    url = reverse("evaluation_declaration", args=[world["undeclared"].pk])
    adding = [more_questions(world), more_assignments(world)]
    return Page(world["client"], url, lambda n: [add(n) for add in adding], grows=False)


def evaluation_review(world: dict[str, Any]) -> Page:
    url = reverse("evaluation_review", args=[world["assignment"].pk])
    return Page(world["client"], url, more_questions(world))


PAGES = {
    "evaluation_workspace": evaluation_workspace,
    "evaluation_invitation": evaluation_invitation,
    "evaluation_bids": evaluation_bids,
    "evaluation_declaration": evaluation_declaration,
    "evaluation_review": evaluation_review,
}

# Pages that still read a row per listed row, with why the fix is not a few lines.
KNOWN_GROWTH: dict[str, str] = {}


@pytest.fixture
def world(in_tenant_a) -> dict[str, Any]:
    """An evaluator with a declared assignment, an undeclared one and a call to bid on."""
    from tests.evaluations import test_assignment_services as assigning
    from tests.evaluations.test_workspace import (
        assign,
        assignment_declare,
        evaluation_call,
        expert,
        submitted_application,
    )

    reviewer = expert("reviewer@experts.example.net")
    call = evaluation_call(in_tenant_a, reference="WS0")
    assignment = assign(submitted_application(call, number=1), reviewer)
    assignment_declare(assignment=assignment, user=reviewer.user, has_conflict=False)
    undeclared = assign(submitted_application(call, number=2), reviewer)
    bidding = assigning.evaluation_call(
        in_tenant_a, reference="BID0", status="closed", evaluation_deadline=None
    )
    invitation = assigning.CallEvaluatorFactory(call=bidding, evaluator=reviewer)
    return {
        "tenant": in_tenant_a,
        "reviewer": reviewer,
        "client": login(Client(), reviewer.user, mfa=True),
        "assignment": assignment,
        "undeclared": undeclared,
        "invitation": invitation,
    }


@pytest.mark.parametrize("name", cases(list(PAGES), KNOWN_GROWTH))
def test_workspace_page_costs_the_same_queries_for_n_and_3n_rows(world, name):
    assert_flat(name, PAGES[name](world))
