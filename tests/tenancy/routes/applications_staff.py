"""Isolation entries for the staff side of applications (admin list, detail and extra pages).

Programme A gets a submitted application with an attachment and a draft; a user of
programme B must get 404 for each of the admin's extra pages about them.
"""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from applications.models import Application, Attachment
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory
from tests.tenancy.kinds import ObjectPage

ROUTES: dict[str, Any] = {
    "admin:applications_application_screening": ObjectPage(
        lambda objects: {"application_id": objects["submitted_application"].pk}
    ),
    "admin:applications_application_screening_decide": ObjectPage(
        lambda objects: {"application_id": objects["submitted_application"].pk}, method="post"
    ),
    "admin:applications_application_extension": ObjectPage(
        lambda objects: {"application_id": objects["draft_application"].pk}
    ),
    "admin:applications_application_attachment": ObjectPage(
        lambda objects: {
            "application_id": objects["submitted_application"].pk,
            "attachment_id": objects["submitted_attachment"].pk,
        }
    ),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    call = CallFactory(tenant=tenant_a, reference="ISO1")
    organisation = OrganisationFactory(legal_name="Isolation Applicant Coop", owner=alice)
    submitted = Application.unscoped.create(
        tenant=tenant_a,
        call=call,
        organisation=organisation,
        created_by=alice,
        status="submitted",
        title="Isolation project",
        receipt_number="ALPHA-2026-ISO1-000001",
        submitted_at=timezone.now(),
        answers={"project_title": "Isolation project"},
        submitted_answers={"project_title": "Isolation project"},
    )
    attachment = Attachment(
        tenant=tenant_a,
        application=submitted,
        field_key="work_plan",
        original_name="plan.pdf",
        size=9,
        sha256="0" * 64,
        content_type="application/pdf",
        uploaded_by=alice,
    )
    attachment.file.save("plan.pdf", ContentFile(b"%PDF-1.4\n"))
    objects["submitted_application"] = submitted
    objects["submitted_attachment"] = attachment
    objects["draft_application"] = Application.unscoped.create(
        tenant=tenant_a,
        call=call,
        organisation=OrganisationFactory(legal_name="Isolation Draft Coop", owner=bob),
        created_by=bob,
    )


ADMIN_OBJECTS = {Application: lambda objects: objects["submitted_application"]}
