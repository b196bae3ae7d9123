"""The demo's acceleration: the acceleration call AC1 with published results, the running
"Acceleration cohort 2026" filled from its main list (the applicant's Officina Cognitiva
in it, the reserve list not), three mentors, sessions with attendance, milestones and KPI
reports approved, submitted and draft; a second run changes nothing."""

from __future__ import annotations

import pytest

from acceleration.kpis.selectors import cohort_totals
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
from applications.models import Application
from calls.models import Call
from demo.acceleration.cohorts import seed
from demo.acceleration.cohorts_content import CALL_SLUG, COHORT_SLUG
from socialtech.tenancy.context import tenant_context
from tests.factories import MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            Participant,
            MentorProfile,
            Pairing,
            Session,
            Attendance,
            Milestone,
            KpiReport,
        )
    )


def test_the_demo_cohort_is_built_through_the_services_once(django_capture_on_commit_callbacks):
    tenant = TenantFactory(name="SocialTech4EU", slug="socialtech4eu")
    staff = UserFactory(email="staff@example.org")
    MembershipFactory(tenant=tenant, user=staff, role="staff")
    applicant = UserFactory(email="applicant@example.org")
    experts = [UserFactory(email=f"evaluator{n}@example.org") for n in range(1, 6)]
    users = {user.email: user for user in [staff, applicant, *experts]}

    with django_capture_on_commit_callbacks(execute=True):
        summary = seed(tenants={"socialtech4eu": tenant}, users=users)

    assert "Acceleration cohort 2026: 4 participants, 3 mentors" in summary
    with tenant_context(tenant):
        call = Call.objects.get(slug=CALL_SLUG)
        assert (call.kind, call.status) == ("acceleration", "results")
        cohort = Cohort.objects.get(slug=COHORT_SLUG)
        assert cohort.status == "running"
        names = set(
            Participant.objects.filter(cohort=cohort).values_list(
                "organisation__legal_name", flat=True
            )
        )
        assert len(names) == 4
        assert Participant.objects.filter(organisation__members__user=applicant).exists()
        reserve = Application.objects.get(call=call, status="reserve_list")
        assert reserve.organisation.legal_name not in names
        statuses = sorted(KpiReport.objects.values_list("status", flat=True))
        assert statuses.count("submitted") == 1 and statuses.count("draft") == 1
        assert statuses.count("approved") == 10
        assert Session.objects.filter(kind="workshop").count() == 4
        assert Session.objects.filter(kind="one_to_one").exists()
        assert Attendance.objects.filter(status="present").exists()
        assert Attendance.objects.filter(status="excused").exists()
        assert cohort_totals(cohort).overall["jobs_created"] > 0
        rows = _counts()

    again = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert again.endswith("(nothing new)")
    with tenant_context(tenant):
        assert _counts() == rows
