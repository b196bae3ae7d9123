"""The main pages of every kind work in a real browser under the Content-Security-Policy:
no violation is reported on the console, and the pages' scripts and styles do their work."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from applications.services import application_start
from socialtech.tenancy.context import tenant_context
from tests.conftest import with_mfa
from tests.e2e.conftest import assert_no_csp_violations
from tests.e2e.helpers import open_call, sign_in, wait_for_autosave
from tests.factories import OrganisationFactory, UserFactory


def signed_in(page: Any, live_server: Any, user: Any) -> Any:
    """Give the browser the session of ``user`` (signed in as by the login form)."""
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page


def visit(page: Any, path: str) -> None:
    response = page.goto(path)
    assert response.status < 400, path
    assert "script-src 'self'" in response.headers["content-security-policy"], path
    page.wait_for_load_state("networkidle")


def test_the_guard_catches_a_violation(page, e2e_tenant):
    """The browser tests would notice inline style or script: the guard itself works."""
    visit(page, "/")
    page.evaluate(
        """() => {
          document.body.insertAdjacentHTML("beforeend", '<p style="color: red">styled</p>');
          const script = document.createElement("script");
          script.textContent = "window.inlineRan = true";
          document.body.appendChild(script);
        }"""
    )
    expect(page.locator("p", has_text="styled")).not_to_have_css("color", "rgb(255, 0, 0)")
    assert page.evaluate("window.inlineRan") is None
    page.wait_for_timeout(200)
    blocked = " ".join(page.csp_violations)
    assert "style-src-attr" in blocked and "script-src-elem" in blocked, page.csp_violations
    with pytest.raises(AssertionError, match="Content-Security-Policy violations"):
        assert_no_csp_violations(page.csp_violations)
    page.csp_violations.clear()


def test_public_pages_keep_to_the_policy(page, e2e_tenant):
    with tenant_context(e2e_tenant):
        call = open_call(e2e_tenant, reference="OC7", title={"en": "Green skills grants"})
    for path in ("/", "/calls/", f"/calls/{call.slug}/", "/accounts/login/", "/accounts/signup/"):
        visit(page, path)
    # The programme's colours come through the nonce-carrying style.
    brand = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert brand == "rgb(31, 95, 139)"


def test_the_applicant_pages_and_the_draft_form_keep_to_the_policy(page, live_server, e2e_tenant):
    applicant = UserFactory(email="csp-applicant@example.org")
    with tenant_context(e2e_tenant):
        call = open_call(e2e_tenant, reference="OC8", title={"en": "Care grants"})
        organisation = OrganisationFactory(owner=applicant, legal_name="Cooperativa Aurora")
        draft = application_start(call=call, organisation=organisation, user=applicant)
    sign_in(page, email=applicant.email)
    page.wait_for_url(live_server.url + "/")
    for path in ("/applications/", "/organisations/", "/accounts/profile/"):
        visit(page, path)
    visit(page, f"/applications/{draft.pk}/")
    # The draft form's script runs: typing is saved on its own.
    page.get_by_label("Project title", exact=False).first.fill("Care at home, together")
    wait_for_autosave(page)


def test_the_back_office_keeps_to_the_policy(page, live_server, e2e_tenant, alice):
    with_mfa(alice)
    with tenant_context(e2e_tenant):
        call = open_call(e2e_tenant, reference="OC9")
    signed_in(page, live_server, alice)
    for path in (
        "/admin/",
        "/admin/applications/application/",
        "/admin/calls/call/",
        f"/admin/calls/call/{call.pk}/change/",
        "/admin/evaluations/",
    ):
        visit(page, path)
    header = page.evaluate("getComputedStyle(document.querySelector('#header')).backgroundColor")
    assert header == "rgb(31, 95, 139)"


def test_the_api_documentation_works_under_the_policy(page, e2e_tenant):
    visit(page, "/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("SocialTech platform API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    visit(page, "/api/redoc/")
    expect(page.locator("#redoc-container h1").first).to_contain_text("SocialTech platform API")
    expect(page.get_by_role("menuitem").first).to_be_visible()
    # ReDoc's footer asks for its logo from cdn.redoc.ly: refused on purpose, the page loads
    # nothing from outside. Any other violation still fails the test.
    outside_logo = [
        text for text in page.csp_violations if "cdn.redoc.ly/redoc/logo-mini.svg" in text
    ]
    assert outside_logo
    page.csp_violations[:] = [text for text in page.csp_violations if text not in outside_logo]
