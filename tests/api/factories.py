"""Rows for the API tests that the services would take many steps to reach."""

from __future__ import annotations

import factory

from applications.models import Application, Attachment
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, TenantOwnedFactory, UserFactory


class ApplicationFactory(TenantOwnedFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    tenant = factory.SelfAttribute("call.tenant")
    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory)
    answers = factory.LazyFunction(lambda: {"project_title": "Care robots for rural elders"})


class AttachmentFactory(TenantOwnedFactory):
    class Meta:
        model = Attachment

    application = factory.SubFactory(ApplicationFactory)
    tenant = factory.SelfAttribute("application.tenant")
    field_key = "work_plan"
    file = "applications/alpha/work-plan.pdf"
    original_name = "work-plan.pdf"
    size = 1234
    sha256 = "a" * 64
    content_type = "application/pdf"
    uploaded_by = factory.SelfAttribute("application.created_by")
