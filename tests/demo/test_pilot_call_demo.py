"""The demo's Community tech pilots call: closed, screened, experts accepted, nobody assigned,
so the assignment solver can be tried on it."""

from __future__ import annotations

import io
from collections import Counter

import pytest
from django.core.management import call_command

from applications.models import Application, ApplicationStatus, EligibilityCheck
from calls.models import Call, CallStatus
from demo.applications import PILOT_CALL_SLUG
from demo.evaluations import PILOT_MAX_LOAD, PILOT_MIN_LOAD
from evaluations.assignment.services import assignment_propose
from evaluations.conflicts import conflict_reasons
from evaluations.models import Assignment, CallEvaluator
from evaluations.selectors import ASSIGNMENT_CALL_STATUSES, conflict_rules_for
from socialtech.accounts.models import User
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(seeded_demo: str) -> str:
    return seeded_demo


@pytest.fixture
def socialtech(seeded: str) -> Tenant:
    return Tenant.objects.get(slug="socialtech4eu")


def test_the_pilot_call_waits_for_its_assignment(seeded: str, socialtech: Tenant) -> None:
    with tenant_context(socialtech):
        call = Call.objects.get(slug=PILOT_CALL_SLUG)
        applications = list(Application.objects.filter(call=call).order_by("submitted_at"))
        checks = Counter(
            application_id
            for application_id, _person in set(
                EligibilityCheck.objects.filter(application__call=call).values_list(
                    "application_id", "checked_by_id"
                )
            )
        )
        pool = list(CallEvaluator.objects.filter(call=call).select_related("evaluator__user"))
        assignments = Assignment.objects.filter(application__call=call).count()

    assert call.reference == "CP1"
    assert call.title["en"] == "Community tech pilots"
    assert call.status == CallStatus.CLOSED and call.status in ASSIGNMENT_CALL_STATUSES
    assert not call.is_open()
    assert call.exclude_same_country
    # Eligible applications, each screened by two people, submitted before the deadline.
    assert len(applications) == 12
    assert {application.status for application in applications} == {ApplicationStatus.ELIGIBLE}
    assert all(checks[application.pk] == 2 for application in applications)
    assert all(application.submitted_at < call.deadline for application in applications)
    year = call.deadline_local().year
    assert [application.receipt_number for application in applications] == [
        f"ST4EU-{year}-CP1-{number:06d}" for number in range(1, 13)
    ]
    # Five experts invited and accepted, the standing declaration signed; nobody assigned.
    assert sorted(member.evaluator.user.email for member in pool) == [
        f"evaluator{number}@example.org" for number in range(1, 6)
    ]
    assert {member.status for member in pool} == {CallEvaluator.Status.ACCEPTED}
    assert all(member.standing_declaration_at is not None for member in pool)
    assert {(member.min_load, member.max_load) for member in pool} == {
        (PILOT_MIN_LOAD, PILOT_MAX_LOAD)
    }
    assert assignments == 0
    assert "CP1: 12 eligible applications, 5 evaluators accepted, no assignment yet" in seeded


def test_staff_can_run_the_assignment_solver_on_it(socialtech: Tenant) -> None:
    staff = User.objects.get(email="staff@example.org")
    with tenant_context(socialtech):
        call = Call.objects.get(slug=PILOT_CALL_SLUG)

        outcome = assignment_propose(call=call, by=staff)

        proposals = list(
            Assignment.objects.filter(application__call=call).select_related(
                "application__organisation", "evaluator__user"
            )
        )
        pool = list(CallEvaluator.objects.filter(call=call).select_related("evaluator"))
        conflicted = conflict_reasons(
            [member.evaluator for member in pool],
            [proposal.application for proposal in proposals],
            rules=conflict_rules_for(call),
        )

    assert outcome.applications == 12 and outcome.evaluators == 5
    assert outcome.assignments == 12 * call.evaluators_per_application == len(proposals)
    assert {proposal.status for proposal in proposals} == {Assignment.Status.PROPOSED}
    per_application = Counter(proposal.application_id for proposal in proposals)
    assert set(per_application.values()) == {call.evaluators_per_application}
    loads = Counter(proposal.evaluator_id for proposal in proposals)
    assert all(PILOT_MIN_LOAD <= load <= PILOT_MAX_LOAD for load in loads.values())
    assert not {(proposal.evaluator_id, proposal.application_id) for proposal in proposals} & set(
        conflicted
    )

    seed()  # seeding again leaves the proposal alone

    with tenant_context(socialtech):
        assert Assignment.objects.filter(application__call=call).count() == len(proposals)
        assert set(Application.objects.filter(call=call).values_list("status", flat=True)) == {
            ApplicationStatus.ELIGIBLE
        }
