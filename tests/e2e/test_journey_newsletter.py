"""The newsletter in the browser: a visitor signs up from the news page, follows the link in
the confirmation e-mail, confirms with the button, and leaves the list from the e-mail's
unsubscribe link. The newsletter pages, the programme's figures and its results pass axe."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import expect

from dissemination.models import Subscriber
from socialtech.tenancy.context import tenant_context
from tests.dissemination.factories import news_post
from tests.dissemination.figures_world import build_figures_world
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import link_in_last_mail
from tests.factories import MembershipFactory, UserFactory

READER = "lena.fischer@example.org"


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path


def test_a_visitor_subscribes_confirms_from_the_email_and_unsubscribes(
    page, live_server, e2e_tenant
):
    with tenant_context(e2e_tenant):
        staff = UserFactory(email="newsletter-staff@example.org")
        MembershipFactory(tenant=e2e_tenant, user=staff, role="staff")
        news_post(staff, title="Our first results", slug="first-results")

    # --- Sign up on the news page ------------------------------------------------------------
    page.goto("/news/")
    page.get_by_label("E-mail address").fill(READER)
    page.get_by_label("I agree to receive the newsletter", exact=False).check()
    page.locator("[data-subscribe]").click()
    expect(page.locator("[data-check-inbox]")).to_be_visible()
    assert_accessible(page)
    with tenant_context(e2e_tenant):
        assert Subscriber.objects.get(email=READER).status == "pending"

    # --- The link in the e-mail: a button, then confirmed ------------------------------------
    confirm = link_in_last_mail(to=READER, pattern=r"https?://\S+/newsletter/confirm/\S+/")
    page.goto(_path(confirm))
    assert_accessible(page)
    with tenant_context(e2e_tenant):
        assert Subscriber.objects.get(email=READER).status == "pending"
    page.locator("[data-confirm]").click()
    expect(page.locator("[data-confirmed]")).to_contain_text(READER)
    assert_accessible(page)
    shot(page, "01-newsletter-confirmed")
    with tenant_context(e2e_tenant):
        assert Subscriber.objects.get(email=READER).status == "confirmed"

    # --- The unsubscribe link of the same e-mail ---------------------------------------------
    leave = link_in_last_mail(to=READER, pattern=r"https?://\S+/newsletter/unsubscribe/\S+/")
    page.goto(_path(leave))
    assert_accessible(page)
    page.locator("[data-unsubscribe]").click()
    expect(page.locator("[data-unsubscribed]")).to_be_visible()
    with tenant_context(e2e_tenant):
        assert Subscriber.objects.get(email=READER).status == "unsubscribed"


def test_the_figures_and_results_pages_pass_axe(page, live_server, e2e_tenant):
    with tenant_context(e2e_tenant):
        build_figures_world(e2e_tenant)
    page.goto("/programme/figures/")
    expect(page.locator("[data-figure=enterprises_supported] [data-value]")).to_have_text("6")
    assert_accessible(page)
    shot(page, "02-programme-figures")
    page.goto("/programme/results/")
    expect(page.locator("[data-project]")).to_have_count(1)
    assert_accessible(page)
    shot(page, "03-programme-results")
    page.goto("/newsletter/")
    assert_accessible(page)
