"""The acceleration pages: “My acceleration”, a participant's progress (charts with a
table), the KPI report form, a session's attendance, the mentor's page and the staff's
cohort report with its CSV and PDF; who sees what (another enterprise gets 404); and a
constant number of queries however many rows."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from acceleration.mentoring.services import pairing_create
from acceleration.models import Attendance, KpiReport
from tests.acceleration.factories_accel import (
    CohortFactory,
    KpiReportFactory,
    MentorFactory,
    SessionFactory,
    enterprise_in,
)
from tests.conftest import login
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(in_tenant_a, alice):
    cohort = CohortFactory(
        tenant=in_tenant_a,
        name="Acceleration cohort 2026",
        slug="ac-2026",
        starts_on=date(2025, 1, 10),
    )
    aurora = enterprise_in(cohort, name="Cooperativa Aurora")
    borea = enterprise_in(cohort, name="=Borea Impresa Sociale")
    mentor = MentorFactory(tenant=in_tenant_a, display_name="Marta Ruiz")
    pairing_create(mentor=mentor, participant=aurora.participant, by=alice)
    workshop = SessionFactory(
        tenant=in_tenant_a,
        cohort=cohort,
        title="Impact measurement workshop",
        starts_at=timezone.now() + timedelta(days=5),
    )
    one_to_one = SessionFactory(
        tenant=in_tenant_a,
        cohort=cohort,
        kind="one_to_one",
        title="Pricing review",
        participant=aurora.participant,
        mentor=mentor,
    )
    for quarter, jobs in ((1, 2), (2, 3)):
        KpiReportFactory(
            participant=aurora.participant,
            tenant=in_tenant_a,
            year=2025,
            quarter=quarter,
            jobs_created=jobs,
        )
    KpiReportFactory(
        participant=borea.participant, tenant=in_tenant_a, year=2025, quarter=1, jobs_created=4
    )
    return {
        "cohort": cohort,
        "aurora": aurora,
        "borea": borea,
        "mentor": mentor,
        "workshop": workshop,
        "one_to_one": one_to_one,
    }


def test_my_acceleration_lists_the_cohort_sessions_and_reports(world, client):
    login(client, world["aurora"].owner)
    response = client.get(reverse("acceleration_mine"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Acceleration cohort 2026" in page
    assert "Impact measurement workshop" in page
    assert "(Europe/Brussels)" in page
    assert "Marta Ruiz" in page
    assert "2025 Q2" in page
    # Another enterprise's one-to-one is not listed to Borea.
    login(client, world["borea"].owner)
    assert "Pricing review" not in client.get(reverse("acceleration_mine")).content.decode()


def test_my_acceleration_has_an_empty_state(world, client):
    login(client, UserFactory())
    response = client.get(reverse("acceleration_mine"))
    assert response.status_code == 200
    assert "data-empty" in response.content.decode()


def test_participant_page_draws_charts_with_a_table(world, client):
    login(client, world["aurora"].owner)
    response = client.get(
        reverse("acceleration_participant", args=[world["aurora"].participant.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<svg") == 2
    assert 'role="img"' in page
    assert "data-kpi-table" in page
    assert '<tr data-report="2025 Q2">' in page


def test_another_enterprises_participant_is_a_404(world, client):
    aurora = world["aurora"].participant
    login(client, world["borea"].owner)
    for url in (
        reverse("acceleration_participant", args=[aurora.pk]),
        reverse("acceleration_kpi_report", args=[aurora.pk]),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("acceleration_kpi_report", args=[aurora.pk]), {}).status_code == 404


def test_the_paired_mentor_and_staff_see_the_participant_an_unpaired_mentor_does_not(
    world, client, alice, in_tenant_a
):
    url = reverse("acceleration_participant", args=[world["aurora"].participant.pk])
    login(client, world["mentor"].user)
    assert client.get(url).status_code == 200
    login(client, MentorFactory(tenant=in_tenant_a).user)
    assert client.get(url).status_code == 404
    login(client, alice, mfa=True)
    assert client.get(url).status_code == 200
    # The mentor does not fill the enterprise's report.
    login(client, world["mentor"].user)
    assert (
        client.get(
            reverse("acceleration_kpi_report", args=[world["aurora"].participant.pk])
        ).status_code
        == 404
    )


def test_report_form_keeps_what_was_typed_and_names_the_field(world, client):
    participant = world["aurora"].participant
    login(client, world["aurora"].owner)
    url = reverse("acceleration_kpi_report", args=[participant.pk])
    typed = {
        "year": "2025",
        "quarter": "3",
        "revenue": "15000.123",
        "jobs_created": "-2",
        "people_reached": "120",
        "customers": "9",
        "investment_raised": "0",
        "public_contracts_won": "0",
        "action": "save",
    }
    response = client.post(url, typed)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Revenue (EUR): euros have at most two decimal places" in page
    assert 'value="15000.123"' in page
    assert not KpiReport.objects.filter(year=2025, quarter=3).exists()

    response = client.post(url, {**typed, "revenue": "15000.12", "jobs_created": "-2"})
    assert "Jobs created: the number cannot be negative." in response.content.decode()

    response = client.post(
        url, {**typed, "revenue": "15000.12", "jobs_created": "2", "action": "submit"}
    )
    assert response.status_code == 302
    report = KpiReport.objects.get(participant=participant, year=2025, quarter=3)
    assert (report.status, report.revenue, report.jobs_created) == (
        "submitted",
        Decimal("15000.12"),
        2,
    )


def test_report_form_refuses_a_quarter_not_ended(world, client):
    login(client, world["aurora"].owner)
    today = timezone.localdate()
    response = client.post(
        reverse("acceleration_kpi_report", args=[world["aurora"].participant.pk]),
        {"year": str(today.year), "quarter": str((today.month - 1) // 3 + 1), "action": "save"},
    )
    assert response.status_code == 400
    assert "has not ended" in response.content.decode()


def test_the_mentor_records_attendance_in_the_browser(world, client, in_tenant_a):
    session = world["one_to_one"]
    participant = world["aurora"].participant
    url = reverse("acceleration_session_attendance", args=[session.pk])
    login(client, world["borea"].owner)
    assert client.get(url).status_code == 404
    login(client, world["mentor"].user)
    assert client.get(url).status_code == 200
    response = client.post(url, {f"participant_{participant.pk}": "present"})
    assert response.status_code == 302
    assert Attendance.objects.get(session=session, participant=participant).status == "present"
    page = client.get(reverse("acceleration_mentoring_mine")).content.decode()
    assert "Pricing review" in page and "Cooperativa Aurora" in page


def test_cohort_report_totals_and_attendance_for_staff_only(world, client, alice):
    url = reverse("acceleration_cohort_report", args=["ac-2026"])
    login(client, world["aurora"].owner)
    assert client.get(url).status_code == 403
    login(client, alice, mfa=True)
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert '<tr data-quarter="2025 Q1">' in page
    # Jobs created over all quarters: 2 + 3 + 4.
    overall = page.split("data-overall")[1].split("</tr>")[0]
    assert '<td class="number">9</td>' in overall
    assert "Impact measurement workshop" in page


def test_cohort_report_csv_has_a_bom_and_neutralised_formulas(world, client, alice):
    login(client, alice, mfa=True)
    response = client.get(reverse("acceleration_cohort_report_csv", args=["ac-2026"]))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    total = next(row for row in rows if row[:2] == ["Cohort total", "All quarters"])
    assert total[4] == "9"
    assert any(row[2] == "'=Borea Impresa Sociale" for row in rows if len(row) > 2)


def test_cohort_report_pdf(world, client, alice):
    pytest.importorskip("weasyprint")
    login(client, alice, mfa=True)
    response = client.get(reverse("acceleration_cohort_report_pdf", args=["ac-2026"]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    from tests.pdf_reading import text_lines

    text = " ".join(text_lines(response.content))
    assert "Acceleration cohort 2026" in text
    assert "Impact measurement workshop" in text


def _grow(world, tenant, alice, count):
    cohort = world["cohort"]
    for _ in range(count):
        enterprise = enterprise_in(cohort)
        KpiReportFactory(participant=enterprise.participant, tenant=tenant, year=2025, quarter=1)
        KpiReportFactory(participant=enterprise.participant, tenant=tenant, year=2025, quarter=2)
        SessionFactory(tenant=tenant, cohort=cohort)


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "who"),
    [
        ("acceleration_mine", "owner"),
        ("acceleration_participant", "owner"),
        ("acceleration_cohort_report", "staff"),
        ("acceleration_mentoring_mine", "mentor"),
        ("acceleration_session_attendance", "staff"),
    ],
)
def test_pages_read_a_constant_number_of_queries(world, client, alice, in_tenant_a, url_name, who):
    users = {"owner": world["aurora"].owner, "staff": alice, "mentor": world["mentor"].user}
    login(client, users[who], mfa=who == "staff")
    args = {
        "acceleration_participant": [world["aurora"].participant.pk],
        "acceleration_cohort_report": ["ac-2026"],
        "acceleration_session_attendance": [world["workshop"].pk],
    }.get(url_name, [])
    url = reverse(url_name, args=args)
    client.get(url)
    few = _count_queries(client, url)
    _grow(world, in_tenant_a, alice, 6)
    for _ in range(4):
        SessionFactory(
            tenant=in_tenant_a,
            cohort=world["cohort"],
            kind="one_to_one",
            participant=world["aurora"].participant,
            mentor=world["mentor"],
        )
        KpiReportFactory(
            participant=world["aurora"].participant,
            tenant=in_tenant_a,
            year=2024 - _,
            quarter=4,
        )
    many = _count_queries(client, url)
    assert many == few, f"{url_name}: {few} queries with few rows, {many} with many"
