"""The hackathons' rules: the state table, capacities and uniqueness, team forming,
outcome permissions and the e-mails."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import TestCase
from django.utils import timezone

from connect_to_innovate.hackathons import services
from connect_to_innovate.hackathons.errors import HackathonError
from connect_to_innovate.models import HackathonSignup, HackathonStatus, HackathonTeam
from socialtech.audit.models import AuditEvent
from tests.connect_to_innovate.factories_hackathons import (
    accepted_challenge,
    challenge_bring,
    enterprise_member,
    hackathon_make,
    person_signup,
)
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("in_tenant_a")


def _held(hackathon, by):
    """Close, form a team per accepted challenge, publish and hold."""
    services.hackathon_close(hackathon=hackathon, by=by)
    services.teams_suggest(hackathon=hackathon, by=by)
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.teams_publish(hackathon=hackathon, by=by)
    return services.hackathon_hold(hackathon=hackathon, by=by)


# --- The state table ---------------------------------------------------------------------


def test_a_hackathon_moves_draft_open_closed_held_completed_and_is_audited(alice):
    hackathon = hackathon_make(alice, opened=False)
    assert hackathon.status == HackathonStatus.DRAFT
    services.hackathon_open(hackathon=hackathon, by=alice)
    accepted_challenge(hackathon, alice)
    person_signup(hackathon, role="coach")
    held = _held(hackathon, alice)
    assert held.status == HackathonStatus.HELD
    team = HackathonTeam.objects.get(hackathon=hackathon)
    owner = team.challenge.submitted_by
    services.team_outcome_record(
        team=team, by=owner, outcome="A prototype.", next_steps="Pilot.", plans_to_apply=True
    )
    done = services.hackathon_complete(hackathon=hackathon, by=alice)
    assert done.status == HackathonStatus.COMPLETED
    assert done.opened_at and done.closed_at and done.held_at and done.completed_at
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "connect.hackathon_open",
        "connect.hackathon_closed",
        "connect.hackathon_held",
        "connect.hackathon_completed",
    } <= verbs


@pytest.mark.parametrize(
    ("service", "current"),
    [
        (services.hackathon_close, "Draft"),
        (services.hackathon_hold, "Draft"),
        (services.hackathon_complete, "Draft"),
    ],
)
def test_a_step_out_of_the_table_is_refused_naming_the_current_state(alice, service, current):
    hackathon = hackathon_make(alice, opened=False)
    with pytest.raises(HackathonError) as refused:
        service(hackathon=hackathon, by=alice)
    assert refused.value.code == "wrong_state"
    assert current in refused.value.message


def test_opening_twice_is_refused_naming_open(alice):
    hackathon = hackathon_make(alice)
    with pytest.raises(HackathonError, match="Open for sign-up"):
        services.hackathon_open(hackathon=hackathon, by=alice)


def test_holding_before_the_teams_are_published_is_refused(alice):
    hackathon = hackathon_make(alice)
    services.hackathon_close(hackathon=hackathon, by=alice)
    with pytest.raises(HackathonError) as refused:
        services.hackathon_hold(hackathon=hackathon, by=alice)
    assert refused.value.code == "teams_not_published"


def test_completing_with_a_team_without_outcome_names_the_team(alice):
    hackathon = hackathon_make(alice)
    accepted_challenge(hackathon, alice, title="Care on farms")
    _held(hackathon, alice)
    with pytest.raises(HackathonError, match="Care on farms"):
        services.hackathon_complete(hackathon=hackathon, by=alice)


def test_only_staff_write_hackathons(alice, applicant):
    with pytest.raises(PermissionDenied):
        hackathon_make(applicant)
    hackathon = hackathon_make(alice, opened=False)
    with pytest.raises(PermissionDenied):
        services.hackathon_open(hackathon=hackathon, by=applicant)


def test_the_end_must_come_after_the_start_and_sign_up_close_before_it(alice):
    starts = timezone.now() + timedelta(days=10)
    with pytest.raises(HackathonError) as refused:
        hackathon_make(alice, starts_at=starts, ends_at=starts)
    assert refused.value.field == "ends_at"
    with pytest.raises(HackathonError) as refused:
        hackathon_make(alice, starts_at=starts, signup_closes_at=starts + timedelta(hours=1))
    assert refused.value.field == "signup_closes_at"


def test_naive_times_an_unknown_zone_a_missing_place_and_a_reserved_slug_are_refused(alice):
    with pytest.raises(HackathonError) as refused:
        hackathon_make(alice, starts_at=timezone.now().replace(tzinfo=None))
    assert refused.value.code == "naive_time"
    with pytest.raises(HackathonError) as refused:
        hackathon_make(alice, timezone_name="Mars/Olympus")
    assert refused.value.field == "timezone"
    with pytest.raises(HackathonError) as refused:
        hackathon_make(alice, place="")
    assert refused.value.field == "place"
    assert hackathon_make(alice, place="", is_online=True).is_online
    with pytest.raises(HackathonError) as refused:
        hackathon_make(alice, slug="mine")
    assert refused.value.code == "slug_reserved"


# --- Challenges ----------------------------------------------------------------------------


def test_one_challenge_per_organisation_per_hackathon(alice):
    hackathon = hackathon_make(alice)
    owner, organisation = enterprise_member()
    challenge_bring(hackathon, owner=owner, organisation=organisation)
    with pytest.raises(HackathonError) as refused:
        challenge_bring(hackathon, owner=owner, organisation=organisation)
    assert refused.value.code == "challenge_exists"
    assert refused.value.field == "organisation"
    # The same organisation may bring one to another hackathon.
    challenge_bring(hackathon_make(alice), owner=owner, organisation=organisation)


def test_only_an_owner_or_editor_brings_the_organisations_challenge(alice):
    hackathon = hackathon_make(alice)
    _owner, organisation = enterprise_member()
    stranger = UserFactory(email="stranger@example.org")
    with pytest.raises(PermissionDenied):
        challenge_bring(hackathon, owner=stranger, organisation=organisation)
    editor = UserFactory(email="editor@example.org")
    editing = OrganisationFactory(editors=[editor])
    assert challenge_bring(hackathon, owner=editor, organisation=editing).status == "submitted"


def test_an_organisation_outside_the_social_economy_is_refused(alice):
    hackathon = hackathon_make(alice)
    owner, organisation = enterprise_member(social_economy_type="not_social_economy")
    with pytest.raises(HackathonError) as refused:
        challenge_bring(hackathon, owner=owner, organisation=organisation)
    assert refused.value.code == "not_social_economy"


def test_challenges_after_the_sign_up_closes_or_in_a_draft_are_refused(alice):
    draft = hackathon_make(alice, opened=False)
    with pytest.raises(HackathonError, match="Draft"):
        challenge_bring(draft)
    hackathon = hackathon_make(alice)
    owner, organisation = enterprise_member()
    with pytest.raises(HackathonError) as refused:
        services.challenge_submit(
            hackathon=hackathon,
            organisation=organisation,
            by=owner,
            title="Late",
            problem="p",
            help_wanted="h",
            skills_wanted=[],
            now=hackathon.signup_closes_at + timedelta(seconds=1),
        )
    assert refused.value.code == "signup_closed"


def test_an_unknown_skill_is_refused_naming_the_field(alice):
    hackathon = hackathon_make(alice)
    with pytest.raises(HackathonError) as refused:
        challenge_bring(hackathon, skills=["juggling"])
    assert refused.value.field == "skills_wanted"


def test_accepting_beyond_the_challenge_capacity_is_refused_and_decisions_are_emailed(alice):
    hackathon = hackathon_make(alice, challenge_capacity=1)
    accepted_challenge(hackathon, alice)
    late = challenge_bring(hackathon)
    with pytest.raises(HackathonError) as refused:
        services.challenge_accept(challenge=late, by=alice)
    assert refused.value.code == "challenges_full"
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.challenge_decline(challenge=late, by=alice)
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 2
    assert "accepted" in subjects[0]
    assert mail.outbox[1].to == [late.submitted_by.email]
    with pytest.raises(HackathonError, match="Declined"):
        services.challenge_accept(challenge=late, by=alice)


# --- Sign-ups ------------------------------------------------------------------------------


def test_sparring_partners_past_the_capacity_wait_and_get_a_freed_place(alice):
    hackathon = hackathon_make(alice, sparring_capacity=2)
    with TestCase.captureOnCommitCallbacks(execute=True):
        first = person_signup(hackathon)
        person_signup(hackathon)
        third = person_signup(hackathon)
        fourth = person_signup(hackathon)
        coach = person_signup(hackathon, role="coach")
    assert (third.status, third.position) == ("waiting", 1)
    assert (fourth.status, fourth.position) == ("waiting", 2)
    assert coach.status == "confirmed"  # coaches take no sparring place
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.signup_withdraw(signup=first, by=first.user)
    third.refresh_from_db()
    assert third.status == "confirmed" and third.promoted_at is not None
    assert HackathonSignup.objects.get(pk=fourth.pk).status == "waiting"
    assert [m.to[0] for m in mail.outbox if "confirmed" in m.subject].count(third.user.email) == 1


def test_one_sign_up_per_person_per_hackathon_and_a_withdrawn_one_is_renewed(alice):
    hackathon = hackathon_make(alice)
    signup = person_signup(hackathon)
    with pytest.raises(HackathonError) as refused:
        person_signup(hackathon, user=signup.user, role="coach")
    assert refused.value.code == "signup_exists"
    services.signup_withdraw(signup=signup, by=signup.user)
    again = person_signup(hackathon, user=signup.user, role="coach")
    assert again.pk == signup.pk and again.status == "confirmed" and again.role == "coach"


def test_withdrawing_after_the_sign_up_closes_is_refused_to_the_person(alice):
    hackathon = hackathon_make(alice)
    signup = person_signup(hackathon)
    with pytest.raises(HackathonError) as refused:
        services.signup_withdraw(
            signup=signup, by=signup.user, now=hackathon.signup_closes_at + timedelta(minutes=1)
        )
    assert refused.value.code == "signup_closed"
    other = UserFactory(email="other@example.org")
    with pytest.raises(PermissionDenied):
        services.signup_withdraw(signup=signup, by=other)


def test_signing_up_anonymously_or_with_an_unknown_role_is_refused(alice):
    from django.contrib.auth.models import AnonymousUser

    hackathon = hackathon_make(alice)
    with pytest.raises(PermissionDenied):
        person_signup(hackathon, user=AnonymousUser())
    with pytest.raises(HackathonError) as refused:
        person_signup(hackathon, role="juror")
    assert refused.value.field == "role"


# --- Teams ---------------------------------------------------------------------------------


def test_one_team_per_challenge_and_only_around_accepted_ones(alice):
    hackathon = hackathon_make(alice)
    challenge = accepted_challenge(hackathon, alice)
    services.team_form(challenge=challenge, by=alice)
    with pytest.raises(HackathonError) as refused:
        services.team_form(challenge=challenge, by=alice)
    assert refused.value.code == "team_exists"
    submitted = challenge_bring(hackathon)
    with pytest.raises(HackathonError) as refused:
        services.team_form(challenge=submitted, by=alice)
    assert refused.value.code == "challenge_not_accepted"


def test_a_person_is_in_one_team_at_most_and_only_when_confirmed(alice):
    hackathon = hackathon_make(alice, sparring_capacity=1)
    first = services.team_form(challenge=accepted_challenge(hackathon, alice), by=alice)
    second = services.team_form(challenge=accepted_challenge(hackathon, alice), by=alice)
    person = person_signup(hackathon)
    waiting = person_signup(hackathon)
    services.team_member_add(team=first, signup=person, by=alice)
    with pytest.raises(HackathonError, match=first.name) as refused:
        services.team_member_add(team=second, signup=person, by=alice)
    assert refused.value.code == "already_in_team"
    with pytest.raises(HackathonError) as refused:
        services.team_member_add(team=second, signup=waiting, by=alice)
    assert refused.value.code == "signup_not_confirmed"
    services.team_member_remove(signup=person, by=alice)
    services.team_member_add(team=second, signup=person, by=alice)
    assert HackathonSignup.objects.get(pk=person.pk).team_id == second.pk


def test_a_person_of_another_hackathon_cannot_join(alice):
    hackathon = hackathon_make(alice)
    team = services.team_form(challenge=accepted_challenge(hackathon, alice), by=alice)
    elsewhere = person_signup(hackathon_make(alice))
    with pytest.raises(HackathonError) as refused:
        services.team_member_add(team=team, signup=elsewhere, by=alice)
    assert refused.value.code == "other_hackathon"


def test_a_team_without_a_coach_is_warned_about_not_refused(alice):
    from connect_to_innovate.hackathons.selectors import team_warnings

    hackathon = hackathon_make(alice)
    team = services.team_form(challenge=accepted_challenge(hackathon, alice), by=alice)
    services.team_member_add(team=team, signup=person_signup(hackathon), by=alice)
    assert any("no coach" in warning for warning in team_warnings(team))
    services.team_member_add(team=team, signup=person_signup(hackathon, role="coach"), by=alice)
    assert team_warnings(team) == []


def test_teams_are_not_changed_once_held(alice):
    hackathon = hackathon_make(alice)
    accepted_challenge(hackathon, alice)
    person = person_signup(hackathon)
    _held(hackathon, alice)
    with pytest.raises(HackathonError, match="Held"):
        services.team_member_remove(signup=person, by=alice)


def test_publishing_the_teams_emails_each_person_and_the_enterprise_once(alice):
    hackathon = hackathon_make(alice)
    challenge = accepted_challenge(hackathon, alice)
    people = [person_signup(hackathon), person_signup(hackathon, role="coach")]
    services.hackathon_close(hackathon=hackathon, by=alice)
    services.teams_suggest(hackathon=hackathon, by=alice)
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.teams_publish(hackathon=hackathon, by=alice)
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted([p.user.email for p in people] + [challenge.submitted_by.email])
    assert all(challenge.title in message.body for message in mail.outbox)


def test_publishing_with_no_team_or_while_open_is_refused(alice):
    hackathon = hackathon_make(alice)
    with pytest.raises(HackathonError, match="Open for sign-up"):
        services.teams_publish(hackathon=hackathon, by=alice)
    services.hackathon_close(hackathon=hackathon, by=alice)
    with pytest.raises(HackathonError) as refused:
        services.teams_publish(hackathon=hackathon, by=alice)
    assert refused.value.code == "no_teams"


# --- Outcomes ------------------------------------------------------------------------------


def _team_held(alice):
    hackathon = hackathon_make(alice)
    challenge = accepted_challenge(hackathon, alice)
    coach = person_signup(hackathon, role="coach")
    sparring = person_signup(hackathon)
    _held(hackathon, alice)
    return HackathonTeam.objects.get(challenge=challenge), coach, sparring


def test_the_enterprise_and_the_coach_record_the_outcome(alice):
    team, coach, _sparring = _team_held(alice)
    services.team_outcome_record(
        team=team,
        by=team.challenge.submitted_by,
        outcome="A map.",
        next_steps="",
        plans_to_apply=None,
    )
    saved = services.team_outcome_record(
        team=team, by=coach.user, outcome="A prototype.", next_steps="A pilot.", plans_to_apply=True
    )
    assert (saved.outcome, saved.plans_to_apply, saved.outcome_recorded_by) == (
        "A prototype.",
        True,
        coach.user,
    )


def test_a_sparring_partner_staff_or_another_team_cannot_record_the_outcome(alice):
    team, _coach, sparring = _team_held(alice)
    _other_team, other_coach, _ = _team_held(alice)
    for person in (sparring.user, alice, other_coach.user):
        with pytest.raises(PermissionDenied):
            services.team_outcome_record(
                team=team, by=person, outcome="x", next_steps="", plans_to_apply=None
            )
    assert HackathonTeam.objects.get(pk=team.pk).outcome == ""


def test_an_outcome_before_the_hackathon_is_held_or_empty_is_refused(alice):
    hackathon = hackathon_make(alice)
    challenge = accepted_challenge(hackathon, alice)
    team = services.team_form(challenge=challenge, by=alice)
    with pytest.raises(HackathonError, match="Open for sign-up"):
        services.team_outcome_record(
            team=team, by=challenge.submitted_by, outcome="x", next_steps="", plans_to_apply=None
        )
    team, _coach, _ = _team_held(alice)
    with pytest.raises(HackathonError) as refused:
        services.team_outcome_record(
            team=team,
            by=team.challenge.submitted_by,
            outcome="  ",
            next_steps="",
            plans_to_apply=None,
        )
    assert refused.value.field == "outcome"
