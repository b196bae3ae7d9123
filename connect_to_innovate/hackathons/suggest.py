"""Suggested teams: spread the unassigned sparring partners and coaches over the challenges.

A deterministic greedy, no solver: people are taken in the order of their sign-up (its id); each goes
to the team whose challenge wants most of the skills they offer, among the teams below
their even share of all sparring partners (rounded up); ties go to the smaller team, then
to the earlier challenge. Coaches are dealt first, one to each team that has none, in the same way.
The same people and challenges always give the same suggestion.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Person:
    id: int
    skills: frozenset[str]


@dataclass
class Slot:
    """A team-to-be: its challenge's skills wanted and who is already in it."""

    id: int
    skills_wanted: frozenset[str]
    sparring: int = 0
    has_coach: bool = False
    added: list[int] = field(default_factory=list)


def _best(slots: Sequence[Slot], person: Person, load: dict[int, int], cap: int) -> Slot:
    candidates = [slot for slot in slots if load[slot.id] < cap] or list(slots)
    return min(
        candidates,
        key=lambda slot: (-len(person.skills & slot.skills_wanted), load[slot.id], slot.id),
    )


def suggest_assignments(
    *, slots: Sequence[Slot], coaches: Sequence[Person], sparring_partners: Sequence[Person]
) -> dict[int, int]:
    """Person id → slot id for every person placed. Coaches go only to slots without one
    (a coach more than teams stays unplaced); every sparring partner is placed."""
    if not slots:
        return {}
    ordered = sorted(slots, key=lambda slot: slot.id)
    placed: dict[int, int] = {}
    for coach in sorted(coaches, key=lambda person: person.id):
        free = [slot for slot in ordered if not slot.has_coach]
        if not free:
            break
        best = min(free, key=lambda slot: (-len(coach.skills & slot.skills_wanted), slot.id))
        best.has_coach = True
        placed[coach.id] = best.id
    load = {slot.id: slot.sparring for slot in ordered}
    # No team takes more than its even share of all the sparring partners (rounded up).
    cap = -(-(sum(load.values()) + len(sparring_partners)) // len(ordered))
    for person in sorted(sparring_partners, key=lambda person: person.id):
        best = _best(ordered, person, load, cap)
        load[best.id] += 1
        placed[person.id] = best.id
    return placed
