"""Demo days: the application window, the slot limit, the selection published and
e-mailed, the outcome after the day, and the pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from acceleration.demoday import services
from acceleration.errors import AccelerationError
from acceleration.models import DemoDay, PitchApplication, PitchStatus
from tests.acceleration.factories_investors import (
    cohort_make,
    demo_day_make,
    entry_make,
    participant_make,
    pitch_make,
)
from tests.conftest import HOST_A, login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(in_tenant_a, alice, applicant):
    cohort = cohort_make()
    owners = [applicant] + [UserFactory(email=f"owner{n}@example.org") for n in range(2)]
    participants = [
        participant_make(cohort=cohort, owner=owner, legal_name=f"Enterprise {name}")
        for owner, name in zip(owners, ("Aurora", "Borea", "Cirro"), strict=True)
    ]
    demo_day = demo_day_make(
        alice, cohort=cohort, slots=2, invited_entries=[entry_make(alice, name="Invited Fund")]
    )
    return {"cohort": cohort, "owners": owners, "participants": participants, "demo_day": demo_day}


def _close_window(demo_day: DemoDay) -> None:
    DemoDay.objects.filter(pk=demo_day.pk).update(
        applications_close_at=timezone.now() - timedelta(minutes=1)
    )
    demo_day.refresh_from_db()


def _apply_all(world):
    return [
        pitch_make(by=owner, demo_day=world["demo_day"], participant=participant)
        for owner, participant in zip(world["owners"], world["participants"], strict=True)
    ]


def test_a_participant_applies_while_the_window_is_open(world, applicant):
    pitch = pitch_make(
        by=applicant, demo_day=world["demo_day"], participant=world["participants"][0]
    )
    assert pitch.status == PitchStatus.APPLIED
    # Applying again rewrites the same application.
    again = pitch_make(
        by=applicant, demo_day=world["demo_day"], participant=world["participants"][0]
    )
    assert again.pk == pitch.pk


def test_applying_after_the_window_closed_is_refused(world, applicant):
    _close_window(world["demo_day"])
    with pytest.raises(AccelerationError) as refused:
        pitch_make(by=applicant, demo_day=world["demo_day"], participant=world["participants"][0])
    assert refused.value.code == "window_closed"
    assert not PitchApplication.objects.exists()


def test_a_participant_of_another_cohort_or_a_stranger_may_not_apply(world, alice):
    outsider_owner = UserFactory(email="outsider@example.org")
    outsider = participant_make(cohort=cohort_make(), owner=outsider_owner)
    with pytest.raises(AccelerationError) as refused:
        pitch_make(by=outsider_owner, demo_day=world["demo_day"], participant=outsider)
    assert refused.value.code == "other_cohort"
    with pytest.raises(PermissionDenied):
        pitch_make(
            by=outsider_owner, demo_day=world["demo_day"], participant=world["participants"][0]
        )


def test_staff_select_no_more_pitches_than_slots(world, alice):
    first, second, third = _apply_all(world)
    services.pitch_select(pitch=first, by=alice)
    services.pitch_select(pitch=second, by=alice)
    with pytest.raises(AccelerationError) as refused:
        services.pitch_select(pitch=third, by=alice)
    assert refused.value.code == "slots_full"
    assert PitchApplication.objects.filter(status=PitchStatus.SELECTED).count() == 2
    second.refresh_from_db()
    assert second.pitch_order == 2
    # Taking one back frees its slot.
    services.pitch_unselect(pitch=second, by=alice)
    assert services.pitch_select(pitch=third, by=alice).status == PitchStatus.SELECTED
    with pytest.raises(AccelerationError) as refused:
        services.pitch_select(pitch=first, by=alice)
    assert "Selected" in refused.value.message


def test_slots_cannot_drop_below_the_pitches_selected(world, alice):
    first, second, _third = _apply_all(world)
    services.pitch_select(pitch=first, by=alice)
    services.pitch_select(pitch=second, by=alice)
    demo_day = world["demo_day"]
    with pytest.raises(AccelerationError) as refused:
        services.demo_day_save(
            by=alice,
            demo_day=demo_day,
            cohort=demo_day.cohort,
            slug=demo_day.slug,
            title=demo_day.title,
            starts_at=demo_day.starts_at,
            time_zone=demo_day.time_zone,
            place=demo_day.place,
            applications_close_at=demo_day.applications_close_at,
            pitch_slots=1,
        )
    assert refused.value.field == "pitch_slots"


def test_a_window_closing_after_the_day_and_a_naive_time_are_refused(world, alice):
    cohort = cohort_make()
    starts = timezone.now() + timedelta(days=3)
    with pytest.raises(AccelerationError) as refused:
        demo_day_make(
            alice,
            cohort=cohort,
            starts_at=starts,
            applications_close_at=starts + timedelta(hours=1),
        )
    assert refused.value.field == "applications_close_at"
    with pytest.raises(AccelerationError) as refused:
        demo_day_make(alice, cohort=cohort, starts_at=starts.replace(tzinfo=None))
    assert refused.value.code == "naive_time"
    with pytest.raises(AccelerationError) as refused:
        demo_day_make(alice, cohort=world["cohort"])
    assert refused.value.code == "cohort_has_demo_day"


def test_publishing_the_selection_emails_every_applicant(world, alice):
    first, _second, third = _apply_all(world)
    services.pitch_select(pitch=first, by=alice)
    with pytest.raises(AccelerationError) as refused:
        services.demo_day_publish_selection(demo_day=world["demo_day"], by=alice)
    assert refused.value.code == "window_open"
    _close_window(world["demo_day"])
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.demo_day_publish_selection(demo_day=world["demo_day"], by=alice)
    third.refresh_from_db()
    assert third.status == PitchStatus.NOT_SELECTED
    recipients = {message.to[0]: message for message in mail.outbox}
    assert set(recipients) == {"applicant@example.org", "owner0@example.org", "owner1@example.org"}
    assert "selected to pitch" in recipients["applicant@example.org"].body
    assert "Europe/Rome" in recipients["applicant@example.org"].body
    assert "not among the pitches selected" in recipients["owner0@example.org"].body


def test_the_public_page_shows_pitches_only_after_the_selection_is_published(world, alice):
    first, _second, _third = _apply_all(world)
    services.pitch_select(pitch=first, by=alice)
    url = reverse("acceleration_demo_day_detail", args=[world["demo_day"].slug])
    client = Client(HTTP_HOST=HOST_A)
    before = client.get(url).content.decode()
    assert "Enterprise Aurora" not in before
    assert "Invited Fund" in before
    assert "Europe/Rome" in before
    _close_window(world["demo_day"])
    services.demo_day_publish_selection(demo_day=world["demo_day"], by=alice)
    after = client.get(url).content.decode()
    assert f'data-selected="{first.pk}"' in after
    assert "Enterprise Borea" not in after


def test_an_unpublished_demo_day_is_404_for_the_public(in_tenant_a, alice):
    demo_day = demo_day_make(alice, cohort=cohort_make(), is_published=False)
    url = reverse("acceleration_demo_day_detail", args=[demo_day.slug])
    assert Client(HTTP_HOST=HOST_A).get(url).status_code == 404


def test_a_participant_applies_on_the_page_and_sees_the_status(world, applicant):
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    url = reverse("acceleration_demo_day_apply", args=[world["demo_day"].slug])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"participant": world["participants"][0].pk, "summary": "Ours."})
    assert refused.status_code == 400
    assert "Ours." in refused.content.decode()
    response = client.post(
        url,
        {"participant": world["participants"][0].pk, "summary": "Ours.", "ask": "EUR 100,000"},
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "the selection is not published yet" in page


def test_someone_outside_the_cohort_gets_404_on_the_apply_page(world):
    stranger = UserFactory(email="stranger@example.org")
    url = reverse("acceleration_demo_day_apply", args=[world["demo_day"].slug])
    assert login(Client(HTTP_HOST=HOST_A), stranger).get(url).status_code == 404


def test_the_outcome_is_noted_only_after_the_day(world, alice):
    first, _second, _third = _apply_all(world)
    services.pitch_select(pitch=first, by=alice)
    with pytest.raises(AccelerationError) as refused:
        services.pitch_outcome_record(pitch=first, by=alice, note="Two follow-up meetings.")
    assert refused.value.code == "day_not_held"
    DemoDay.objects.filter(pk=world["demo_day"].pk).update(
        applications_close_at=timezone.now() - timedelta(days=2),
        starts_at=timezone.now() - timedelta(days=1),
    )
    noted = services.pitch_outcome_record(pitch=first, by=alice, note="Two follow-up meetings.")
    assert noted.outcome_note == "Two follow-up meetings."


def test_the_public_page_costs_the_same_queries_with_many_pitches(
    in_tenant_a, alice, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cohort = cohort_make()
    demo_day = demo_day_make(alice, cohort=cohort, slots=30)

    def add(count: int) -> None:
        for _ in range(count):
            owner = UserFactory()
            participant = participant_make(cohort=cohort, owner=owner)
            pitch = pitch_make(by=owner, demo_day=demo_day, participant=participant)
            services.pitch_select(pitch=pitch, by=alice)

    add(1)
    DemoDay.objects.filter(pk=demo_day.pk).update(selection_published_at=timezone.now())
    client = Client(HTTP_HOST=HOST_A)
    url = reverse("acceleration_demo_day_detail", args=[demo_day.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(10)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
