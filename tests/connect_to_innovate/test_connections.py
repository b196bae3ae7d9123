"""Interests, their thread (only the two organisations), meetings and joint applications."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from connect_to_innovate.connections import services
from connect_to_innovate.errors import ConnectError
from connect_to_innovate.models import (
    InterestMessage,
    InterestStatus,
    JointApplication,
    MeetingRequest,
    MeetingStatus,
)
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.conftest import HOST_B, login
from tests.connect_to_innovate.factories_c2i import (
    challenge_make,
    interest_make,
    offer_make,
    organisation_with,
    person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(tenant_a, sara, sara_org, paolo, paolo_org, alice):
    with tenant_context(tenant_a):
        challenge = challenge_make(sara, organisation=sara_org, staff=alice)
        offer = offer_make(paolo, organisation=paolo_org, staff=alice)
    return challenge, offer


@pytest.fixture
def accepted(tenant_a, pair, sara, paolo):
    challenge, offer = pair
    with tenant_context(tenant_a):
        return interest_make(sara, challenge=challenge, offer=offer, accept_by=paolo)


def test_interest_is_e_mailed_to_the_other_side_who_accepts(in_tenant_a, pair, sara, paolo):
    challenge, offer = pair
    mail.outbox.clear()
    interest = services.interest_express(
        by=sara, challenge=challenge, offer=offer, message="Shall we?"
    )
    assert [m.to for m in mail.outbox] == [[paolo.email]]
    assert "Shall we?" in mail.outbox[0].body
    with pytest.raises(PermissionDenied):
        services.interest_accept(interest=interest, by=sara)  # the asking side cannot answer
    interest = services.interest_accept(interest=interest, by=paolo)
    assert interest.status == InterestStatus.ACCEPTED
    assert mail.outbox[-1].to == [sara.email]
    with pytest.raises(ConnectError) as twice:
        services.interest_express(by=paolo, challenge=challenge, offer=offer, message="Again")
    assert twice.value.code == "interest_exists"


def test_interest_in_an_unpublished_challenge_is_refused(
    in_tenant_a, sara, sara_org, paolo, paolo_org, alice
):
    challenge = challenge_make(sara, organisation=sara_org)  # submitted, not published
    offer = offer_make(paolo, organisation=paolo_org, staff=alice)
    with pytest.raises(ConnectError) as refused:
        services.interest_express(by=paolo, challenge=challenge, offer=offer, message="Hi")
    assert refused.value.code == "not_published"


def test_the_thread_is_read_and_written_only_by_the_two_organisations(
    tenant_a, tenant_b, accepted, sara, paolo, alice, charlie
):
    url = reverse("c2i_interest_detail", args=[accepted.pk])
    post = reverse("c2i_message_post", args=[accepted.pk])
    assert login(Client(), paolo).post(post, {"body": "We can start in March."}).status_code == 302
    page = login(Client(), sara).get(url)
    assert page.status_code == 200
    assert "We can start in March." in page.content.decode()

    member_elsewhere = person("mallory")
    organisation_with(member_elsewhere)
    for outsider, client in (
        (member_elsewhere, Client()),
        (alice, Client()),  # the programme's staff read threads in the back office only
        (charlie, Client(HTTP_HOST=HOST_B)),
    ):
        signed_in = login(client, outsider, mfa=outsider is not member_elsewhere)
        assert signed_in.get(url).status_code == 404
        assert signed_in.post(post, {"body": "Let me in"}).status_code == 404
    assert Client().get(url).status_code == 302  # to the sign-in page
    assert not InterestMessage.unscoped.filter(body="Let me in").exists()
    with tenant_context(tenant_a), pytest.raises(PermissionDenied):
        services.message_post(interest=accepted, by=member_elsewhere, body="Let me in")


def test_staff_read_the_thread_in_the_back_office(tenant_a, accepted, sara, alice):
    with tenant_context(tenant_a):
        services.message_post(interest=accepted, by=sara, body="Our farms are in Val di Non.")
    page = login(Client(), alice, mfa=True).get(
        reverse("admin:connect_to_innovate_interest_change", args=[accepted.pk])
    )
    assert page.status_code == 200
    assert "Our farms are in Val di Non." in page.content.decode()
    assert "joint application" in page.content.decode().lower()


def test_a_message_reaches_the_other_side_by_e_mail(in_tenant_a, accepted, sara, paolo):
    mail.outbox.clear()
    services.message_post(interest=accepted, by=paolo, body="When can we visit?")
    assert [m.to for m in mail.outbox] == [[sara.email]]


def test_meeting_times_in_the_past_naive_repeated_or_too_many_are_refused(
    in_tenant_a, accepted, sara
):
    soon = timezone.now() + timedelta(days=3)
    for slots, code, field in (
        ([timezone.now() - timedelta(hours=1)], "time_past", "slot_1"),
        ([soon, soon.replace(tzinfo=None)], "naive_time", "slot_2"),
        ([soon, soon], "time_repeated", "slot_2"),
        ([soon + timedelta(hours=h) for h in range(4)], "too_many_times", "slot_1"),
        ([None], "no_time", "slot_1"),
    ):
        with pytest.raises(ConnectError) as refused:
            services.meeting_request(interest=accepted, by=sara, slots=slots)
        assert (refused.value.code, refused.value.field) == (code, field)


def test_the_other_side_picks_one_of_the_proposed_times(in_tenant_a, accepted, sara, paolo):
    rome = ZoneInfo("Europe/Rome")
    first = (timezone.now() + timedelta(days=5)).astimezone(rome).replace(second=0, microsecond=0)
    second = first + timedelta(days=1)
    meeting = services.meeting_request(
        interest=accepted, by=sara, slots=[first, second], note="Video call"
    )
    assert "(Europe/Brussels)" in mail.outbox[-1].body or "(UTC)" in mail.outbox[-1].body
    with pytest.raises(PermissionDenied):
        services.meeting_confirm(meeting=meeting, by=sara, slot=first)
    with pytest.raises(ConnectError) as refused:
        services.meeting_confirm(meeting=meeting, by=paolo, slot=first + timedelta(hours=1))
    assert refused.value.code == "time_not_proposed"
    meeting = services.meeting_confirm(meeting=meeting, by=paolo, slot=second)
    assert (meeting.status, meeting.chosen_at) == (MeetingStatus.CONFIRMED, second)
    assert mail.outbox[-1].to == [sara.email]


def test_a_meeting_needs_an_accepted_interest(in_tenant_a, pair, sara):
    challenge, offer = pair
    pending = interest_make(sara, challenge=challenge, offer=offer)
    with pytest.raises(ConnectError) as refused:
        services.meeting_request(
            interest=pending, by=sara, slots=[timezone.now() + timedelta(days=2)]
        )
    assert refused.value.code == "not_accepted"


def test_the_meeting_form_reads_times_on_the_zone_chosen_and_shows_it(tenant_a, accepted, sara):
    client = login(Client(), sara)
    when = (timezone.now() + timedelta(days=10)).astimezone(ZoneInfo("Europe/Bucharest"))
    response = client.post(
        reverse("c2i_meeting_new", args=[accepted.pk]),
        {"slot_1": when.strftime("%Y-%m-%dT%H:%M"), "zone": "Europe/Bucharest", "note": ""},
    )
    assert response.status_code == 302
    meeting = MeetingRequest.unscoped.get(interest=accepted)
    assert meeting.slot_1 == when.replace(second=0, microsecond=0)
    page = client.get(reverse("c2i_interest_detail", args=[accepted.pk])).content.decode()
    assert "(Europe/Brussels)" in page or "(UTC)" in page
    past = client.post(
        reverse("c2i_meeting_new", args=[accepted.pk]),
        {"slot_1": "2020-01-01T10:00", "zone": "Europe/Rome"},
    )
    assert past.status_code == 400
    assert "is in the past" in past.content.decode()


def test_the_challenge_side_starts_a_joint_application_with_the_provider_as_partner(
    tenant_a, accepted, sara, paolo, sara_org, paolo_org
):
    with tenant_context(tenant_a):
        call = CallFactory(
            tenant=tenant_a, kind="challenge", slug="feasibility", work_package="wp4"
        )
        with pytest.raises(PermissionDenied):
            services.joint_application_start(interest=accepted, by=paolo, call=call)
        joint = services.joint_application_start(interest=accepted, by=sara, call=call)
        assert (joint.lead_organisation, joint.partner_organisation) == (sara_org, paolo_org)
        application = Application.objects.get()
        assert (application.organisation, application.call, application.status) == (
            sara_org,
            call,
            "draft",
        )
        with pytest.raises(ConnectError) as again:
            services.joint_application_start(interest=accepted, by=sara, call=call)
        assert again.value.code == "already_started"
    page = (
        login(Client(), paolo)
        .get(reverse("c2i_interest_detail", args=[accepted.pk]))
        .content.decode()
    )
    assert "data-joint-application" in page


def test_a_joint_application_needs_an_open_feasibility_call_and_an_accepted_interest(
    in_tenant_a, tenant_a, pair, accepted, sara
):
    closed = CallFactory(
        tenant=tenant_a,
        kind="challenge",
        slug="closed-feasibility",
        opens_at=timezone.now() - timedelta(days=30),
        deadline=timezone.now() - timedelta(days=1),
    )
    with pytest.raises(ConnectError) as refused:
        services.joint_application_start(interest=accepted, by=sara, call=closed)
    assert refused.value.field == "call"
    grant = CallFactory(tenant=tenant_a, kind="grant", slug="grant-wp5", work_package="wp5")
    with pytest.raises(ConnectError) as refused:
        services.joint_application_start(interest=accepted, by=sara, call=grant)
    assert refused.value.code == "not_feasibility_call"
    assert not JointApplication.objects.exists()
    assert not Application.objects.exists()


def test_my_connections_lists_the_interests_of_my_organisations(tenant_a, accepted, sara, paolo):
    page = login(Client(), paolo).get(reverse("c2i_connections")).content.decode()
    assert accepted.challenge.title in page
    stranger = person("nobody")
    page = login(Client(), stranger).get(reverse("c2i_connections")).content.decode()
    assert accepted.challenge.title not in page
