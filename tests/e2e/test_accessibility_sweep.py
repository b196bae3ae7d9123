"""axe on the pages the journeys pass by without stopping: dashboards, profile,
organisation pages, withdrawal, results, and the evaluator's workspace."""

from __future__ import annotations

from applications.services import application_start
from evaluations.models import Assignment, EvaluatorProfile
from socialtech.tenancy.context import tenant_context
from tests.applications.test_staff import submitted
from tests.conftest import totp_now, with_mfa
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import context_page, label, open_call, sign_in
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


def test_back_office_list_on_a_phone_has_no_wcag_violations(
    browser, live_server, e2e_tenant, alice
):
    """Staff lists at 390 px: a link in running text ("Show all" beside the count of
    results) is told apart from the text by more than colour."""
    call = open_call(e2e_tenant, reference="OC9")
    owner = UserFactory(email="phone-applicant@example.org")
    organisation = OrganisationFactory(owner=owner, legal_name="Cooperativa Telefono")
    submitted(call, organisation, owner)
    submitted(
        call, OrganisationFactory(owner=owner, legal_name="Verein Nordlicht"), owner, number=2
    )
    secret = with_mfa(alice)
    with context_page(
        browser, live_server, "back_office_on_a_phone", viewport={"width": 390, "height": 844}
    ) as phone:
        sign_in(phone, email=alice.email)
        phone.get_by_label(label("Code")).fill(totp_now(secret))
        phone.get_by_role("button", name="Sign In").click()
        phone.wait_for_url(live_server.url + "/")
        for step, url in [
            ("applications", "/admin/applications/application/"),
            ("applications-searched", "/admin/applications/application/?q=Telefono"),
            ("organisations-searched", "/admin/organisations/organisation/?q=Telefono"),
        ]:
            phone.goto(url)
            shot(phone, step)
            assert_accessible(phone)
            # "Show all" or "2 total", beside the count of results.
            show_all = phone.locator("#changelist-search .small a")
            assert show_all.count() == 1, url
            decoration = show_all.evaluate("link => getComputedStyle(link).textDecorationLine")
            assert decoration == "underline", url
