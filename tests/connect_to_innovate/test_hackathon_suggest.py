"""Suggested teams: skills offered meet skills wanted, teams stay even, the same input
always gives the same teams."""

from __future__ import annotations

import pytest

from connect_to_innovate.hackathons import services
from connect_to_innovate.hackathons.suggest import Person, Slot, suggest_assignments
from connect_to_innovate.models import HackathonSignup, HackathonTeam
from tests.connect_to_innovate.factories_hackathons import (
    accepted_challenge,
    hackathon_make,
    person_signup,
)


def _slots():
    return [
        Slot(id=1, skills_wanted=frozenset({"tech", "data"})),
        Slot(id=2, skills_wanted=frozenset({"design", "creative"})),
    ]


def test_people_go_to_the_challenge_that_wants_their_skills():
    placed = suggest_assignments(
        slots=_slots(),
        coaches=[],
        sparring_partners=[
            Person(id=10, skills=frozenset({"design"})),
            Person(id=11, skills=frozenset({"tech"})),
        ],
    )
    assert placed == {10: 2, 11: 1}


def test_teams_stay_even_when_everyone_wants_the_same_challenge():
    people = [Person(id=n, skills=frozenset({"tech"})) for n in range(10, 16)]
    placed = suggest_assignments(slots=_slots(), coaches=[], sparring_partners=people)
    sizes = sorted(list(placed.values()).count(slot) for slot in (1, 2))
    assert sizes == [3, 3]


def test_coaches_go_one_per_team_and_extra_coaches_stay_unplaced():
    coaches = [Person(id=n, skills=frozenset({"design"})) for n in (5, 6, 7)]
    placed = suggest_assignments(slots=_slots(), coaches=coaches, sparring_partners=[])
    assert placed == {5: 2, 6: 1}


def test_the_same_input_in_any_order_gives_the_same_suggestion():
    people = [
        Person(id=n, skills=frozenset(["tech", "design", "data", "creative"][: 1 + n % 4]))
        for n in range(20, 40)
    ]
    first = suggest_assignments(slots=_slots(), coaches=[], sparring_partners=people)
    second = suggest_assignments(slots=_slots()[::-1], coaches=[], sparring_partners=people[::-1])
    assert first == second


def test_no_challenge_places_nobody():
    assert (
        suggest_assignments(slots=[], coaches=[], sparring_partners=[Person(1, frozenset())]) == {}
    )


@pytest.mark.usefixtures("in_tenant_a")
def test_suggesting_forms_the_missing_teams_keeps_placed_people_and_is_repeatable(alice):
    hackathon = hackathon_make(alice, sparring_capacity=10)
    tech = accepted_challenge(hackathon, alice, skills=["tech"])
    design = accepted_challenge(hackathon, alice, skills=["design"])
    kept = person_signup(hackathon, skills=["design"])
    team = services.team_form(challenge=tech, by=alice)
    services.team_member_add(team=team, signup=kept, by=alice)
    coders = [person_signup(hackathon, skills=["tech"]) for _ in range(2)]
    designer = person_signup(hackathon, skills=["design"])
    coach = person_signup(hackathon, role="coach", skills=["design"])

    result = services.teams_suggest(hackathon=hackathon, by=alice)
    assert result == {"formed": 1, "placed": 4}
    teams = {row.challenge_id: row.pk for row in HackathonTeam.objects.all()}
    team_of = dict(HackathonSignup.objects.values_list("pk", "team_id"))
    assert team_of[kept.pk] == teams[tech.pk]  # placed by staff: stays
    assert team_of[coders[0].pk] == teams[tech.pk]
    assert team_of[designer.pk] == teams[design.pk]
    assert team_of[coach.pk] == teams[design.pk]
    assert services.teams_suggest(hackathon=hackathon, by=alice) == {"formed": 0, "placed": 0}
