"""Isolation entries for the calls and applications API (see tests/tenancy/test_isolation.py).

Programme A gets an open call and a draft of an organisation Alice owns; Charlie, staff of
programme B, must not find either on B's host: 404 for each object route, and neither
marker in the lists.
"""

from __future__ import annotations

from typing import Any

from applications.services import application_save_draft, application_start
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory, CriterionFactory, full_form
from tests.factories import OrganisationFactory
from tests.tenancy.kinds import ObjectPage, OwnList, Public

CALL_MARKER = "isolation-call-alpha"
APPLICATION_MARKER = "Isolation Project Alpha"


def _application(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["api_application"].pk}


ROUTES: dict[str, Any] = {
    "call-list": OwnList(lambda objects: CALL_MARKER),
    "call-detail": ObjectPage(lambda objects: {"slug": objects["api_call"].slug}),
    "application-list": OwnList(lambda objects: APPLICATION_MARKER),
    "application-detail": ObjectPage(_application),
    "application-attachments": ObjectPage(_application, method="post"),
    "application-submit": ObjectPage(_application, method="post"),
    "application-withdraw": ObjectPage(_application, method="post"),
    "api_not_found": Public("answers 404 for any path under /api/ that names no endpoint"),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    call = CallFactory(tenant=tenant_a, slug=CALL_MARKER, reference="ISOAPI")
    full_form(call)
    CriterionFactory(call=call)
    organisation = OrganisationFactory(legal_name="Isolation API Cooperative", owner=alice)
    with tenant_context(tenant_a):
        application = application_start(call=call, organisation=organisation, user=alice)
        application = application_save_draft(
            application=application,
            user=alice,
            answers={"project_title": APPLICATION_MARKER},
            version=application.version,
        )
    objects["api_call"] = call
    objects["api_application"] = application
