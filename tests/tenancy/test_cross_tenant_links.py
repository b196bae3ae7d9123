"""A row is never linked to a row of another programme.

Every tenant-owned row checks, when it is saved, that the tenant-owned rows it points to
(and holds in memory) belong to its own programme; services that write otherwise call
``require_same_tenant`` themselves. A cross-programme link is refused with a
``CrossTenantLink`` (a ``ValidationError`` naming the field) and nothing is written.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from applications.models import Application
from applications.services import application_start
from calls.builder.services import call_update
from calls.models import Call
from evaluations.models import Assignment, AssignmentAlternate, CallEvaluator, EvaluatorProfile
from socialtech.tenancy.context import no_tenant_scope, tenant_context
from socialtech.tenancy.models import CrossTenantLink, require_same_tenant, same_tenant
from tests.calls.factories import CallFactory, WorkPackageFactory
from tests.factories import OrganisationFactory, UserFactory


def refusal(error: ValidationError) -> dict[str, list[str]]:
    return {field: list(messages) for field, messages in error.message_dict.items()}


def message(row: str, other: str) -> str:
    return (
        f"This {row} belongs to another programme than the {other} it would be linked to; "
        "a row can only be linked to rows of its own programme."
    )


@pytest.fixture
def call_a(tenant_a):
    return CallFactory(tenant=tenant_a)


@pytest.fixture
def call_b(tenant_b):
    return CallFactory(tenant=tenant_b)


def test_same_tenant_compares_programmes(call_a, call_b, tenant_a):
    other_a = CallFactory(tenant=tenant_a)
    assert same_tenant(call_a, other_a)
    assert not same_tenant(call_a, call_b)
    with tenant_context(tenant_a):
        assert same_tenant(Application(call=call_a), call_a)  # unsaved: the active programme


def test_require_same_tenant_names_each_field_at_fault(call_a, call_b, tenant_b):
    with tenant_context(tenant_b):
        draft = Application(call=call_b)
        require_same_tenant(draft, call=call_b, organisation=None)  # same programme: passes
        with pytest.raises(CrossTenantLink) as refused:
            require_same_tenant(draft, call=call_a)
    assert refusal(refused.value) == {"call": [message("application", "call")]}
    assert refused.value.error_dict["call"][0].code == "cross_tenant"
    assert isinstance(refused.value, ValidationError)


def test_an_application_for_a_call_of_another_programme_is_refused(call_a, tenant_b):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    with tenant_context(tenant_b), pytest.raises(CrossTenantLink) as refused:
        application_start(call=call_a, organisation=organisation, user=owner)
    assert refusal(refused.value) == {"call": [message("application", "call")]}
    with no_tenant_scope():
        assert Application.objects.count() == 0


def test_a_call_cannot_move_into_a_work_package_of_another_programme(call_b, tenant_a, tenant_b):
    work_package_a = WorkPackageFactory(tenant=tenant_a, code="wp9")
    staff = UserFactory()
    with tenant_context(tenant_b), pytest.raises(ValidationError) as refused:
        call_update(call=call_b, by=staff, work_package=work_package_a)
    # the call's own validation names the rule before the save-time check would
    assert refusal(refused.value) == {
        "work_package": ["Choose one of this programme's work packages."]
    }
    with tenant_context(tenant_b):
        call_b.work_package = work_package_a
        with pytest.raises(CrossTenantLink) as saved:
            call_b.save()
    assert refusal(saved.value) == {"work_package": [message("call", "work package")]}
    call_b.refresh_from_db()
    assert call_b.work_package.tenant_id == tenant_b.pk


def test_evaluation_rows_link_only_rows_of_their_programme(call_a, tenant_a, tenant_b):
    with tenant_context(tenant_a):
        application_a = Application.objects.create(
            call=call_a, organisation=OrganisationFactory(), created_by=UserFactory()
        )
    profile = EvaluatorProfile.objects.create(user=UserFactory())
    with tenant_context(tenant_b):
        with pytest.raises(CrossTenantLink) as assignment_refused:
            Assignment.objects.create(application=application_a, evaluator=profile)
        with pytest.raises(CrossTenantLink) as pool_refused:
            CallEvaluator.objects.create(call=call_a, evaluator=profile)
    assert refusal(assignment_refused.value) == {
        "application": [message("assignment", "application")]
    }
    assert list(pool_refused.value.message_dict) == ["call"]
    with no_tenant_scope():
        assert Assignment.objects.count() == 0
        assert CallEvaluator.objects.count() == 0
        assert Call.objects.count() == 1  # the call itself is untouched


def test_rows_of_one_programme_link_as_before(call_a, tenant_a):
    with tenant_context(tenant_a):
        application = Application.objects.create(
            call=call_a, organisation=OrganisationFactory(), created_by=UserFactory()
        )
        assignment = Assignment.objects.create(
            application=application, evaluator=EvaluatorProfile.objects.create(user=UserFactory())
        )
    assert assignment.tenant_id == application.tenant_id == call_a.tenant_id == tenant_a.pk


def test_a_bulk_write_checks_the_links_of_every_row(call_a, tenant_a, tenant_b):
    with tenant_context(tenant_a):
        application_a = Application.objects.create(
            call=call_a, organisation=OrganisationFactory(), created_by=UserFactory()
        )
    profile = EvaluatorProfile.objects.create(user=UserFactory())
    with tenant_context(tenant_b), pytest.raises(CrossTenantLink) as refused:
        AssignmentAlternate.objects.bulk_create(
            [
                AssignmentAlternate(
                    tenant=tenant_b, application=application_a, evaluator=profile, position=1
                )
            ]
        )
    assert refusal(refused.value) == {
        "application": [message("alternate evaluator", "application")]
    }
    with tenant_context(tenant_a):
        AssignmentAlternate.objects.bulk_create(
            [
                AssignmentAlternate(
                    tenant=tenant_a, application=application_a, evaluator=profile, position=1
                )
            ]
        )
    with no_tenant_scope():
        assert list(AssignmentAlternate.objects.values_list("tenant_id", flat=True)) == [
            tenant_a.pk
        ]
