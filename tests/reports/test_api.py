"""``GET /api/v1/reports/funding/``: coordinators and staff get the file, nobody else."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.conftest import HOST_A, HOST_B, login
from tests.factories import MembershipFactory, UserFactory
from tests.grants.factories import AwardFactory

URL = "/api/v1/reports/funding/"


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def coordinator(bob):
    return login(Client(HTTP_HOST=HOST_A), bob, mfa=True)


def test_a_coordinator_gets_the_recipient_report_as_csv_by_default(world, coordinator):
    response = coordinator.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="funding-recipients-alpha-'
    )
    rows = csv_rows(response)
    assert rows[0][:3] == ["Call reference", "Application", "Legal name"]
    assert [row[2] for row in rows[1:]] == [
        "Cooperativa Accepted", "Cooperativa German", "Cooperativa Sent", "Cooperativa Signed"
    ]  # fmt: skip
    amount = rows[0].index("Amount awarded (EUR)")
    assert sum(Decimal(row[amount]) for row in rows[1:]) == Decimal("133000.00")


def test_staff_get_the_sub_call_report_as_a_typed_workbook(world, alice):
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)

    response = client.get(URL, {"report": "calls", "format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook["Sub-calls"]
    headings = [cell.value for cell in sheet[1]]
    contracted = headings.index("Awarded to contracted (EUR)") + 1
    assert sheet.cell(row=2, column=1).value == "OC1"
    assert sheet.cell(row=2, column=contracted).value == 95000
    assert sheet.cell(row=2, column=contracted).number_format.startswith("[$EUR")
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(row=1, column=len(headings)).column_letter}3"


def test_an_applicant_is_refused(world, applicant):
    client = login(Client(HTTP_HOST=HOST_A), applicant)

    response = client.get(URL)

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_an_evaluator_of_the_programme_is_refused(world, tenant_a):
    evaluator = UserFactory()
    MembershipFactory(tenant=tenant_a, user=evaluator, role="evaluator")

    assert login(Client(HTTP_HOST=HOST_A), evaluator, mfa=True).get(URL).status_code == 403


def test_staff_of_another_programme_are_refused_on_its_host_and_see_only_their_own_on_theirs(
    world, world_b, charlie
):
    on_a = login(Client(HTTP_HOST=HOST_A), charlie, mfa=True)
    assert on_a.get(URL).status_code == 403

    on_b = login(Client(HTTP_HOST=HOST_B), charlie)  # the second factor is already set
    response = on_b.get(URL)
    assert response.status_code == 200
    names = [row[2] for row in csv_rows(response)[1:]]
    assert names == ["Beta Only Cooperative"]


def test_signed_out_is_401(world):
    response = Client(HTTP_HOST=HOST_A).get(URL)

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_download_costs_the_same_queries_for_ten_times_the_awards(world, coordinator, tenant_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(report):
        with CaptureQueriesContext(connection) as captured:
            response = coordinator.get(URL, {"report": report})
            b"".join(response.streaming_content)
        return len(captured)

    queries("recipients")  # the first request of a session reads what later ones find cached
    few = {report: queries(report) for report in ("recipients", "calls")}
    call = world.call
    for number in range(40):
        application = ApplicationFactory(
            call=call,
            tenant=tenant_a,
            status="accepted",
            published_outcome="main_list",
            requested_amount=Decimal("1000.00"),
            submitted_at=call.deadline,
            receipt_number=f"ALPHA-OC1-9{number:05d}",
        )
        AwardFactory(application=application, status="signed", amount=Decimal("900.00"))
        CallFactory(tenant=tenant_a, reference=f"Y{number}", status="closed")

    assert {report: queries(report) for report in ("recipients", "calls")} == few


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"format": "pdf"}, "format"),
        ({"report": "all"}, "report"),
        ({"call": "nope"}, "call"),
        ({"work_package": "nope"}, "work_package"),
        ({"award_from": "yesterday"}, "award_from"),
        ({"award_from": "2026-02-01", "award_to": "2026-01-01"}, "award_to"),
        ({"country": "ZZ"}, "country"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(world, coordinator, params, field):
    response = coordinator.get(URL, params)

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == [field]


def test_filters_narrow_the_file(world, coordinator):
    response = coordinator.get(URL, {"country": "DE", "award_from": "2026-07-01"})

    assert [row[2] for row in csv_rows(response)[1:]] == ["Cooperativa German"]


def test_the_schema_documents_the_report_with_its_parameters_and_file_types(tenant_a, client):
    schema = client.get("/api/schema/", {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/reports/funding/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {
        "report",
        "format",
        "call",
        "work_package",
        "award_from",
        "award_to",
        "country",
    }
    assert set(operation["responses"]["200"]["content"]) == {
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert {"400", "401", "403"} <= set(operation["responses"])
