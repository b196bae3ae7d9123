"""Public call pages: the list, one call, its documents and its deadline in a calendar."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from calls.guidance.models import CallDocument, CallQuestion
from tests.calls.factories import CallFactory, CriterionFactory, WorkPackageFactory
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory


def slugs(response) -> list[str]:
    return [call.slug for call in response.context["calls"]]


def add_document(call, *, data=b"%PDF-1.4\n%%EOF\n", name="guide.pdf", title=None):
    document = CallDocument(
        call=call,
        tenant=call.tenant,
        title=title or {"en": "Guide for applicants"},
        original_name=name,
        size=len(data),
    )
    document.file.save("stored-name.pdf", ContentFile(data), save=False)
    document.save()
    return document


# --- the list ----------------------------------------------------------------------------------


def test_open_calls_come_first_by_soonest_deadline_then_announced_then_past(client, tenant_a):
    now = timezone.now()
    CallFactory(tenant=tenant_a, slug="open-later", deadline=now + timedelta(days=20))
    CallFactory(tenant=tenant_a, slug="open-sooner", deadline=now + timedelta(days=2))
    CallFactory(
        tenant=tenant_a,
        slug="announced-later",
        status="published",
        opens_at=now + timedelta(days=9),
        deadline=now + timedelta(days=40),
    )
    CallFactory(
        tenant=tenant_a,
        slug="announced-sooner",
        status="published",
        opens_at=now + timedelta(days=3),
        deadline=now + timedelta(days=60),
    )
    CallFactory(
        tenant=tenant_a,
        slug="closed-long-ago",
        status="closed",
        opens_at=now - timedelta(days=90),
        deadline=now - timedelta(days=60),
    )
    CallFactory(
        tenant=tenant_a,
        slug="in-evaluation",
        status="evaluation",
        opens_at=now - timedelta(days=40),
        deadline=now - timedelta(days=20),
    )
    # The scheduler has not closed this one yet: the clock says it is closed.
    CallFactory(
        tenant=tenant_a,
        slug="scheduler-late",
        status="open",
        opens_at=now - timedelta(days=30),
        deadline=now - timedelta(minutes=5),
    )
    response = client.get(reverse("call_list"))
    assert slugs(response) == [
        "open-sooner",
        "open-later",
        "announced-sooner",
        "announced-later",
        "scheduler-late",
        "in-evaluation",
        "closed-long-ago",
    ]
    statuses = {call.slug: call.listing_status for call in response.context["calls"]}
    assert statuses["scheduler-late"] == "closed"
    assert statuses["announced-sooner"] == "published"


def test_drafts_and_other_programmes_calls_are_not_listed(client, tenant_a, tenant_b):
    CallFactory(tenant=tenant_a, slug="visible")
    CallFactory(tenant=tenant_a, slug="secret-draft", status="draft")
    CallFactory(tenant=tenant_b, slug="other-programme")
    response = client.get(reverse("call_list"))
    assert slugs(response) == ["visible"]
    page = response.content.decode()
    assert "secret-draft" not in page
    assert "other-programme" not in page


def test_the_list_filters_by_kind_and_work_package(client, tenant_a):
    CallFactory(tenant=tenant_a, slug="grant-wp5", kind="grant", work_package="wp5")
    CallFactory(tenant=tenant_a, slug="voucher-wp4", kind="voucher", work_package="wp4")
    CallFactory(tenant=tenant_a, slug="voucher-wp5", kind="voucher", work_package="wp5")
    WorkPackageFactory(tenant=tenant_a, code="wp2")
    url = reverse("call_list")
    assert sorted(slugs(client.get(url, {"kind": "voucher"}))) == ["voucher-wp4", "voucher-wp5"]
    assert slugs(client.get(url, {"kind": "voucher", "work_package": "wp5"})) == ["voucher-wp5"]
    assert slugs(client.get(url, {"work_package": "wp2"})) == []


def test_an_unknown_filter_value_is_named_beside_its_field_not_a_500(client, tenant_a):
    CallFactory(tenant=tenant_a, slug="grant-wp5")
    response = client.get(reverse("call_list"), {"kind": "lottery"})
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'id="id_kind_error"[^>]*>Select a valid choice', page)
    assert 'aria-describedby="id_kind_error"' in page
    assert slugs(response) == ["grant-wp5"]


def test_pagination_keeps_the_filters(client, tenant_a):
    for number in range(25):
        CallFactory(tenant=tenant_a, slug=f"voucher-{number}", kind="voucher")
    response = client.get(reverse("call_list"), {"kind": "voucher"})
    assert len(slugs(response)) == 20
    assert "?kind=voucher&amp;page=2" in response.content.decode()
    assert len(slugs(client.get(reverse("call_list"), {"kind": "voucher", "page": 2}))) == 5


def test_the_list_needs_the_same_queries_for_3_and_30_calls(client, tenant_a):
    url = reverse("call_list")
    client.get(url)  # the host's programme is now cached, as in a running server

    def queries_for(count: int) -> int:
        for number in range(count):
            CallFactory(tenant=tenant_a, slug=f"call-{count}-{number}")
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries)

    few = queries_for(3)
    many = queries_for(27)  # 30 calls in all
    # The host's programme, its work packages (the filter's choices), the paginator's
    # count, and the page itself.
    assert few == many == 4


# --- one call ----------------------------------------------------------------------------------


def test_a_draft_is_404_to_the_public_and_to_applicants(client, tenant_a, applicant):
    CallFactory(tenant=tenant_a, slug="secret-draft", status="draft")
    url = reverse("call_detail", args=["secret-draft"])
    assert client.get(url).status_code == 404
    login(client, applicant)
    assert client.get(url).status_code == 404
    assert client.get(reverse("call_ical", args=["secret-draft"])).status_code == 404


def test_staff_see_their_draft_with_a_banner(client, tenant_a, alice):
    CallFactory(tenant=tenant_a, slug="secret-draft", status="draft")
    login(client, alice)
    response = client.get(reverse("call_detail", args=["secret-draft"]))
    assert response.status_code == 200
    assert "Draft: only the programme's staff can see this page" in response.content.decode()


def test_the_call_reads_in_the_visitors_language_with_english_fallback(client, tenant_a):
    CallFactory(
        tenant=tenant_a,
        slug="bilingual",
        title={"en": "Digital care", "it": "Cura digitale"},
        summary={"en": "Grants for care cooperatives."},
    )
    page = client.get(
        reverse("call_detail", args=["bilingual"]), HTTP_ACCEPT_LANGUAGE="it"
    ).content.decode()
    assert "<h1>Cura digitale</h1>" in page
    assert "Grants for care cooperatives." in page
    english = client.get(reverse("call_detail", args=["bilingual"])).content.decode()
    assert "<h1>Digital care</h1>" in english


def test_the_body_is_markdown_without_script(client, tenant_a):
    CallFactory(
        tenant=tenant_a,
        slug="markdown",
        body={
            "en": "## Who can apply\n\n<script>document.cookie</script>"
            '[Guide](javascript:alert(1)) <a href="https://example.org" onclick="x()">site</a>'
        },
    )
    page = client.get(reverse("call_detail", args=["markdown"])).content.decode()
    assert "<h2>Who can apply</h2>" in page
    assert "document.cookie" not in page
    assert "javascript:alert" not in page
    assert 'onclick="x()"' not in page


def test_money_is_formatted_with_the_currency(client, tenant_a):
    CallFactory(tenant=tenant_a, slug="money")
    page = client.get(reverse("call_detail", args=["money"])).content.decode()
    assert "EUR 300,000.00" in page
    assert "EUR 60,000.00" in page


def test_the_deadline_shows_in_the_calls_and_the_users_time_zones(client, tenant_a, applicant):
    CallFactory(
        tenant=tenant_a,
        slug="two-zones",
        timezone="Europe/Brussels",
        deadline=datetime(2030, 6, 12, 15, 0, tzinfo=UTC),
    )
    applicant.timezone = "Europe/Bucharest"
    applicant.save(update_fields=["timezone"])
    login(client, applicant)
    page = client.get(reverse("call_detail", args=["two-zones"])).content.decode()
    deadline_section = page.split('id="deadline-heading"')[1].split("</section>")[0]
    assert "12 June 2030, 17:00" in deadline_section
    assert "The call's time zone: Europe/Brussels (CEST)" in deadline_section
    assert "12 June 2030, 18:00" in deadline_section
    assert "Your time zone: Europe/Bucharest (EEST)" in deadline_section
    # The browser's own clock is added by the script, from this instant in UTC.
    assert 'data-deadline="2030-06-12T15:00:00+00:00"' in deadline_section


def test_without_a_profile_time_zone_only_the_calls_is_shown(client, tenant_a):
    CallFactory(tenant=tenant_a, slug="one-zone", deadline=datetime(2030, 6, 12, 15, 0, tzinfo=UTC))
    page = client.get(reverse("call_detail", args=["one-zone"])).content.decode()
    assert "17:00" in page
    assert "18:00" not in page
    assert "Your time zone" not in page


def test_the_countdown_reads_in_days(client, tenant_a):
    CallFactory(tenant=tenant_a, slug="soon", deadline=timezone.now() + timedelta(days=3, hours=2))
    page = client.get(reverse("call_detail", args=["soon"])).content.decode()
    assert re.search(r"data-countdown[^>]*>Closes in 3 days</p>", page)
    assert "js/calls/countdown.js" in page


def test_an_open_call_has_an_apply_button_a_closed_one_does_not(client, tenant_a):
    CallFactory(tenant=tenant_a, slug="open-call")
    CallFactory(
        tenant=tenant_a,
        slug="closed-call",
        status="closed",
        opens_at=timezone.now() - timedelta(days=20),
        deadline=timezone.now() - timedelta(days=1),
    )
    open_page = client.get(reverse("call_detail", args=["open-call"])).content.decode()
    assert f'href="{reverse("application_start", args=["open-call"])}"' in open_page
    closed_page = client.get(reverse("call_detail", args=["closed-call"])).content.decode()
    assert "call-apply" not in closed_page
    assert "no longer takes applications" in closed_page


def test_a_call_past_its_deadline_shows_closed_before_the_scheduler_runs(client, tenant_a):
    CallFactory(
        tenant=tenant_a,
        slug="late-scheduler",
        status="open",
        opens_at=timezone.now() - timedelta(days=20),
        deadline=timezone.now() - timedelta(seconds=30),
    )
    response = client.get(reverse("call_detail", args=["late-scheduler"]))
    assert response.context["status"] == "closed"
    assert "call-apply" not in response.content.decode()


def test_the_page_lists_criteria_eligibility_documents_and_faq(client, tenant_a):
    call = CallFactory(
        tenant=tenant_a,
        slug="complete",
        eligible_countries=["IT", "RO"],
        eligible_legal_forms=["social_cooperative"],
        sme_only=True,
    )
    CriterionFactory(call=call, name={"en": "Impact"}, weight="1.50", threshold="3.5")
    document = add_document(call)
    CallQuestion.unscoped.create(
        call=call,
        tenant=tenant_a,
        question={"en": "Can a consortium apply?"},
        answer={"en": "**No.**"},
    )
    page = client.get(reverse("call_detail", args=["complete"])).content.decode()
    assert re.search(r"<th scope=\"row\">Impact</th>\s*<td>1.5</td>\s*<td>3.5</td>", page)
    assert "Organisations established in: Italy, Romania." in page
    assert "Legal forms accepted: Social cooperative." in page
    assert "Only SMEs" in page
    assert reverse("call_document", args=["complete", document.pk]) in page
    assert "<summary>Can a consortium apply?</summary>" in page
    assert "<strong>No.</strong>" in page


# --- documents and the calendar ----------------------------------------------------------------


def test_a_document_downloads_under_its_original_name(client, tenant_a):
    call = CallFactory(tenant=tenant_a, slug="docs")
    document = add_document(call, data=b"%PDF-1.4 guide\n%%EOF\n", name="Guide 2026.pdf")
    response = client.get(reverse("call_document", args=["docs", document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 guide\n%%EOF\n"
    assert response["Content-Type"] == "application/pdf"
    assert "Guide 2026.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_document_of_a_draft_or_of_another_call_is_404(client, tenant_a):
    draft = CallFactory(tenant=tenant_a, slug="draft", status="draft")
    public = CallFactory(tenant=tenant_a, slug="public")
    draft_document = add_document(draft)
    assert (
        client.get(reverse("call_document", args=["draft", draft_document.pk])).status_code == 404
    )
    # The document exists, but not under this call.
    assert (
        client.get(reverse("call_document", args=[public.slug, draft_document.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("deadline", "local_hour"),
    [
        # Summer time in Brussels (UTC+2), then winter time (UTC+1): the wall clock is 17:00.
        (datetime(2030, 6, 12, 15, 0, tzinfo=UTC), 17),
        (datetime(2030, 12, 12, 16, 0, tzinfo=UTC), 17),
    ],
)
def test_the_calendar_event_is_on_the_calls_clock_with_its_time_zone_and_a_real_end(
    client, tenant_a, deadline, local_hour
):
    CallFactory(
        tenant=tenant_a,
        slug="calendar",
        title={"en": "Digital care"},
        deadline=deadline,
        timezone="Europe/Brussels",
    )
    response = client.get(reverse("call_ical", args=["calendar"]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "calendar-deadline.ics" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert event["dtstart"].params["TZID"] == "Europe/Brussels"
    assert event["dtend"].params["TZID"] == "Europe/Brussels"
    assert f"DTSTART;TZID=Europe/Brussels:{deadline:%Y%m%d}T{local_hour}0000".encode() in (
        response.content
    )
    zones = calendar.walk("VTIMEZONE")
    assert [str(zone["tzid"]) for zone in zones] == ["Europe/Brussels"]
    # The time zone carries both its summer and winter rules.
    assert {component.name for component in zones[0].subcomponents} == {"STANDARD", "DAYLIGHT"}
    start = event.decoded("dtstart")
    assert start == deadline
    assert start.hour == local_hour
    assert event.decoded("dtend") - start == timedelta(minutes=30)
    assert str(event["summary"]) == "Deadline: Digital care"
    assert str(event["url"]) == "http://testserver/calls/calendar/"
    assert f"{local_hour}:00 (Europe/Brussels)" in str(event["description"])


@pytest.fixture
def staff_of_b_on_a(tenant_b):
    user = UserFactory(email="dana@example.org")
    MembershipFactory(tenant=tenant_b, user=user, role="staff")
    return user


def test_staff_of_another_programme_do_not_see_this_programmes_draft(
    client, tenant_a, staff_of_b_on_a
):
    CallFactory(tenant=tenant_a, slug="secret-draft", status="draft")
    login(client, staff_of_b_on_a)
    assert client.get(reverse("call_detail", args=["secret-draft"])).status_code == 404
