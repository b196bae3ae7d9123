"""Beneficiaries' reports: scheduled when the grant starts, written with the call's question
types (checked per type at submission), reviewed by staff (changes requested, resubmitted,
approved, which makes the next tranche due), reminders each sent once, and visible only to
the organisation."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from grants.models import (
    AwardStatus,
    BeneficiaryReport,
    ReportField,
    ReportKind,
    ReportStatus,
    Tranche,
    TrancheStatus,
)
from grants.payments.jobs import tranches_open
from grants.payments.services import (
    award_terminate,
    payment_plan_save,
    tranche_approve,
    tranche_mark_paid,
)
from grants.reports import selectors
from grants.reports.errors import ReportError
from grants.reports.jobs import report_reminders_send
from grants.reports.services import (
    report_approve,
    report_attach,
    report_request_changes,
    report_save_draft,
    report_submit,
)
from socialtech.audit.models import AuditEvent
from tests.calls.factories import CallFactory
from tests.conftest import login
from tests.documents.conftest import minimal_pdf
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.grants.factories import AwardFactory


@pytest.fixture
def call(in_tenant_a: Any) -> Any:
    return CallFactory(tenant=in_tenant_a, status="results", budget=Decimal("500000"))


@pytest.fixture
def owner(db: None) -> Any:
    return UserFactory(email="olga@example.org", full_name="Olga Owner")


@pytest.fixture
def award(call: Any, owner: Any) -> Any:
    organisation = OrganisationFactory(owner=owner)
    award = AwardFactory(
        application__call=call,
        application__organisation=organisation,
        application__created_by=owner,
        application__status="accepted",
        status=AwardStatus.ACTIVE,
        amount=Decimal("10000.00"),
        amount_requested=Decimal("10000.00"),
    )
    tranches_open(award_id=award.pk, trigger="signature")
    return award


def final_report(award: Any) -> BeneficiaryReport:
    return BeneficiaryReport.objects.get(award=award, kind=ReportKind.FINAL)


def pdf(name: str = "proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")


def fill_final(report: BeneficiaryReport, owner: Any) -> None:
    report_save_draft(
        report=report,
        user=owner,
        answers={
            "results": "Forty care robots in use in six villages.",
            "indicators": "Households reached: 240.",
            "final_costs": [{"category": "", "description": "Robots", "amount": "9800.00"}],
        },
    )
    report_attach(report=report, user=owner, field_key="proof", upload=pdf())


# --- Scheduling -------------------------------------------------------------------------------


def test_the_signature_schedules_the_final_report_at_the_project_end(award: Any) -> None:
    report = final_report(award)
    assert report.status == ReportStatus.DUE
    assert report.due_on == selectors.add_months(timezone.localdate(), 12)
    assert not BeneficiaryReport.objects.filter(award=award, kind=ReportKind.PROGRESS).exists()
    tranches_open(award_id=award.pk, trigger="signature")
    assert BeneficiaryReport.objects.filter(award=award).count() == 1


def test_a_plan_paying_on_progress_schedules_a_progress_report(call: Any, alice: Any) -> None:
    payment_plan_save(
        call=call,
        steps=[
            {"percent": "40", "trigger": "signature"},
            {"percent": "30", "trigger": "progress_report"},
            {"percent": "30", "trigger": "final_report"},
        ],
        by=alice,
    )
    award = AwardFactory(
        application__call=call, application__status="accepted", status=AwardStatus.ACTIVE
    )
    tranches_open(award_id=award.pk, trigger="signature")
    progress = BeneficiaryReport.objects.get(award=award, kind=ReportKind.PROGRESS)
    assert progress.due_on == selectors.add_months(timezone.localdate(), 6)
    assert [q.key for q in selectors.report_questions(progress)] == [
        "activities",
        "results",
        "deviations",
        "costs_so_far",
    ]


# --- Writing and submitting -------------------------------------------------------------------


def test_submission_checks_each_question_by_its_type_and_keeps_the_draft(
    award: Any, owner: Any
) -> None:
    common = {"call": award.call, "kind": ReportKind.FINAL}
    ReportField.objects.create(
        **common, key="spent", type="money", label={"en": "Money spent"}, order=1
    )
    ReportField.objects.create(
        **common, key="ended", type="date", label={"en": "End date"}, order=2
    )
    ReportField.objects.create(
        **common,
        key="summary",
        type="textarea",
        label={"en": "Summary"},
        max_words=3,
        order=3,
    )
    ReportField.objects.create(
        **common,
        key="channel",
        type="choice",
        label={"en": "Channel"},
        options=[{"value": "web", "label": {"en": "Web"}}],
        order=4,
    )
    ReportField.objects.create(
        **common, key="true_copy", type="declaration", label={"en": "True copy"}, order=5
    )
    report = final_report(award)
    report_save_draft(
        report=report,
        user=owner,
        answers={
            "spent": "12.345",
            "ended": "31/12/2026",
            "summary": "one two three four",
            "channel": "fax",
        },
    )
    with pytest.raises(ReportError) as refused:
        report_submit(report=report, user=owner)
    assert refused.value.code == "answers_invalid"
    assert refused.value.fields == {
        "spent": ["Money spent: give an amount in EUR with at most two decimals, like 12500.00."],
        "ended": ["End date: give a date as YYYY-MM-DD."],
        "summary": ["Summary: at most 3 words (now 4)."],
        "channel": ["Channel: choose one of the options."],
        "true_copy": ["True copy: tick the declaration to confirm it."],
    }
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE
    assert report.answers["summary"] == "one two three four"
    report_save_draft(
        report=report,
        user=owner,
        answers={
            "spent": "12.35",
            "ended": "2026-12-31",
            "summary": "one two three",
            "channel": "web",
            "true_copy": True,
        },
    )
    assert report_submit(report=report, user=owner).status == ReportStatus.SUBMITTED


def test_the_default_final_report_needs_its_proof_file(award: Any, owner: Any) -> None:
    report = final_report(award)
    report_save_draft(
        report=report,
        user=owner,
        answers={
            "results": "Done.",
            "indicators": "All met.",
            "final_costs": [{"category": "", "description": "Robots", "amount": "9800"}],
        },
    )
    with pytest.raises(ReportError) as refused:
        report_submit(report=report, user=owner)
    assert list(refused.value.fields) == ["proof"]
    assert "upload a file" in refused.value.fields["proof"][0]
    with pytest.raises(ValidationError) as wrong_type:
        report_attach(
            report=report,
            user=owner,
            field_key="proof",
            upload=SimpleUploadedFile("proof.pdf", b"MZ\x90\x00" * 50),
        )
    assert "PDF" in " ".join(wrong_type.value.messages)
    assert not selectors.report_files(report)
    report_attach(report=report, user=owner, field_key="proof", upload=pdf())
    assert report_submit(report=report, user=owner).status == ReportStatus.SUBMITTED


# --- Review -----------------------------------------------------------------------------------


def test_changes_requested_then_resubmitted_then_approved_makes_the_final_tranche_due(
    award: Any, owner: Any, alice: Any, committing: Any
) -> None:
    report = final_report(award)
    fill_final(report, owner)
    report_submit(report=report, user=owner)
    with pytest.raises(PermissionDenied):
        report_approve(report=report, by=owner)
    with pytest.raises(ReportError) as no_comment:
        report_request_changes(report=report, by=alice, comment=" ")
    assert no_comment.value.code == "comment_missing"
    mail.outbox.clear()
    with committing(execute=True):
        report_request_changes(report=report, by=alice, comment="Add the photos of the robots.")
    assert len(mail.outbox) == 1
    assert "Add the photos of the robots." in mail.outbox[0].body
    report.refresh_from_db()
    assert report.status == ReportStatus.CHANGES_REQUESTED
    with pytest.raises(ReportError):
        report_approve(report=report, by=alice)
    report_save_draft(
        report=report, user=owner, answers={"results": "Forty robots, photos attached."}
    )
    report_submit(report=report, user=owner)
    assert Tranche.objects.get(award=award, position=2).status == TrancheStatus.PLANNED
    with committing(execute=True):
        report_approve(report=report, by=alice)
    last = Tranche.objects.get(award=award, position=2)
    assert last.status == TrancheStatus.DUE
    assert "approved" in mail.outbox[-1].subject
    verbs = list(
        AuditEvent.objects.filter(object_id=str(report.pk), verb__startswith="report.")
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "report.scheduled",
        "report.file_uploaded",
        "report.submitted",
        "report.changes_requested",
        "report.review_notice_sent",
        "report.resubmitted",
        "report.approved",
        "report.review_notice_sent",
    ]


def test_paying_the_balance_after_the_approved_final_report_completes_the_award(
    award: Any, owner: Any, alice: Any, tenant_a: Any
) -> None:
    finance = UserFactory()
    MembershipFactory(tenant=tenant_a, user=finance, role="finance")
    today = timezone.localdate()
    first = tranche_approve(tranche=Tranche.objects.get(award=award, position=1), by=alice)
    tranche_mark_paid(tranche=first, by=finance, paid_on=today, reference="T1")
    report = final_report(award)
    fill_final(report, owner)
    report_submit(report=report, user=owner)
    report_approve(report=report, by=alice)
    last = tranche_approve(tranche=Tranche.objects.get(award=award, position=2), by=alice)
    tranche_mark_paid(tranche=last, by=finance, paid_on=today, reference="T2")
    award.refresh_from_db()
    assert award.status == AwardStatus.COMPLETED


# --- Reminders --------------------------------------------------------------------------------


def test_reminders_are_sent_14_and_3_days_before_and_when_overdue_each_once(
    award: Any, owner: Any
) -> None:
    report = final_report(award)
    due = report.due_on
    mail.outbox.clear()
    assert report_reminders_send(today=due - timedelta(days=20)) == 0
    assert report_reminders_send(today=due - timedelta(days=14)) == 1
    assert report_reminders_send(today=due - timedelta(days=13)) == 0
    assert report_reminders_send(today=due - timedelta(days=3)) == 1
    assert report_reminders_send(today=due - timedelta(days=2)) == 0
    assert report_reminders_send(today=due + timedelta(days=1)) == 1
    assert report_reminders_send(today=due + timedelta(days=5)) == 0
    assert [message.to for message in mail.outbox] == [[owner.email]] * 3
    assert "overdue" in mail.outbox[-1].subject
    report.refresh_from_db()
    assert report.reminders_sent == ["14_days", "3_days", "overdue"]


def test_a_late_first_reminder_skips_the_earlier_one_and_submitted_reports_get_none(
    award: Any, owner: Any
) -> None:
    report = final_report(award)
    mail.outbox.clear()
    assert report_reminders_send(today=report.due_on - timedelta(days=2)) == 1
    assert report_reminders_send(today=report.due_on - timedelta(days=1)) == 0
    fill_final(report, owner)
    report_submit(report=report, user=owner)
    assert report_reminders_send(today=report.due_on + timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


# --- Termination and visibility ---------------------------------------------------------------


def test_termination_cancels_the_reports(award: Any, alice: Any) -> None:
    award_terminate(award=award, reason="Abandoned", recovery_amount="", by=alice)
    assert final_report(award).status == ReportStatus.CANCELLED
    assert Tranche.objects.get(award=award, position=1).status == TrancheStatus.CANCELLED


def test_another_organisation_cannot_see_or_submit_the_report(award: Any, owner: Any) -> None:
    report = final_report(award)
    outsider = UserFactory()
    OrganisationFactory(owner=outsider)
    client = login(Client(), outsider)
    assert client.get(reverse("grants_report", args=[report.pk])).status_code == 404
    posted = client.post(
        reverse("grants_report", args=[report.pk]), {"submit": "1", "version": "0"}
    )
    assert posted.status_code == 404
    autosave = client.post(
        reverse("grants_report_autosave", args=[report.pk]), {"version": "0", "results": "x"}
    )
    assert autosave.status_code == 404
    with pytest.raises(ReportError) as refused:
        report_submit(report=report, user=outsider)
    assert refused.value.code == "forbidden"
    report.refresh_from_db()
    assert (report.status, report.answers) == (ReportStatus.DUE, {})


def test_the_beneficiary_writes_autosaves_and_submits_in_the_browser(
    award: Any, owner: Any
) -> None:
    report = final_report(award)
    client = login(Client(), owner)
    page = client.get(reverse("grants_report", args=[report.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "data-draft-form" in body and reverse("grants_report_autosave", args=[report.pk]) in body
    assert 'id="input-results"' in body
    saved = client.post(
        reverse("grants_report_autosave", args=[report.pk]),
        {"version": "0", "results": "Forty robots.", "indicators": ""},
    )
    assert saved.status_code == 200
    assert saved.json()["version"] == 1
    stale = client.post(
        reverse("grants_report_autosave", args=[report.pk]), {"version": "0", "results": "Old"}
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"
    uploaded = client.post(
        reverse("grants_report_upload", args=[report.pk, "proof"]), {"file": pdf()}
    )
    assert uploaded.status_code == 200
    assert uploaded.json()["attachment"]["name"] == "proof.pdf"
    refused = client.post(
        reverse("grants_report", args=[report.pk]),
        {"version": "2", "results": "Forty robots.", "submit": "1"},
    )
    assert refused.status_code == 400
    assert "Indicators and their values: this field is required." in refused.content.decode()
    done = client.post(
        reverse("grants_report", args=[report.pk]),
        {
            "version": "2",
            "results": "Forty robots.",
            "indicators": "240 households.",
            "final_costs-0-category": "",
            "final_costs-0-description": "Robots",
            "final_costs-0-amount": "9800.00",
            "submit": "1",
        },
    )
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    payments = client.get(reverse("grants_payments", args=[award.pk])).content.decode()
    assert f'data-report="{report.pk}"' in payments


def test_staff_review_in_the_back_office(award: Any, owner: Any, alice: Any) -> None:
    report = final_report(award)
    fill_final(report, owner)
    report_submit(report=report, user=owner)
    client = login(Client(), alice, mfa=True)
    page = client.get(reverse("admin:grants_beneficiaryreport_change", args=[report.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Forty care robots in use in six villages." in body
    assert "proof.pdf" in body
    url = reverse("admin:grants_beneficiaryreport_review", args=[report.pk])
    refused = client.post(url, {"changes": "1", "comment": ""}, follow=True)
    assert "say what the beneficiary must change" in refused.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    client.post(url, {"approve": "1", "comment": "Fine."})
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert Tranche.objects.get(award=award, position=2).status == TrancheStatus.DUE


def test_a_reminder_whose_e_mail_failed_goes_out_on_the_next_run_once(
    award: Any, owner: Any, monkeypatch: Any
) -> None:
    from django.core.mail import EmailMessage

    report = final_report(award)
    day = report.due_on - timedelta(days=14)
    mail.outbox.clear()
    real_send = EmailMessage.send

    def refuse(self: Any, fail_silently: bool = False) -> int:
        raise ConnectionError("mail server down")

    monkeypatch.setattr(EmailMessage, "send", refuse)
    with pytest.raises(ConnectionError):
        report_reminders_send(today=day)
    report.refresh_from_db()
    assert report.reminders_sent == []
    monkeypatch.setattr(EmailMessage, "send", real_send)
    assert report_reminders_send(today=day) == 1
    assert report_reminders_send(today=day) == 0
    assert len(mail.outbox) == 1
