"""The hackathon pages: the list (upcoming, then past; the zone named), a hackathon's page
(and its public results once completed), the forms to bring a challenge and to sign up, the
withdraw button, My hackathons, a team's page with its outcome form, the back office's team
page, and each page's query count."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from connect_to_innovate.hackathons import services
from connect_to_innovate.models import HackathonChallenge, HackathonSignup, HackathonTeam
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.connect_to_innovate.factories_hackathons import (
    accepted_challenge,
    completed_hackathon,
    enterprise_member,
    hackathon_make,
    person_signup,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HACKATHONS = "/connect/hackathons/"


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def test_the_list_shows_upcoming_hackathons_first_then_past_ones_in_their_zone(
    client, tenant_a, alice
):
    now = timezone.now()
    with tenant_context(tenant_a):
        past = completed_hackathon(alice, teams=1, title="Past hackathon")
        past.__class__.objects.filter(pk=past.pk).update(
            starts_at=now - timedelta(days=90), ends_at=now - timedelta(days=88)
        )
        hackathon_make(alice, title="Sooner hackathon", starts_at=now + timedelta(days=60))
        hackathon_make(
            alice,
            title="Later hackathon",
            starts_at=datetime(2099, 1, 15, 9, 0, tzinfo=UTC),
        )
        hackathon_make(alice, title="Draft hackathon", opened=False)
    page = client.get(HACKATHONS).content.decode()
    assert page.index("Sooner hackathon") < page.index("Later hackathon")
    assert page.index("Later hackathon") < page.index("Past hackathon")
    assert "Draft hackathon" not in page
    assert "10:00 (Europe/Berlin)" in page and "data-past" in page


def test_the_empty_list_says_so(client, tenant_a):
    assert "data-empty" in client.get(HACKATHONS).content.decode()


def test_a_draft_is_404_to_visitors_and_a_preview_to_staff(client, tenant_a, alice):
    with tenant_context(tenant_a):
        draft = hackathon_make(alice, opened=False)
    assert client.get(f"{HACKATHONS}{draft.slug}/").status_code == 404
    page = login(Client(), alice, mfa=True).get(f"{HACKATHONS}{draft.slug}/")
    assert "data-preview" in page.content.decode()


def test_a_completed_hackathon_lists_outcomes_and_only_the_names_people_agreed_to_show(
    client, tenant_a, alice
):
    with tenant_context(tenant_a):
        hackathon = completed_hackathon(alice, teams=2, hidden=1)
        shown = HackathonSignup.objects.filter(show_name=True).select_related("user")
        hidden = HackathonSignup.objects.filter(show_name=False).select_related("user")
        shown_names = [signup.user.full_name for signup in shown]
        hidden_people = [(signup.user.full_name, signup.user.email) for signup in hidden]
    page = client.get(f"{HACKATHONS}{hackathon.slug}/").content.decode()
    assert "data-results" in page and page.count("a clickable prototype") == 2
    assert all(name in page for name in shown_names)
    for name, email in hidden_people:
        assert name not in page and email not in page
    assert "@example.org" not in page  # no address of anyone


def test_a_person_brings_a_challenge_through_the_form(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice)
    owner, organisation = enterprise_member()
    client = login(Client(), owner)
    url = f"{HACKATHONS}{hackathon.slug}/challenge/"
    assert organisation.display_name in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "organisation": organisation.pk,
            "title": "Care on farms",
            "problem": "Older farmers live alone.",
            "help_wanted": "",
            "skills_wanted": ["design"],
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The help you want: this field is required." in page
    assert "Older farmers live alone." in page  # nothing typed is lost
    response = client.post(
        url,
        {
            "organisation": organisation.pk,
            "title": "Care on farms",
            "problem": "Older farmers live alone.",
            "help_wanted": "A service design.",
            "skills_wanted": ["design"],
        },
    )
    assert response.status_code == 302
    again = client.post(
        url,
        {
            "organisation": organisation.pk,
            "title": "Again",
            "problem": "p",
            "help_wanted": "h",
        },
    )
    assert again.status_code == 400 and "already brought a challenge" in again.content.decode()
    with tenant_context(tenant_a):
        assert HackathonChallenge.objects.get().title == "Care on farms"


def test_a_person_without_an_organisation_is_told_how_to_get_one(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice)
    page = login(Client(), UserFactory()).get(f"{HACKATHONS}{hackathon.slug}/challenge/")
    assert "data-no-organisation" in page.content.decode()


def test_a_person_signs_up_sees_the_status_and_withdraws(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice, sparring_capacity=1)
        person_signup(hackathon)
    person = UserFactory()
    client = login(Client(), person)
    url = f"{HACKATHONS}{hackathon.slug}/sign-up/"
    refused = client.post(url, {"role": "sparring_partner", "profession": ""})
    assert (
        refused.status_code == 400
        and "Profession: this field is required." in refused.content.decode()
    )
    response = client.post(
        url,
        {
            "role": "sparring_partner",
            "profession": "Film maker",
            "skills": ["creative"],
            "languages": ["de"],
            "bio": "Documentaries.",
            "show_name": "on",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "waiting list, place 1" in page
    assert 'data-signup-status="waiting"' in page
    response = client.post(f"{HACKATHONS}{hackathon.slug}/withdraw/", follow=True)
    assert "Your sign-up is withdrawn." in response.content.decode()


def test_my_hackathons_shows_my_role_and_team_and_the_empty_states(tenant_a, alice):
    person = UserFactory()
    client = login(Client(), person)
    page = client.get(f"{HACKATHONS}mine/").content.decode()
    assert "data-empty-signups" in page and "data-empty-challenges" in page
    with tenant_context(tenant_a):
        hackathon = completed_hackathon(alice, teams=1)
        signup = HackathonSignup.objects.filter(role="coach").select_related("user", "team").get()
    page = login(Client(), signup.user).get(f"{HACKATHONS}mine/").content.decode()
    assert hackathon.title in page and "Team coach" in page and signup.team.name in page


def test_the_team_page_is_404_to_people_outside_the_team(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = completed_hackathon(alice, teams=2)
        first, second = HackathonTeam.objects.order_by("pk")
        outsider = HackathonSignup.objects.filter(team=second).select_related("user").first()
        insider = HackathonSignup.objects.filter(team=first).select_related("user").first()
    url = f"{HACKATHONS}{hackathon.slug}/teams/{first.pk}/"
    assert login(Client(), outsider.user).get(url).status_code == 404
    assert login(Client(), UserFactory()).get(url).status_code == 404
    assert login(Client(), insider.user).get(url).status_code == 200
    assert login(Client(), first.challenge.submitted_by).get(url).status_code == 200


def test_the_enterprise_records_the_outcome_on_the_team_page(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice)
        challenge = accepted_challenge(hackathon, alice)
        sparring = person_signup(hackathon)
        services.hackathon_close(hackathon=hackathon, by=alice)
        services.teams_suggest(hackathon=hackathon, by=alice)
        services.teams_publish(hackathon=hackathon, by=alice)
        services.hackathon_hold(hackathon=hackathon, by=alice)
        team = HackathonTeam.objects.get()
    url = f"{HACKATHONS}{hackathon.slug}/teams/{team.pk}/"
    owner = login(Client(), challenge.submitted_by)
    page = owner.get(url).content.decode()
    assert "data-outcome-form" in page and "has no coach" in page
    response = owner.post(url, {"outcome": "", "next_steps": "Pilot", "plans_to_apply": "yes"})
    assert (
        response.status_code == 400 and "What the team built or learnt" in response.content.decode()
    )
    response = owner.post(
        url, {"outcome": "A booking tool.", "next_steps": "Pilot", "plans_to_apply": "yes"}
    )
    assert response.status_code == 302
    # A sparring partner reads the team page but has no form, and cannot post one.
    member = login(Client(), sparring.user)
    assert "data-outcome-form" not in member.get(url).content.decode()
    assert member.post(url, {"outcome": "Mine."}).status_code == 404
    with tenant_context(tenant_a):
        saved = HackathonTeam.objects.get()
    assert (saved.outcome, saved.plans_to_apply) == ("A booking tool.", True)


def test_anonymous_people_go_to_sign_in(client, tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice)
    for path in ("challenge/", "sign-up/", "withdraw/"):
        response = client.post(f"{HACKATHONS}{hackathon.slug}/{path}")
        assert response.status_code == 302 and "login" in response["Location"]


# --- Query budgets ---------------------------------------------------------------------------


def test_the_list_and_my_hackathons_read_a_constant_number_of_queries(tenant_a, alice):
    person = UserFactory()
    client = login(Client(), person)
    owner, organisation = enterprise_member()
    owner_client = login(Client(), owner)

    def add(n: int) -> None:
        with tenant_context(tenant_a):
            for _ in range(n):
                hackathon = hackathon_make(alice)
                person_signup(hackathon, user=person)
                accepted_challenge(hackathon, alice, owner=owner, organisation=organisation)

    add(1)
    urls = [
        (client, HACKATHONS),
        (client, f"{HACKATHONS}mine/"),
        (owner_client, f"{HACKATHONS}mine/"),
    ]
    for who, url in urls:
        _count(who, url)
    few = [_count(who, url) for who, url in urls]
    add(6)
    assert [_count(who, url) for who, url in urls] == few


def test_a_completed_hackathons_page_reads_a_constant_number_of_queries(client, tenant_a, alice):
    with tenant_context(tenant_a):
        small = completed_hackathon(alice, teams=1)
        large = completed_hackathon(alice, teams=5, hidden=1)
    _count(client, f"{HACKATHONS}{small.slug}/")
    assert _count(client, f"{HACKATHONS}{small.slug}/") == _count(
        client, f"{HACKATHONS}{large.slug}/"
    )


def test_the_team_page_reads_a_constant_number_of_queries(tenant_a, alice):
    with tenant_context(tenant_a):
        small = completed_hackathon(alice, teams=1)
        large = completed_hackathon(alice, teams=2, hidden=4)
        small_team = HackathonTeam.objects.get(hackathon=small)
        large_team = HackathonTeam.objects.filter(hackathon=large).first()
    counts = []
    for team, hackathon in ((small_team, small), (large_team, large)):
        client = login(Client(), team.challenge.submitted_by)
        url = f"{HACKATHONS}{hackathon.slug}/teams/{team.pk}/"
        _count(client, url)
        counts.append(_count(client, url))
    assert counts[0] == counts[1]


# --- The back office's team page ---------------------------------------------------------------


def test_staff_suggest_and_publish_teams_on_the_admin_page(tenant_a, alice):
    from django.core import mail

    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice)
        accepted_challenge(hackathon, alice, skills=["tech"])
        accepted_challenge(hackathon, alice, skills=["design"])
        for skills in (["tech"], ["design"], ["design"]):
            person_signup(hackathon, skills=skills)
        services.hackathon_close(hackathon=hackathon, by=alice)
    staff = login(Client(), alice, mfa=True)
    url = f"/admin/connect_to_innovate/hackathon/{hackathon.pk}/teams/"
    page = staff.get(url).content.decode()
    assert "data-suggest" in page and page.count("data-challenge=") == 2
    response = staff.post(url, {"action": "suggest"}, follow=True)
    assert "2 teams formed, 3 people placed." in response.content.decode()
    page = response.content.decode()
    assert "Everyone confirmed is in a team." in page and "has no coach yet" in page
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = staff.post(url, {"action": "publish"}, follow=True)
    assert "The teams are published" in response.content.decode()
    assert len(mail.outbox) == 5  # three people, two enterprises
    with tenant_context(tenant_a):
        placed = HackathonSignup.objects.filter(team__isnull=False).first()
    response = staff.post(url, {"action": "remove", "signup": placed.pk}, follow=True)
    assert "is in no team now" in response.content.decode()
    with tenant_context(tenant_a):
        assert HackathonSignup.objects.get(pk=placed.pk).team_id is None


def test_the_admin_team_page_is_refused_to_people_without_a_role(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice)
    client = login(Client(), UserFactory(), mfa=True)
    response = client.get(f"/admin/connect_to_innovate/hackathon/{hackathon.pk}/teams/")
    assert response.status_code in (302, 403)


def test_a_team_page_opens_to_its_people_only_once_the_teams_are_published(tenant_a, alice):
    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice)
        accepted_challenge(hackathon, alice)
        person = person_signup(hackathon)
        services.hackathon_close(hackathon=hackathon, by=alice)
        services.teams_suggest(hackathon=hackathon, by=alice)
        team = HackathonTeam.objects.get()
    client = login(Client(), person.user)
    url = f"{HACKATHONS}{hackathon.slug}/teams/{team.pk}/"
    assert client.get(url).status_code == 404
    assert login(Client(), alice, mfa=True).get(url).status_code == 200
    with tenant_context(tenant_a):
        services.teams_publish(hackathon=hackathon, by=alice)
    assert client.get(url).status_code == 200
    assert "data-my-team" in client.get(f"{HACKATHONS}{hackathon.slug}/").content.decode()


def test_the_admin_team_page_reads_a_constant_number_of_queries(tenant_a, alice):
    staff = login(Client(), alice, mfa=True)

    def teams_page(teams: int) -> int:
        with tenant_context(tenant_a):
            hackathon = hackathon_make(alice, challenge_capacity=teams, sparring_capacity=20)
            for _ in range(teams):
                accepted_challenge(hackathon, alice)
                person_signup(hackathon)
                person_signup(hackathon, role="coach")
            person_signup(hackathon)
            services.teams_suggest(hackathon=hackathon, by=alice)
            person_signup(hackathon)  # one person in no team
        url = f"/admin/connect_to_innovate/hackathon/{hackathon.pk}/teams/"
        _count(staff, url)
        return _count(staff, url)

    assert teams_page(1) == teams_page(5)
