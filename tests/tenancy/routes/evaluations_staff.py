"""Isolation entries for the evaluator pool and assignment (admin pages and staff API).

Programme A gets a call in evaluation with an invited expert (with a CV), an eligible
application and a queued solver task; Charlie, staff of programme B, must get 404 for
each of them on B's host, and must not see A's call in the list of calls to assign.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from applications.models import Application
from evaluations.assignment.services import assignment_run_start
from evaluations.models import CallEvaluator, EvaluatorProfile
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.tenancy.kinds import ObjectPage, OwnList

CALL_MARKER = "Isolation assignment call"


def _call(objects: dict[str, Any]) -> dict[str, Any]:
    return {"call_id": objects["assignment_call"].pk}


ROUTES: dict[str, Any] = {
    "call-assign-evaluators": ObjectPage(
        lambda objects: {"slug": objects["assignment_call"].slug}, method="post"
    ),
    "task-detail": ObjectPage(lambda objects: {"task_id": objects["assignment_task_id"]}),
    "admin:evaluations_callevaluator_assignment_calls": OwnList(lambda objects: CALL_MARKER),
    "admin:evaluations_callevaluator_assignment": ObjectPage(_call),
    "admin:evaluations_callevaluator_assignment_run": ObjectPage(_call, method="post"),
    "admin:evaluations_callevaluator_assignment_move": ObjectPage(_call, method="post"),
    "admin:evaluations_callevaluator_assignment_confirm": ObjectPage(_call, method="post"),
    "admin:evaluations_callevaluator_assignment_reevaluation": ObjectPage(
        lambda objects: {"application_id": objects["assignment_application"].pk}
    ),
    "admin:evaluations_evaluatorprofile_cv": ObjectPage(
        lambda objects: {"profile_id": objects["assignment_profile"].pk}
    ),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    call = CallFactory(
        tenant=tenant_a, reference="ISOEV", slug="isolation-assignment", status="evaluation",
        title={"en": CALL_MARKER},
    )  # fmt: skip
    profile = EvaluatorProfile.objects.create(
        user=UserFactory(email="isolation.expert@experts.example.net"), expertise=["care"]
    )
    profile.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n"))
    call_evaluator = CallEvaluator.unscoped.create(
        tenant=tenant_a, call=call, evaluator=profile, max_load=3
    )
    objects["assignment_application"] = Application.unscoped.create(
        tenant=tenant_a,
        call=call,
        organisation=OrganisationFactory(legal_name="Isolation Assigned Coop"),
        created_by=bob,
        status="eligible",
        receipt_number="ALPHA-2026-ISOEV-000001",
    )
    with tenant_context(tenant_a):
        objects["assignment_task_id"] = assignment_run_start(call=call, by=alice)
    objects["assignment_call"] = call
    objects["assignment_profile"] = profile
    objects["assignment_call_evaluator"] = call_evaluator


ADMIN_OBJECTS = {
    EvaluatorProfile: lambda objects: objects["assignment_profile"],
    CallEvaluator: lambda objects: objects["assignment_call_evaluator"],
}
