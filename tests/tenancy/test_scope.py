from __future__ import annotations

import pytest

from socialtech.accounts.models import Membership
from socialtech.tenancy.context import TenantNotActive, no_tenant_scope, tenant_context


def test_tenant_owned_query_without_active_tenant_raises(alice):
    with pytest.raises(TenantNotActive):
        list(Membership.objects.all())


def test_tenant_owned_query_sees_only_the_active_tenant(alice, charlie, tenant_a, tenant_b):
    with tenant_context(tenant_a):
        assert list(Membership.objects.values_list("user__email", flat=True)) == [
            "alice@example.org"
        ]
    with tenant_context(tenant_b):
        assert list(Membership.objects.values_list("user__email", flat=True)) == [
            "charlie@example.org"
        ]


def test_no_tenant_scope_is_explicit_and_sees_everything(alice, charlie):
    with no_tenant_scope():
        assert Membership.objects.count() == 2


def test_tenant_context_accepts_slug_and_primary_key(tenant_a):
    with tenant_context("alpha") as by_slug:
        assert by_slug == tenant_a
    with tenant_context(tenant_a.pk) as by_pk:
        assert by_pk == tenant_a


def test_new_row_is_stamped_with_the_active_tenant(tenant_a, applicant):
    with tenant_context(tenant_a):
        membership = Membership.objects.create(user=applicant, role="provider")
    assert membership.tenant_id == tenant_a.pk


def test_creating_a_row_without_a_tenant_raises(applicant):
    with pytest.raises(TenantNotActive):
        Membership(user=applicant, role="provider").save()
