"""Isolation entries for the acceleration pages (see tests/tenancy/test_isolation.py).

Programme A gets a running cohort with a participant, a mentor paired with it, a workshop
with an attendance, a milestone and an approved KPI report. Charlie, staff of programme B,
must not find the cohort or the participant in B's lists and must get 404 on B's host for
the participant's page and report form, the milestone, the session's attendance, the
cohort's report (page, CSV, PDF) and each back-office row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from acceleration.mentoring.services import attendance_record, pairing_create
from acceleration.models import (
    Attendance,
    Cohort,
    KpiReport,
    MentorProfile,
    Milestone,
    Pairing,
    Participant,
    Session,
)
from socialtech.tenancy.context import tenant_context
from tests.acceleration.factories_accel import (
    CohortFactory,
    KpiReportFactory,
    MentorFactory,
    SessionFactory,
    enterprise_in,
)
from tests.tenancy.kinds import ObjectPage, OwnList


def _participant(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["acceleration_participant"].pk}


def _cohort(objects: dict[str, Any]) -> dict[str, Any]:
    return {"slug": objects["acceleration_cohort"].slug}


ROUTES: dict[str, Any] = {
    "acceleration_mine": OwnList(lambda objects: "Alpha-only acceleration cohort"),
    "acceleration_mentoring_mine": OwnList(lambda objects: "Alpha-only Cooperativa Accelerata"),
    "acceleration_participant": ObjectPage(_participant),
    "acceleration_kpi_report": ObjectPage(_participant),
    "acceleration_milestone_done": ObjectPage(
        lambda objects: {"pk": objects["acceleration_milestone"].pk}, method="post"
    ),
    "acceleration_session_attendance": ObjectPage(
        lambda objects: {"pk": objects["acceleration_session"].pk}
    ),
    "acceleration_cohort_report": ObjectPage(_cohort),
    "acceleration_cohort_report_csv": ObjectPage(_cohort),
    "acceleration_cohort_report_pdf": ObjectPage(_cohort),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    with tenant_context(tenant_a):
        cohort = CohortFactory(
            tenant=tenant_a, name="Alpha-only acceleration cohort", starts_on=date(2025, 1, 10)
        )
        enterprise = enterprise_in(cohort, name="Alpha-only Cooperativa Accelerata")
        participant = enterprise.participant
        mentor = MentorFactory(tenant=tenant_a)
        pairing = pairing_create(mentor=mentor, participant=participant, by=alice)
        session = SessionFactory(tenant=tenant_a, cohort=cohort)
        attendance = attendance_record(
            session=session, participant=participant, status="present", by=alice
        )
        milestone = Milestone.objects.create(
            tenant=tenant_a,
            participant=participant,
            title="First public contract",
            due_on=date(2025, 9, 30),
        )
        report = KpiReportFactory(participant=participant, tenant=tenant_a)
    objects.update(
        {
            "acceleration_cohort": cohort,
            "acceleration_participant": participant,
            "acceleration_mentor": mentor,
            "acceleration_pairing": pairing,
            "acceleration_session": session,
            "acceleration_attendance": attendance,
            "acceleration_milestone": milestone,
            "acceleration_report": report,
        }
    )


ADMIN_OBJECTS = {
    Cohort: lambda objects: objects["acceleration_cohort"],
    Participant: lambda objects: objects["acceleration_participant"],
    MentorProfile: lambda objects: objects["acceleration_mentor"],
    Pairing: lambda objects: objects["acceleration_pairing"],
    Session: lambda objects: objects["acceleration_session"],
    Attendance: lambda objects: objects["acceleration_attendance"],
    Milestone: lambda objects: objects["acceleration_milestone"],
    KpiReport: lambda objects: objects["acceleration_report"],
}
