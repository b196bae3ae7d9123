from __future__ import annotations

from tests.e2e.conftest import assert_accessible, shot


def test_visitor_sees_the_programme_home_page_with_its_branding(page, e2e_tenant):
    page.goto("/")
    assert page.locator("h1").inner_text() == e2e_tenant.name
    brand = page.evaluate(
        "getComputedStyle(document.querySelector('.site-header')).backgroundColor"
    )
    assert brand == "rgb(31, 95, 139)"  # programme A's primary colour #1f5f8b
    shot(page, "home")
    assert_accessible(page)


def test_keyboard_user_can_skip_to_the_main_content(page, e2e_tenant):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_in_page_is_accessible(page, e2e_tenant):
    page.goto("/accounts/login/")
    assert page.get_by_label("E-mail address").is_visible()
    shot(page, "login")
    assert_accessible(page)
