"""The acceleration back office: cohorts filled from the admin's action, pairings refused
in the admin with the service's words, reports approved by action and returned with a
reason, a participant withdrawn with a reason; and the public figure of jobs created."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from acceleration.kpis.selectors import jobs_created_approved
from acceleration.mentoring.services import pairing_create
from acceleration.models import KpiReport, Pairing, Participant
from socialtech.registry import public_figures
from tests.acceleration.factories_accel import (
    CohortFactory,
    KpiReportFactory,
    MentorFactory,
    acceleration_call,
    application_with_outcome,
    enterprise_in,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(alice) -> Client:
    return login(Client(), alice, mfa=True)


def test_the_fill_action_adds_the_main_list(in_tenant_a, staff_client):
    call = acceleration_call(in_tenant_a)
    application_with_outcome(call, status="main_list", published_outcome="main_list")
    application_with_outcome(call, status="reserve_list", published_outcome="reserve_list")
    cohort = CohortFactory(tenant=in_tenant_a, call=call, status="planned")

    response = staff_client.post(
        reverse("admin:acceleration_cohort_changelist"),
        {"action": "fill_from_main_list", "_selected_action": [cohort.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert "1 participants added" in response.content.decode()
    assert Participant.objects.filter(cohort=cohort).count() == 1


def test_the_admin_shows_why_a_pairing_is_refused(in_tenant_a, alice, staff_client):
    cohort = CohortFactory(tenant=in_tenant_a)
    mentor = MentorFactory(tenant=in_tenant_a, max_mentees=1, display_name="Marta Ruiz")
    pairing_create(mentor=mentor, participant=enterprise_in(cohort).participant, by=alice)
    other = enterprise_in(cohort).participant

    response = staff_client.post(
        reverse("admin:acceleration_pairing_add"), {"mentor": mentor.pk, "participant": other.pk}
    )

    assert response.status_code == 200
    assert "Marta Ruiz already follows 1 of at most 1 mentees" in response.content.decode()
    assert Pairing.objects.count() == 1


def test_staff_approve_by_action_and_return_with_a_reason(in_tenant_a, staff_client):
    cohort = CohortFactory(tenant=in_tenant_a)
    participant = enterprise_in(cohort).participant
    first = KpiReportFactory(
        participant=participant, tenant=in_tenant_a, quarter=1, status="submitted"
    )
    second = KpiReportFactory(
        participant=participant, tenant=in_tenant_a, quarter=2, status="submitted"
    )

    staff_client.post(
        reverse("admin:acceleration_kpireport_changelist"),
        {"action": "approve_reports", "_selected_action": [first.pk]},
    )
    url = reverse("admin:acceleration_kpireport_change", args=[second.pk])
    refused = staff_client.post(url, {"returned_reason": ""})
    assert "say what the enterprise should correct" in refused.content.decode()
    staff_client.post(url, {"returned_reason": "Revenue counts the whole year"})

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "approved"
    assert (second.status, second.returned_reason) == ("returned", "Revenue counts the whole year")


def test_staff_withdraw_a_participant_with_a_reason(in_tenant_a, staff_client):
    participant = enterprise_in(CohortFactory(tenant=in_tenant_a)).participant
    url = reverse("admin:acceleration_participant_change", args=[participant.pk])

    staff_client.post(url, {"withdrawal_reason": "The cooperative closed its tech branch"})

    participant.refresh_from_db()
    assert participant.status == "withdrawn"
    assert participant.withdrawal_reason == "The cooperative closed its tech branch"


def test_jobs_created_is_a_public_figure_of_approved_reports(in_tenant_a):
    participant = enterprise_in(CohortFactory(tenant=in_tenant_a)).participant
    KpiReportFactory(participant=participant, tenant=in_tenant_a, quarter=1, jobs_created=3)
    KpiReportFactory(participant=participant, tenant=in_tenant_a, quarter=2, jobs_created=4)
    KpiReportFactory(
        participant=participant, tenant=in_tenant_a, quarter=3, jobs_created=9, status="submitted"
    )

    assert jobs_created_approved() == 7
    figure = next(
        figure for figure in public_figures() if figure.key == "acceleration_jobs_created"
    )
    assert figure.count() == 7
    assert KpiReport.objects.count() == 3
