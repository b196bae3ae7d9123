from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from socialtech.documents.permissions import can_download
from socialtech.tenancy.context import tenant_context
from tests.factories import UserFactory


def test_owner_and_back_office_of_the_documents_tenant_may_download(
    alice, bob, applicant, stored_document
):
    assert can_download(applicant, stored_document)
    assert can_download(alice, stored_document)
    assert can_download(bob, stored_document)


def test_staff_role_in_the_active_tenant_does_not_reach_another_tenants_document(
    charlie, tenant_b, stored_document
):
    with tenant_context(tenant_b):
        assert not can_download(charlie, stored_document)


def test_strangers_anonymous_and_deactivated_owners_may_not_download(applicant, stored_document):
    stranger = UserFactory(email="stranger@example.org")
    assert not can_download(stranger, stored_document)
    assert not can_download(AnonymousUser(), stored_document)
    applicant.is_active = False
    assert not can_download(applicant, stored_document)
