"""The hackathons' rows of the perf world: a completed hackathon with its challenges, sign-ups
and teams (and their outcomes), made through the services."""

from __future__ import annotations

from typing import Any


def build_hackathons(*, alice: Any) -> None:
    """One completed hackathon of two teams, each with a coach, sparring partners (one who
    keeps their name private) and an outcome. Call it with the programme active."""
    from tests.connect_to_innovate.factories_hackathons import completed_hackathon

    completed_hackathon(alice, teams=2, hidden=1, slug="perf-hackathon", title="Perf hackathon")
