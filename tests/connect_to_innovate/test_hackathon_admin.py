"""The hackathons' back office: a hackathon written through the service (refusals next to
their fields, as typed), the state actions, deciding challenges, withdrawing sign-ups; and
the e-mails leave once, while still true."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client, TestCase

from connect_to_innovate.hackathons import jobs, services
from connect_to_innovate.models import Hackathon, HackathonChallenge, HackathonSignup
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.connect_to_innovate.factories_hackathons import (
    accepted_challenge,
    challenge_bring,
    hackathon_make,
    person_signup,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN = "/admin/connect_to_innovate/"


def _form(**changes):
    data = {
        "slug": "farm-hackathon",
        "title": "Farm hackathon",
        "summary": "A weekend on a farm.",
        "description": "",
        "place": "Geisenhausen",
        "starts_at_0": "2099-09-15",
        "starts_at_1": "16:00",
        "ends_at_0": "2099-09-17",
        "ends_at_1": "15:00",
        "timezone": "Europe/Berlin",
        "signup_closes_at_0": "2099-09-01",
        "signup_closes_at_1": "23:59",
        "challenge_capacity": "16",
        "sparring_capacity": "40",
    }
    data.update(changes)
    return data


def test_staff_write_a_hackathon_in_the_admin_and_a_refusal_keeps_what_was_typed(tenant_a, alice):
    staff = login(Client(), alice, mfa=True)
    refused = staff.post(f"{ADMIN}hackathon/add/", _form(place="", title="Kept title"))
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "Place: required unless the hackathon is online." in page
    assert "Kept title" in page
    response = staff.post(f"{ADMIN}hackathon/add/", _form())
    assert response.status_code == 302
    with tenant_context(tenant_a):
        hackathon = Hackathon.objects.get(slug="farm-hackathon")
    assert hackathon.status == "draft" and hackathon.timezone == "Europe/Berlin"


def test_the_state_actions_move_each_hackathon_or_say_why_not(tenant_a, alice):
    with tenant_context(tenant_a):
        draft = hackathon_make(alice, opened=False, title="Draft one")
        opened = hackathon_make(alice, title="Open one")
    staff = login(Client(), alice, mfa=True)
    response = staff.post(
        f"{ADMIN}hackathon/",
        {"action": "open_hackathons", "_selected_action": [draft.pk, opened.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "“Draft one” is open." in page
    assert "Open one: The hackathon “Open one” is Open for sign-up" in page
    with tenant_context(tenant_a):
        assert Hackathon.objects.get(pk=draft.pk).status == "open"


def test_staff_accept_challenges_from_the_list_and_the_enterprise_is_emailed(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice, challenge_capacity=1)
        first = challenge_bring(hackathon)
        second = challenge_bring(hackathon)
    staff = login(Client(), alice, mfa=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff.post(
            f"{ADMIN}hackathonchallenge/",
            {"action": "accept_challenges", "_selected_action": [first.pk, second.pk]},
            follow=True,
        )
    assert "has accepted them all" in response.content.decode()
    with tenant_context(tenant_a):
        assert dict(HackathonChallenge.objects.values_list("pk", "status")) == {
            first.pk: "accepted",
            second.pk: "submitted",
        }
    assert [message.to for message in mail.outbox] == [[first.submitted_by.email]]


def test_staff_withdraw_a_sign_up_and_the_first_person_waiting_gets_the_place(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice, sparring_capacity=1)
        holder = person_signup(hackathon)
        waiting = person_signup(hackathon)
    staff = login(Client(), alice, mfa=True)
    staff.post(
        f"{ADMIN}hackathonsignup/",
        {"action": "withdraw_signups", "_selected_action": [holder.pk]},
    )
    with tenant_context(tenant_a):
        assert HackathonSignup.objects.get(pk=holder.pk).status == "withdrawn"
        assert HackathonSignup.objects.get(pk=waiting.pk).status == "confirmed"


def test_a_notice_leaves_once_and_only_while_it_is_true(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice)
        reader = UserFactory(email="lena@example.org", language="de")
        signup = person_signup(hackathon, user=reader)
        assert jobs.signup_notice_send(signup_id=signup.pk, notice=jobs.CONFIRMED) == 1
        assert jobs.signup_notice_send(signup_id=signup.pk, notice=jobs.CONFIRMED) == 0
        # No longer true: a confirmed person is not told they wait.
        assert jobs.signup_notice_send(signup_id=signup.pk, notice=jobs.WAITING) == 0
    assert len(mail.outbox) == 1


def test_the_team_notice_leaves_once_per_person(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice)
        accepted_challenge(hackathon, alice)
        person_signup(hackathon)
        services.hackathon_close(hackathon=hackathon, by=alice)
        services.teams_suggest(hackathon=hackathon, by=alice)
        services.teams_publish(hackathon=hackathon, by=alice)
        team = hackathon.teams.get()
        mail.outbox.clear()
        assert jobs.team_notice_send(team_id=team.pk) == 2
        assert jobs.team_notice_send(team_id=team.pk) == 0
