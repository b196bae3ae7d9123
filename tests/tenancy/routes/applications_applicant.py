"""Isolation entries for the applicant pages of applications (see tests/tenancy/test_isolation.py).

Programme A gets an open call, an organisation of Alice and Bob, a submitted application
with an attachment and a receipt, and a draft with an attachment. Charlie, staff of
programme B, must get 404 for every one of them on B's host.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from applications.receipts.jobs import receipt_document_issue
from applications.services import application_attach, application_save_draft, application_start
from applications.submission.services import application_submit
from socialtech.tenancy.context import tenant_context
from tests.applications.conftest import pdf_upload
from tests.calls.factories import VALID_ANSWERS, CallFactory, CriterionFactory, full_form
from tests.factories import OrganisationFactory
from tests.tenancy.kinds import ObjectPage, OwnList

MARKER = "Isolation Project Alpha"


def _pk(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["applicant_draft"].pk}


ROUTES: dict[str, Any] = {
    "application_dashboard": OwnList(lambda objects: MARKER),
    "application_start": ObjectPage(lambda objects: {"slug": objects["applicant_call"].slug}),
    "application_edit": ObjectPage(_pk),
    "application_autosave": ObjectPage(_pk, method="post"),
    "application_upload": ObjectPage(
        lambda objects: {"pk": objects["applicant_draft"].pk, "field_key": "work_plan"},
        method="post",
    ),
    "application_review": ObjectPage(_pk),
    "application_submit": ObjectPage(_pk, method="post"),
    "application_withdraw": ObjectPage(_pk, method="post"),
    "application_answers_pdf": ObjectPage(_pk),
    "application_confirmation": ObjectPage(
        lambda objects: {"pk": objects["applicant_submitted"].pk}
    ),
    "application_receipt": ObjectPage(lambda objects: {"pk": objects["applicant_submitted"].pk}),
    "application_attachment": ObjectPage(
        lambda objects: {
            "pk": objects["applicant_submitted"].pk,
            "attachment_pk": objects["applicant_attachment"].pk,
        }
    ),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        call = CallFactory(
            tenant=tenant_a,
            slug="isolation-applicant-call",
            reference="ISOAPP",
            max_applications_per_organisation=2,
        )
        full_form(call)
        CriterionFactory(call=call)
        organisation = OrganisationFactory(
            legal_name="Isolation Applicant Cooperative", owner=alice, editors=[bob]
        )
        answers = {**VALID_ANSWERS, "project_title": MARKER}
        submitted = application_start(call=call, organisation=organisation, user=alice)
        submitted = application_save_draft(
            application=submitted, user=alice, answers=answers, version=submitted.version
        )
        attachment = application_attach(
            application=submitted, user=alice, field_key="work_plan", upload=pdf_upload()
        )
        with transaction.atomic():
            submitted = application_submit(application=submitted, user=alice)
        receipt_document_issue(application_id=submitted.pk)
        draft = application_start(call=call, organisation=organisation, user=alice)
        draft = application_save_draft(
            application=draft, user=alice, answers=answers, version=draft.version
        )
    objects.update(
        {
            "applicant_call": call,
            "applicant_organisation": organisation,
            "applicant_submitted": submitted,
            "applicant_attachment": attachment,
            "applicant_draft": draft,
        }
    )
