"""The back office's home (the dashboard) and the list's select filters, in a browser:
axe finds nothing, each card's count leads to the list of exactly those rows, the page
fits a laptop and a phone, and the keyboard reaches the content and the sidebar toggle."""

from __future__ import annotations

import re

import pytest

from socialtech.tenancy.context import tenant_context
from tests.applications.test_staff import submitted
from tests.conftest import totp_now, with_mfa
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import context_page, label, sign_in
from tests.factories import OrganisationFactory, UserFactory
from tests.test_admin_dashboard import programme_rows

SCREEN = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def sign_in_staff(page, live_server, user):
    secret = with_mfa(user)
    sign_in(page, email=user.email)
    page.get_by_label(label("Code")).fill(totp_now(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(live_server.url + "/")


@pytest.fixture
def screen(browser, live_server, request, e2e_tenant, alice):
    with context_page(browser, live_server, request.node.name, viewport=SCREEN) as page:
        sign_in_staff(page, live_server, alice)
        yield page


def fits(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_the_dashboard_is_accessible_fits_and_links_each_count_to_its_rows(
    screen, e2e_tenant, tenant_b
):
    programme_rows(e2e_tenant, screening=3, overdue=2, redress=1, offers=2)
    programme_rows(tenant_b, screening=7, overdue=5, redress=4, offers=3)

    screen.goto("/admin/")
    shot(screen, "dashboard")
    assert_accessible(screen)
    assert fits(screen)
    cards = screen.locator(".dashboard-card")
    # Calls, screening, overdue reviews, redress, offers, near duplicates, payments, reports,
    # the programme budget's over-committed lines, voucher claims and accreditations.
    assert cards.count() == 11
    # The cards come before the app list, inside the screen.
    first_card = cards.first.bounding_box()
    app_list = screen.locator("#content-main .module").first.bounding_box()
    assert first_card["y"] < app_list["y"]
    assert first_card["x"] + first_card["width"] <= SCREEN["width"]

    expected = {
        "applications-awaiting-screening": ("/admin/applications/application/", 3),
        "evaluations-overdue": ("/admin/evaluations/assignment/", 2),
        "redress-open": ("/admin/evaluations/redressrequest/", 1),
        "grants-offers-awaiting-answer": ("/admin/grants/award/", 2),
        "grants-duplicates-to-review": ("/admin/grants/duplicateflag/", 1),
        "vouchers-claims-waiting": ("/admin/vouchers/claim/", 1),
        "vouchers-accreditations-awaiting-decision": ("/admin/vouchers/accreditation/", 1),
    }
    for name, (path, count) in expected.items():
        screen.goto("/admin/")
        line = screen.locator(f'[data-card="{name}"] .dashboard-card-lines a')
        assert line.count() == 1, name
        assert line.locator(".dashboard-count").inner_text() == str(count), name
        line.click()
        screen.wait_for_url(re.compile(re.escape(path) + r"\?"))
        shot(screen, name)
        assert screen.locator("#result_list tbody tr").count() == count, name
        assert_accessible(screen)

    # Calls by status: each status links to the calls in it.
    screen.goto("/admin/")
    statuses = screen.locator('[data-card="calls-by-status"] .dashboard-card-lines a')
    assert statuses.count() == 3  # in evaluation, open, and the voucher call's results
    statuses.first.click()
    screen.wait_for_url(re.compile(r"/admin/calls/call/\?status__exact="))
    assert screen.locator("#result_list tbody tr").count() == 1


def test_an_empty_dashboard_says_so(screen, e2e_tenant):
    screen.goto("/admin/")
    shot(screen, "empty")
    assert_accessible(screen)
    assert screen.get_by_text("No application awaits screening.").is_visible()
    assert screen.get_by_text("No review is past its due date.").is_visible()


def test_the_keyboard_reaches_the_content_and_folds_the_sidebar(screen, e2e_tenant):
    screen.goto("/admin/applications/application/")
    screen.keyboard.press("Tab")
    skip = screen.locator(":focus")
    assert skip.inner_text().strip() == "Skip to main content"
    # The focused skip link is on screen and ringed.
    assert skip.is_visible()
    assert skip.evaluate("node => getComputedStyle(node).outlineStyle") != "none"
    screen.keyboard.press("Enter")
    assert screen.evaluate("() => location.hash") == "#content-start"

    toggle = screen.locator("#toggle-nav-sidebar")
    before = screen.locator("#main").get_attribute("class") or ""
    toggle.focus()
    assert toggle.evaluate(
        "node => node.matches(':focus-visible') || node === document.activeElement"
    )
    screen.keyboard.press("Enter")
    after = screen.locator("#main").get_attribute("class") or ""
    assert ("shifted" in before) != ("shifted" in after)


def test_the_call_and_country_filters_are_selects_a_keyboard_can_use(
    screen, live_server, e2e_tenant
):
    from tests.calls.factories import CallFactory

    owner = UserFactory(email="select-filter@example.org")
    with tenant_context(e2e_tenant):
        first = CallFactory(tenant=e2e_tenant, reference="OC5", title={"en": "Care at home"})
        second = CallFactory(tenant=e2e_tenant, reference="OC6", title={"en": "Shared kitchens"})
        submitted(first, OrganisationFactory(owner=owner, country="RO"), owner, number=1)
        submitted(first, OrganisationFactory(owner=owner, country="IT"), owner, number=2)
        submitted(second, OrganisationFactory(owner=owner, country="RO"), owner, number=3)

    screen.goto("/admin/applications/application/")
    shot(screen, "filters")
    assert_accessible(screen)
    assert fits(screen)
    # The selects keep the filter panel its narrow width, whatever a call's title.
    assert screen.locator("#changelist-filter").bounding_box()["width"] <= 200
    calls = screen.locator("select[name='call__id__exact']")
    calls.select_option(label="Care at home")
    calls.focus()
    screen.keyboard.press("Tab")
    screen.keyboard.press("Enter")  # the filter's button
    screen.wait_for_url(re.compile(rf"call__id__exact={first.pk}"))
    assert screen.locator("#result_list tbody tr").count() == 2

    countries = screen.locator("select[name='organisation__country__exact']")
    countries.select_option(value="RO")
    countries.locator("xpath=ancestor::form").get_by_role("button", name="Filter").click()
    screen.wait_for_url(re.compile(r"organisation__country__exact=RO"))
    assert f"call__id__exact={first.pk}" in screen.url
    assert screen.locator("#result_list tbody tr").count() == 1
    shot(screen, "filtered")
    assert_accessible(screen)


def test_the_dashboard_on_a_phone_has_no_wcag_violations(
    browser, live_server, request, e2e_tenant, alice
):
    programme_rows(e2e_tenant, screening=1, overdue=1, redress=1)
    with context_page(browser, live_server, request.node.name, viewport=PHONE) as phone:
        sign_in_staff(phone, live_server, alice)
        phone.goto("/admin/")
        shot(phone, "dashboard")
        assert_accessible(phone)
        assert fits(phone)
