"""Isolation entries for the directory, introductions and demo-day pages.

Programme A gets a published directory entry whose contact person is Bob, a running cohort
with Bob's organisation as participant, an introduction of it, and a published demo day
with Bob's application to pitch. Charlie, staff of programme B, must get 404 on B's host
for the entry, the request, the introduction and the demo day's pages, must not find A's
introductions among his own or those he received, and must not open A's rows in the back
office.
"""

from __future__ import annotations

from typing import Any

from acceleration.models import DemoDay, DirectoryEntry, Introduction, PitchApplication
from socialtech.tenancy.context import tenant_context
from tests.acceleration.factories_investors import (
    cohort_make,
    demo_day_make,
    entry_make,
    introduction_make,
    participant_make,
    pitch_make,
)
from tests.tenancy.kinds import ObjectPage, OwnList, Public


def _entry(objects: dict[str, Any]) -> dict[str, Any]:
    return {"slug": objects["acceleration_entry"].slug}


def _demo_day(objects: dict[str, Any]) -> dict[str, Any]:
    return {"slug": objects["acceleration_demo_day"].slug}


ROUTES: dict[str, Any] = {
    "acceleration_investor_directory": Public("the host's own programme's published entries"),
    "acceleration_investor_detail": ObjectPage(_entry),
    "acceleration_introduction_request": ObjectPage(_entry, method="post"),
    "acceleration_introduction_mine": OwnList(
        lambda objects: str(objects["acceleration_entry"].name)
    ),
    "acceleration_introduction_received": OwnList(
        lambda objects: str(objects["acceleration_entry"].name)
    ),
    "acceleration_introduction_detail": ObjectPage(
        lambda objects: {"pk": objects["acceleration_introduction"].pk}
    ),
    "acceleration_demo_day_detail": ObjectPage(_demo_day),
    "acceleration_demo_day_apply": ObjectPage(_demo_day),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        cohort = cohort_make(name="Alpha-only cohort")
        participant = participant_make(
            cohort=cohort, owner=bob, legal_name="Alpha-only Cooperative"
        )
        entry = entry_make(alice, name="Alpha-only Impact Fund", contact_user=bob)
        objects["acceleration_entry"] = entry
        objects["acceleration_introduction"] = introduction_make(
            by=bob, participant=participant, entry=entry
        )
        demo_day = demo_day_make(alice, cohort=cohort, title="Alpha-only demo day")
        objects["acceleration_demo_day"] = demo_day
        objects["acceleration_pitch"] = pitch_make(
            by=bob, demo_day=demo_day, participant=participant
        )


ADMIN_OBJECTS = {
    DirectoryEntry: lambda objects: objects["acceleration_entry"],
    Introduction: lambda objects: objects["acceleration_introduction"],
    DemoDay: lambda objects: objects["acceleration_demo_day"],
    PitchApplication: lambda objects: objects["acceleration_pitch"],
}
