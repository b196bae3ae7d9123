"""Isolation entries for the evaluator's workspace and ``/api/v1/reviews/``.

Programme A gets a submitted application with a file, assigned to Charlie as an evaluator
(he declared no conflict and keeps a draft review). Charlie is staff of programme B: on
B's host every page and API route about that assignment must answer 404, and neither list
may show its receipt number, though the assignment is his.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from applications.models import Application, Attachment
from evaluations.models import (
    Assignment,
    Bid,
    CallEvaluator,
    ConflictDeclaration,
    EvaluatorProfile,
    Review,
)
from tests.calls.factories import CallFactory, CriterionFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.tenancy.kinds import ObjectPage, OwnList

RECEIPT = "ALPHA-2026-WSISO-000001"


def _assignment(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["workspace_assignment"].pk}


ROUTES: dict[str, Any] = {
    "evaluation_workspace": OwnList(lambda objects: RECEIPT),
    "evaluation_declaration": ObjectPage(_assignment),
    "evaluation_review": ObjectPage(_assignment),
    "evaluation_invitation": ObjectPage(lambda objects: {"call_id": objects["bidding_call"].pk}),
    "evaluation_bids": ObjectPage(lambda objects: {"call_id": objects["bidding_call"].pk}),
    "evaluation_autosave": ObjectPage(_assignment, method="post"),
    "evaluation_attachment": ObjectPage(
        lambda objects: {
            "pk": objects["workspace_assignment"].pk,
            "attachment_pk": objects["workspace_attachment"].pk,
        }
    ),
    "review-list": OwnList(lambda objects: RECEIPT),
    "review-detail": ObjectPage(_assignment),
    "review-declaration": ObjectPage(_assignment, method="post"),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    now = timezone.now()
    call = CallFactory(
        tenant=tenant_a,
        reference="WSISO",
        status="evaluation",
        opens_at=now - timezone.timedelta(days=40),
        deadline=now - timezone.timedelta(days=10),
        evaluation_deadline=now + timezone.timedelta(days=20),
    )
    criterion = CriterionFactory(call=call, name={"en": "Excellence"})
    application = Application.unscoped.create(
        tenant=tenant_a,
        call=call,
        organisation=OrganisationFactory(legal_name="Workspace Isolation Coop", owner=alice),
        created_by=alice,
        status="in_evaluation",
        title="Workspace isolation project",
        receipt_number=RECEIPT,
        submitted_at=now - timezone.timedelta(days=11),
        answers={"project_title": "Workspace isolation project"},
        submitted_answers={"project_title": "Workspace isolation project"},
    )
    attachment = Attachment(
        tenant=tenant_a,
        application=application,
        field_key="work_plan",
        original_name="plan.pdf",
        size=9,
        sha256="0" * 64,
        content_type="application/pdf",
        uploaded_by=alice,
    )
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n"))
    # Charlie (staff of programme B) also evaluates for programme A.
    expert = EvaluatorProfile.objects.create(user=UserFactory(email="charlie@example.org"))
    assignment = Assignment.unscoped.create(
        tenant=tenant_a,
        application=application,
        evaluator=expert,
        status="in_progress",
        confirmed_at=now,
        due_at=call.evaluation_deadline,
    )
    ConflictDeclaration.unscoped.create(
        tenant=tenant_a, application=application, evaluator=expert, has_conflict=False
    )
    review = Review.unscoped.create(
        tenant=tenant_a,
        assignment=assignment,
        scores={str(criterion.pk): "4"},
        comments={str(criterion.pk): "Draft comment"},
        version=2,
    )
    # A closed call of programme A waits for Charlie's bids.
    bidding_call = CallFactory(
        tenant=tenant_a,
        reference="WSBID",
        status="closed",
        opens_at=now - timezone.timedelta(days=40),
        deadline=now - timezone.timedelta(days=2),
    )
    invitation = CallEvaluator.unscoped.create(
        tenant=tenant_a,
        call=bidding_call,
        evaluator=expert,
        status="accepted",
        standing_declaration_at=now,
    )
    bid_application = Application.unscoped.create(
        tenant=tenant_a,
        call=bidding_call,
        organisation=application.organisation,
        created_by=alice,
        status="eligible",
        title="Bidding isolation project",
        receipt_number="ALPHA-2026-WSBID-000001",
        submitted_at=now - timezone.timedelta(days=3),
    )
    Bid.unscoped.create(
        tenant=tenant_a, call_evaluator=invitation, application=bid_application, choice="want"
    )
    objects["bidding_call"] = bidding_call
    objects["workspace_assignment"] = assignment
    objects["workspace_attachment"] = attachment
    objects["workspace_review"] = review


ADMIN_OBJECTS = {
    Assignment: lambda objects: objects["workspace_assignment"],
    Review: lambda objects: objects["workspace_review"],
}
