"""News and events in the browser: a visitor reads the news and a post, finds an event and
signs in to take its last seat; a second person joins the waiting list and is promoted when
the first cancels; the event's iCalendar file downloads. The news list, a post, the events
list and an event page pass axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from dissemination.models import Registration
from socialtech.tenancy.context import tenant_context
from tests.dissemination.factories import event_make, news_post
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import sign_in
from tests.factories import MembershipFactory, UserFactory

FIRST = "marta.nowak@example.org"
SECOND = "pieter.devries@example.org"


def test_a_visitor_reads_the_news_and_takes_the_last_seat_of_an_event(
    page, live_server, e2e_tenant
):
    with tenant_context(e2e_tenant):
        staff = UserFactory(email="news-staff@example.org")
        MembershipFactory(tenant=e2e_tenant, user=staff, role="staff")
        UserFactory(email=FIRST, full_name="Marta Nowak")
        UserFactory(email=SECOND, full_name="Pieter de Vries")
        news_post(staff, title="Twelve enterprises start their digital audit", slug="audits")
        event = event_make(
            staff, title="Social procurement morning", slug="procurement", capacity=1
        )

    # --- News: the list, a post ------------------------------------------------------------
    page.goto("/news/")
    assert_accessible(page)
    page.get_by_role("link", name="Twelve enterprises start their digital audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Twelve enterprises start their digital audit"
    )
    assert_accessible(page)
    shot(page, "01-news-post")

    # --- Events: the list, the event, the last seat ------------------------------------------
    page.goto("/events/")
    assert_accessible(page)
    page.get_by_role("link", name="Social procurement morning").click()
    expect(page.locator("[data-seats]")).to_contain_text("1 of 1 seat left")
    assert_accessible(page)
    sign_in(page, email=FIRST)
    page.wait_for_url(re.compile(r".*/$"))
    page.goto("/events/procurement/")
    page.locator("[data-register]").click()
    expect(page.locator("[data-registration-status=confirmed]")).to_be_visible()
    with page.expect_download() as download:
        page.locator("[data-ics]").click()
    calendar = download.value.path().read_bytes()
    assert calendar.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"SUMMARY:Social procurement morning" in calendar
    shot(page, "02-event-registered")

    # --- A second person waits, and is promoted when the first cancels ----------------------
    page.context.clear_cookies()
    sign_in(page, email=SECOND)
    page.wait_for_url(re.compile(r".*/$"))
    page.goto("/events/procurement/")
    page.get_by_role("button", name="Join the waiting list").click()
    expect(page.locator("[data-registration-status=waiting]")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, email=FIRST)
    page.wait_for_url(re.compile(r".*/$"))
    page.goto("/events/procurement/")
    page.locator("[data-cancel]").click()
    expect(page.locator("[data-register]")).to_be_visible()
    with tenant_context(e2e_tenant):
        statuses = dict(
            Registration.objects.filter(event=event).values_list("user__email", "status")
        )
    assert statuses == {FIRST: "cancelled", SECOND: "confirmed"}
    page.goto("/events/mine/")
    expect(page.get_by_text(re.compile("Social procurement morning"))).to_be_visible()
