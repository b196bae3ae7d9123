"""The investors' rows of the query-budget world: a published directory entry and a
procurer, a running cohort with a participant, an accepted introduction, and a demo day
with a selected pitch."""

from __future__ import annotations

from typing import Any


def build_investors(*, alice: Any, applicant: Any) -> None:
    from acceleration.demoday.services import pitch_select
    from acceleration.introductions.services import introduction_accept
    from tests.acceleration.factories_investors import (
        cohort_make,
        demo_day_make,
        entry_make,
        introduction_make,
        participant_make,
        pitch_make,
    )

    cohort = cohort_make(name="Perf cohort")
    participant = participant_make(cohort=cohort, owner=applicant, legal_name="Perf Cooperative")
    fund = entry_make(alice, name="Perf Impact Fund")
    entry_make(alice, kind="procurer", name="Perf City Procurement")
    introduction_accept(
        introduction=introduction_make(by=applicant, participant=participant, entry=fund),
        by=alice,
    )
    demo_day = demo_day_make(alice, cohort=cohort, invited_entries=[fund])
    pitch_select(
        pitch=pitch_make(by=applicant, demo_day=demo_day, participant=participant), by=alice
    )
