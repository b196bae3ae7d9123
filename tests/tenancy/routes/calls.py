"""Isolation entries for the public call pages and the call admin."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from calls.guidance.models import CallDocument
from calls.models import Call, WorkPackage
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory, CriterionFactory, FormFieldFactory
from tests.tenancy.kinds import ObjectPage, Public

ROUTES = {
    "call_list": Public("lists the host's own programme's calls only"),
    "call_feed_rss": Public("the host's own programme's announced calls"),
    "call_feed_atom": Public("the host's own programme's announced calls"),
    "call_detail": ObjectPage(lambda objects: {"slug": objects["call"].slug}),
    "call_ical": ObjectPage(lambda objects: {"slug": objects["call"].slug}),
    "call_document": ObjectPage(
        lambda objects: {"slug": objects["call"].slug, "pk": objects["call_document"].pk}
    ),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        call = CallFactory(
            tenant=tenant_a,
            slug="isolation-call",
            reference="ISOCALLS",
            status="open",
            published_at=timezone.now() - timedelta(days=1),
        )
        FormFieldFactory(call=call, key="project_title")
        CriterionFactory(call=call)
        document = CallDocument(
            call=call,
            tenant=tenant_a,
            title={"en": "Guide for applicants"},
            original_name="guide.pdf",
            size=15,
        )
        document.file.save("guide.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        document.save()
    objects["call"] = call
    objects["call_document"] = document
    objects["work_package"] = call.work_package


ADMIN_OBJECTS = {
    Call: lambda objects: objects["call"],
    WorkPackage: lambda objects: objects["work_package"],
}
