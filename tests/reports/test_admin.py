"""The back-office page of the funding reports and the files prepared in the background."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from reports.exports.jobs import report_export_build
from reports.models import ReportExport, ReportExportStatus
from socialtech.audit.models import AuditEvent
from tests.conftest import HOST_A, login
from tests.factories import MembershipFactory, UserFactory

FUNDING = "admin:reports_reportexport_funding"


@pytest.fixture
def coordinator(bob):
    return login(Client(HTTP_HOST=HOST_A), bob, mfa=True)


def test_the_page_is_a_labelled_get_form_with_both_reports_and_every_filter(world, coordinator):
    response = coordinator.get(reverse(FUNDING))

    assert response.status_code == 200
    page = response.content.decode()
    assert '<form method="get"' in page
    for name in ("report", "format", "call", "work_package", "award_from", "award_to", "country"):
        assert f'<label for="id_{name}">' in page
        assert f'id="id_{name}"' in page
    assert '<option value="calls">Sub-calls</option>' in page
    assert '<option value="green-grants">OC1 · Open call OC1</option>' in page
    assert 'aria-describedby="id_award_from_helptext"' in page


def test_download_streams_the_report_with_its_filters(world, coordinator):
    response = coordinator.get(
        reverse(FUNDING),
        {"download": "1", "report": "recipients", "format": "csv", "country": "DE"},
    )

    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[2] for row in rows[1:]] == ["Cooperativa German"]


def test_download_as_xlsx_gives_the_workbook(world, coordinator):
    response = coordinator.get(
        reverse(FUNDING), {"download": "1", "report": "calls", "format": "xlsx"}
    )

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Sub-calls"]


def test_a_bad_filter_shows_the_form_again_with_the_message_on_its_field(world, coordinator):
    response = coordinator.get(reverse(FUNDING), {"download": "1", "award_from": "31.01.2026"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "is not a date: write it as YYYY-MM-DD" in page
    assert 'id="id_award_from_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'value="31.01.2026"' in page


def test_an_evaluator_of_the_programme_is_refused(world, tenant_a):
    evaluator = UserFactory()
    MembershipFactory(tenant=tenant_a, user=evaluator, role="evaluator")
    client = login(Client(HTTP_HOST=HOST_A), evaluator, mfa=True)

    assert client.get(reverse(FUNDING)).status_code == 403


def test_prepare_asks_to_confirm_then_builds_the_file_in_the_background(
    world, coordinator, bob, django_capture_on_commit_callbacks
):
    asked = coordinator.get(
        reverse(FUNDING),
        {"prepare": "1", "report": "recipients", "format": "xlsx", "country": "IT"},
    )
    page = asked.content.decode()
    assert 'action="/admin/reports/reportexport/funding/prepare/"' in page
    assert '<input type="hidden" name="country" value="IT">' in page
    assert ReportExport.objects.count() == 0  # a GET starts nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("admin:reports_reportexport_prepare"),
            {"report": "recipients", "format": "xlsx", "country": "IT"},
        )

    assert response.status_code == 302
    export = ReportExport.objects.get()
    assert (export.status, export.requested_by, export.filters) == ("done", bob, {"country": "IT"})
    assert (export.total, export.done, export.progress) == (3, 3, 100)
    assert export.filename.endswith(".xlsx")
    assert AuditEvent.objects.filter(verb="report_export.requested", actor=bob).count() == 1
    assert AuditEvent.objects.filter(verb="report_export.built").count() == 1

    listing = coordinator.get(reverse("admin:reports_reportexport_changelist")).content.decode()
    file_url = reverse("admin:reports_reportexport_file", args=[export.pk])
    assert file_url in listing
    download = coordinator.get(file_url)
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["Recipients"]
    assert sheet.max_row == 1 + 3


def test_a_file_is_only_for_the_person_who_asked(world, alice, bob, in_tenant_a):
    export = ReportExport.objects.create(kind="calls", format="csv", requested_by=alice)
    report_export_build(export_id=export.pk)
    export.refresh_from_db()
    assert export.status == ReportExportStatus.DONE
    url = reverse("admin:reports_reportexport_file", args=[export.pk])

    assert login(Client(HTTP_HOST=HOST_A), bob, mfa=True).get(url).status_code == 404
    owner = login(Client(HTTP_HOST=HOST_A), alice, mfa=True).get(url)
    assert owner.status_code == 200
    lines = b"".join(owner.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 2  # OC1 and OC2


def test_a_background_build_that_finds_its_call_gone_says_so(world, bob, in_tenant_a):
    export = ReportExport.objects.create(
        kind="recipients", format="csv", requested_by=bob, filters={"call": "vanished"}
    )

    assert report_export_build(export_id=export.pk) == {"status": "failed", "rows": 0}
    export.refresh_from_db()
    assert export.status == "failed"
    assert "vanished" in export.error
