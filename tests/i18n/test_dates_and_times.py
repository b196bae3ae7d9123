"""Dates, times and scores: one helper per kind, on a named clock, in each language's format.

A Brussels deadline at 17:00 falls at 16:00 UTC before the switch to summer time (28 March
2027) and at 15:00 UTC after it; every page must still say 17:00 and name Europe/Brussels,
in every language, whatever the zone of the person reading.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from applications.services import application_start
from socialtech.formatting import (
    format_average,
    format_date,
    format_datetime,
    format_deadline,
    format_score,
    format_time,
)
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory, CriterionFactory, full_form
from tests.conftest import HOST_A, login
from tests.factories import OrganisationFactory

LANGUAGES = [code for code, _name in settings.LANGUAGES]
BEFORE_SWITCH = datetime(2027, 3, 27, 16, 0, tzinfo=UTC)  # 17:00 CET (UTC+1)
AFTER_SWITCH = datetime(2027, 3, 29, 15, 0, tzinfo=UTC)  # 17:00 CEST (UTC+2)
DEADLINES = [pytest.param(BEFORE_SWITCH, id="winter"), pytest.param(AFTER_SWITCH, id="summer")]
# Each language's own way of writing the day and a time, months in its own case.
WRITTEN = {
    "en": "{day} March 2027, {time}",
    "it": "{day} marzo 2027, {time}",
    "ro": "{day} martie 2027, {time}",
    "sv": "{day} mars 2027 {time}",
    "de": "{day}. März 2027 {time}",
    "es": "{day} de marzo de 2027 a las {time}",
    "fr": "{day} mars 2027 {time}",
}
ELSEWHERE = "America/New_York"  # where the readers are: 11:00 or 12:00 when Brussels says 17:00


def written(language: str, deadline: datetime, time: str = "17:00") -> str:
    return WRITTEN[language].format(day=deadline.day, time=time)


def test_every_language_of_the_platform_has_its_expected_format():
    assert set(WRITTEN) == set(LANGUAGES)


@pytest.fixture
def call(in_tenant_a):
    def make(deadline: datetime):
        created = CallFactory(
            tenant=in_tenant_a,
            slug="dst",
            reference="OC-DST",
            timezone="Europe/Brussels",
            opens_at=datetime(2026, 1, 1, tzinfo=UTC),
            deadline=deadline,
        )
        full_form(created)
        CriterionFactory(call=created)
        return created

    return make


# --- The helpers -------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("deadline", DEADLINES)
def test_a_deadline_is_written_on_the_calls_clock_in_each_language(language, deadline):
    # The viewer reads in another zone: the deadline stays on the call's clock.
    with translation.override(language), timezone.override(ELSEWHERE):
        text = format_deadline(deadline, "Europe/Brussels")
    assert text == f"{written(language, deadline)} (Europe/Brussels)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_without_a_zone_the_viewers_is_used_and_named_once(language):
    with translation.override(language), timezone.override(ELSEWHERE):
        text = format_datetime(AFTER_SWITCH)
        time = format_time(AFTER_SWITCH, seconds=True)
        day = format_date(datetime(2027, 3, 29, 2, 0, tzinfo=UTC))  # still the 28th there
    assert text == f"{written(language, AFTER_SWITCH, '11:00')} ({ELSEWHERE})"
    assert text.count(ELSEWHERE) == 1 and "UTC" not in text
    assert time == f"11:00:00 ({ELSEWHERE})"
    assert day.startswith("28")


def test_english_times_are_24_hour_like_the_other_languages():
    evening = datetime(2027, 1, 10, 20, 36, 5, tzinfo=UTC)
    with translation.override("en"):
        assert format_datetime(evening, "UTC") == "10 January 2027, 20:36 (UTC)"
        assert format_datetime(evening, "UTC", seconds=True) == "10 January 2027, 20:36:05 (UTC)"
        assert format_time(evening, "UTC") == "20:36 (UTC)"


def test_an_unknown_zone_is_refused_by_name():
    with pytest.raises(ValueError, match="Mars/Olympus"):
        format_deadline(AFTER_SWITCH, "Mars/Olympus")


# --- The pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("deadline", DEADLINES)
def test_public_call_page_shows_the_deadline_on_the_calls_clock(call, language, deadline):
    call(deadline)
    client = Client(HTTP_HOST=HOST_A)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.cookies["tz"] = ELSEWHERE  # the reader's browser is elsewhere
    page = client.get(reverse("call_detail", args=["dst"])).content.decode()
    section = page.split('id="deadline-heading"')[1].split("</section>")[0]
    assert written(language, deadline) in section
    assert "Europe/Brussels" in section
    # The facts list names the zone once beside the same local time.
    assert f"{written(language, deadline)} (Europe/Brussels)" in page
    utc_hour = f"{deadline:%H}:00"
    assert written(language, deadline, utc_hour) not in page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("deadline", DEADLINES)
def test_application_page_shows_the_deadline_and_the_readers_time_each_named_once(
    call, applicant, language, deadline
):
    the_call = call(deadline)
    applicant.language = language
    applicant.timezone = ELSEWHERE
    applicant.save(update_fields=["language", "timezone"])
    organisation = OrganisationFactory(owner=applicant)
    with translation.override("en"):
        draft = application_start(call=the_call, organisation=organisation, user=applicant)
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    page = client.get(reverse("application_edit", args=[draft.pk])).content.decode()
    header = page.split('class="facts deadline-facts"')[1].split("</dl>")[0]
    assert written(language, deadline, "17:00:00") in header
    assert '<span class="zone-name">Europe/Brussels</span>' in header
    there = "12:00:00" if deadline == BEFORE_SWITCH else "11:00:00"
    assert f"{written(language, deadline, there)} ({ELSEWHERE})" in header
    assert header.count(f"({ELSEWHERE})") == 1
    assert "UTC" not in header


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("deadline", DEADLINES)
def test_back_office_application_page_shows_the_deadline_on_the_calls_clock(
    call, alice, applicant, language, deadline
):
    the_call = call(deadline)
    with translation.override("en"):
        draft = application_start(
            call=the_call, organisation=OrganisationFactory(owner=applicant), user=applicant
        )
    alice.language = language
    alice.timezone = ELSEWHERE
    alice.save(update_fields=["language", "timezone"])
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    page = client.get(
        reverse("admin:applications_application_change", args=[draft.pk])
    ).content.decode()
    assert f"{written(language, deadline)} (Europe/Brussels)" in page
    for wrong_hour in ("16:00", "15:00", "11:00", "12:00"):
        assert f"{written(language, deadline, wrong_hour)} (Europe/Brussels)" not in page


def test_back_office_lists_name_the_zone_of_their_times_in_the_heading(call, alice, applicant):
    the_call = call(AFTER_SWITCH)
    ApplicationFactory(
        call=the_call,
        organisation=OrganisationFactory(owner=applicant),
        created_by=applicant,
        status="submitted",
        receipt_number="ALPHA-2027-DST-000001",
        submitted_at=datetime(2027, 3, 29, 14, 5, tzinfo=UTC),
    )
    alice.timezone = ELSEWHERE
    alice.save(update_fields=["timezone"])
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)

    calls = client.get(reverse("admin:calls_call_changelist")).content.decode()
    assert f"Deadline ({ELSEWHERE})" in calls
    assert "29 March 2027, 11:00" in calls  # 17:00 in Brussels
    assert "p.m." not in calls

    applications = client.get(reverse("admin:applications_application_changelist")).content
    assert f"Submitted at ({ELSEWHERE})" in applications.decode()
    assert "29 March 2027, 10:05" in applications.decode()


def test_a_closed_calls_dates_are_shown_on_its_own_clock_in_its_form(call, alice):
    the_call = call(BEFORE_SWITCH)
    the_call.status = "closed"
    the_call.published_at = datetime(2026, 1, 1, tzinfo=UTC)
    the_call.save(update_fields=["status", "published_at"])
    alice.timezone = ELSEWHERE
    alice.save(update_fields=["timezone"])
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    with timezone.override(ELSEWHERE):
        page = client.get(reverse("admin:calls_call_change", args=[the_call.pk])).content.decode()
    assert "27 March 2027, 17:00 (Europe/Brussels)" in page
    assert "27 March 2027, 12:00" not in page


# --- Scores ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "value", "score", "average"),
    [
        ("en", "13.67", "13.67", "13.67"),
        ("en", "13", "13", "13.00"),
        ("en", "13.5", "13.5", "13.50"),
        ("en", "2.1667", "2.17", "2.17"),
        ("it", "13.67", "13,67", "13,67"),
        ("it", "13", "13", "13,00"),
        ("it", "13.5", "13,5", "13,50"),
        ("it", "2.1667", "2,17", "2,17"),
        ("en", None, "—", "—"),
    ],
)
def test_one_score_format_half_points_or_two_decimals_localised(language, value, score, average):
    with translation.override(language):
        assert format_score(value) == score
        assert format_average(value) == average
        rendered = Template("{% load formatting %}{{ value|score }} / {{ value|average_score }}")
        assert rendered.render(Context({"value": value})) == f"{score} / {average}"


def test_the_api_answers_in_utc_whatever_the_readers_zone(call):
    call(AFTER_SWITCH)
    client = Client(HTTP_HOST=HOST_A)
    client.cookies["tz"] = ELSEWHERE
    body = client.get("/api/v1/calls/").json()
    (listed,) = [row for row in body["results"] if row["slug"] == "dst"]
    assert listed["deadline"] in ("2027-03-29T15:00:00Z", "2027-03-29T15:00:00+00:00")
