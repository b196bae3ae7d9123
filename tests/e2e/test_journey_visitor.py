"""A visitor finds the open call, reads its deadline on two clocks and saves it to a calendar."""

from __future__ import annotations

import re

from icalendar import Calendar
from playwright.sync_api import expect

from socialtech.tenancy.context import tenant_context
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import context_page, deadline_next_year, open_call


def test_visitor_finds_the_open_call_and_its_deadline_in_both_time_zones(
    browser, live_server, e2e_tenant, request
):
    with tenant_context(e2e_tenant):
        call = open_call(
            e2e_tenant,
            reference="OC7",
            slug="digital-care-2027",
            title={"en": "Digital care grants", "it": "Contributi per la cura digitale"},
            deadline=deadline_next_year(zone="Europe/Brussels"),
            timezone="Europe/Brussels",
        )
        open_call(
            e2e_tenant,
            reference="OC0",
            title={"en": "Last year's grants"},
            status="closed",
        )
    year = call.deadline.year

    with context_page(
        browser, live_server, request.node.name, timezone_id="Europe/Bucharest"
    ) as page:
        page.goto("/calls/")
        listing = page.get_by_role("list", name="Calls")
        card = listing.get_by_role("listitem").filter(has_text="Digital care grants")
        expect(card.get_by_text("Open", exact=True)).to_be_visible()
        shot(page, "call-list")
        assert_accessible(page)

        card.get_by_role("link", name="Digital care grants").click()
        page.wait_for_url(f"**/calls/{call.slug}/")
        assert page.get_by_role("heading", level=1).inner_text() == "Digital care grants"
        deadline = page.get_by_role("region", name="Deadline")
        # The call's clock, written by the server …
        call_time = deadline.get_by_role("listitem").filter(has_text="The call's time zone")
        assert call_time.locator("time").inner_text() == f"16 March {year}, 17:00"
        assert "The call's time zone: Europe/Brussels (CET)" in call_time.inner_text()
        # … and the device's clock, added by the page's script: one hour later in Bucharest.
        device_time = deadline.get_by_role("listitem").filter(has_text="Your device's time zone")
        device_time.wait_for(state="visible")
        assert "Your device's time zone: Europe/Bucharest" in device_time.inner_text()
        device_text = device_time.locator("time").inner_text()
        assert f"March 16, {year}" in device_text
        assert re.search(r"\b18:00\b", device_text), device_text  # 24-hour, like the server
        shot(page, "call-page")
        assert_accessible(page)

        with page.expect_download() as download_info:
            deadline.get_by_role("link", name="Add the deadline to your calendar (.ics)").click()
        download = download_info.value
        assert download.suggested_filename == f"{call.slug}-deadline.ics"
        ics = download.path().read_bytes()
        assert f"DTSTART;TZID=Europe/Brussels:{year}0316T170000".encode() in ics  # winter: UTC+1
        event = next(iter(Calendar.from_ical(ics).walk("VEVENT")))
        assert event.decoded("dtstart") == call.deadline
        assert str(event["summary"]) == "Deadline: Digital care grants"
        assert f"16 March {year}, 17:00 (Europe/Brussels)" in str(event["description"])
