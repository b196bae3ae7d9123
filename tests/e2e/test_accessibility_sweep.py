"""axe on the pages the journeys pass by without stopping: dashboards, profile,
organisation pages, withdrawal, results, and the evaluator's workspace."""

from __future__ import annotations

from applications.services import application_start
from evaluations.models import Assignment, EvaluatorProfile
from socialtech.tenancy.context import tenant_context
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import open_call, sign_in
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def test_applicant_pages_have_no_wcag_violations(page, e2e_tenant):
    user = UserFactory(email="sweep@example.org")
    organisation = OrganisationFactory(owner=user, legal_name="Sweep Cooperative")
    with tenant_context(e2e_tenant):
        call = open_call(e2e_tenant)
        draft = application_start(call=call, organisation=organisation, user=user)
    sign_in(page, email="sweep@example.org")
    for step, url in [
        ("dashboard", "/applications/"),
        ("organisations", "/organisations/"),
        ("organisation", f"/organisations/{organisation.pk}/"),
        ("invite", f"/organisations/{organisation.pk}/invite/"),
        ("profile", "/accounts/profile/"),
        ("withdraw", f"/applications/{draft.pk}/withdraw/"),
        ("results", "/results/"),
        ("two-factor", "/accounts/2fa/"),
    ]:
        page.goto(url)
        assert page.locator("h1").count() >= 1, url
        shot(page, step)
        assert_accessible(page)


def test_evaluator_workspace_has_no_wcag_violations(page, e2e_tenant, settings):
    expert = UserFactory(email="sweep-expert@example.org")
    MembershipFactory(tenant=e2e_tenant, user=expert, role="evaluator")
    applicant = UserFactory(email="sweep-applicant@example.org")
    organisation = OrganisationFactory(owner=applicant, legal_name="Reviewed Cooperative")
    with tenant_context(e2e_tenant):
        call = open_call(e2e_tenant)
        application = application_start(call=call, organisation=organisation, user=applicant)
        application.status = "in_evaluation"
        application.receipt_number = "ALPHA-2026-E2E-000001"
        application.save()
        profile = EvaluatorProfile.objects.create(user=expert)
        assignment = Assignment.objects.create(
            application=application, evaluator=profile, confirmed_at=call.deadline
        )
    # A demo evaluator in demo mode may skip the second factor; the login stays one step.
    settings.DEMO_MODE = True
    expert.is_demo_account = True
    expert.save()
    sign_in(page, email="sweep-expert@example.org")
    page.goto("/evaluation/")
    assert "ALPHA-2026-E2E-000001" in page.content()
    shot(page, "workspace")
    assert_accessible(page)
    page.goto(f"/evaluation/{assignment.pk}/review/")
    shot(page, "declaration")
    assert "Reviewed Cooperative" in page.content()
    assert_accessible(page)
