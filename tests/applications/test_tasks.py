"""Receipts, amendment notices and deadline reminders: each sent once, however often run."""

from __future__ import annotations

import smtplib
from datetime import UTC, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications import tasks
from applications.drafts import jobs as draft_jobs
from applications.receipts import jobs as receipts
from applications.receipts.tasks import send_receipt
from applications.services import application_attach, application_save_draft, application_start
from applications.submission.services import application_submit
from calls.amendments.services import call_amend
from calls.models import Call, CallAmendment
from socialtech import celery as celery_module
from socialtech.audit.models import AuditEvent
from socialtech.documents.models import StoredDocument
from socialtech.registry import schedules
from tests.applications.conftest import pdf_upload
from tests.calls.factories import VALID_ANSWERS
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def submitted(call_a, organisation, applicant):
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    application = application_save_draft(
        application=application, user=applicant, answers=dict(VALID_ANSWERS), version=1
    )
    application_attach(
        application=application, user=applicant, field_key="work_plan", upload=pdf_upload()
    )
    return application_submit(application=application, user=applicant)


@pytest.fixture
def run_queued_tasks_eagerly(monkeypatch):
    """Tasks queued by name (``send_task``) run at once, as a worker would run them."""

    def send_task(name, kwargs=None, **options):
        return celery_module.app.tasks[name].apply(kwargs=kwargs)

    monkeypatch.setattr(celery_module.app, "send_task", send_task)


def run_receipt(application):
    return send_receipt.apply(
        kwargs={"application_id": application.pk, "tenant_id": application.tenant_id}
    ).get()


# --- Receipts ----------------------------------------------------------------------------


def test_receipt_is_made_once_and_emailed_once_with_the_pdf(submitted, applicant):
    first = run_receipt(submitted)
    second = run_receipt(submitted)
    assert first["emailed"] is True
    assert second == {"document": first["document"], "emailed": False}
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [applicant.email]
    assert submitted.receipt_number in message.subject
    assert submitted.content_sha256 in message.body
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == (f"receipt-{submitted.receipt_number}.pdf", "application/pdf")
    assert content.startswith(b"%PDF-")
    document = StoredDocument.objects.get(idempotency_key=f"receipt:application:{submitted.pk}")
    assert (document.kind, document.owner) == ("receipt", applicant)
    assert AuditEvent.objects.filter(verb=receipts.RECEIPT_EMAILED).count() == 1


def test_receipt_pdf_shows_what_was_submitted(submitted, applicant):
    context = receipts.receipt_context(application=submitted, submitter=applicant)
    assert context["receipt_number"] == submitted.receipt_number
    assert context["content_sha256"] == submitted.content_sha256
    assert context["organisation"] == "Cooperativa Sociale Aurora"
    assert context["programme"] == "Programme Alpha"
    assert context["call_timezone"] == "Europe/Brussels"
    # The receipt's heading names the zone ("Submitted at (UTC)"); the value does not repeat it.
    utc = submitted.submitted_at.astimezone(UTC)
    assert context["submitted_at_utc"] == f"{utc:%-d %B %Y, %H:%M:%S}"
    assert context["attachments"][0]["name"] == "work-plan.pdf"
    assert len(context["attachments"][0]["sha256"]) == 64
    labels = {answer["label"]: answer for answer in context["answers"]}
    assert labels["Project title"]["text"] == "Care robots for rural elders"
    assert labels["Budget"]["budget_total"] == "EUR 45,000.00"


def test_submitting_queues_the_receipt_after_commit_and_a_second_submit_sends_nothing(
    client,
    call_a,
    organisation,
    applicant,
    run_queued_tasks_eagerly,
    django_capture_on_commit_callbacks,
):
    application = application_start(call=call_a, organisation=organisation, user=applicant)
    application_save_draft(
        application=application, user=applicant, answers=dict(VALID_ANSWERS), version=1
    )
    application_attach(
        application=application, user=applicant, field_key="work_plan", upload=pdf_upload()
    )
    login(client, applicant)
    url = reverse("application_submit", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert len(mail.outbox) == 1
    assert StoredDocument.objects.filter(kind="receipt").count() == 1


def test_receipt_email_is_sent_in_the_submitters_language(submitted, applicant):
    applicant.language = "it"
    applicant.save()
    run_receipt(submitted)
    # The Italian catalogue may not translate every sentence yet; the call's title is
    # localised by the same switch, so it shows the language used.
    assert "Bando OC1" in mail.outbox[0].subject


def test_a_failed_receipt_email_is_sent_by_the_retry(submitted, monkeypatch):
    real_send = mail.EmailMessage.send
    calls = {"count": 0}

    def flaky_send(self, *args, **kwargs):
        calls["count"] += 1
        if calls["count"] == 1:
            raise smtplib.SMTPServerDisconnected("mail server went away")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", flaky_send)
    monkeypatch.setattr(send_receipt, "max_retries", 0)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        send_receipt.apply(
            kwargs={"application_id": submitted.pk, "tenant_id": submitted.tenant_id},
            throw=True,
        ).get()
    assert len(mail.outbox) == 0
    assert AuditEvent.objects.filter(verb=receipts.RECEIPT_EMAIL_FAILED).count() == 1
    assert run_receipt(submitted)["emailed"] is True
    assert run_receipt(submitted)["emailed"] is False
    assert len(mail.outbox) == 1


def test_a_draft_gets_no_receipt(call_a, organisation, applicant):
    draft = application_start(call=call_a, organisation=organisation, user=applicant)
    assert run_receipt(draft) == {"document": None, "emailed": False}
    assert mail.outbox == []


# --- Amendment notices ---------------------------------------------------------------------


def test_amendment_notice_goes_once_to_every_draft_holder(
    call_a, organisation, applicant, submitted, alice
):
    Call.objects.filter(pk=call_a.pk).update(max_applications_per_organisation=3)
    call_a.refresh_from_db()
    editor = UserFactory(email="editor@example.org")
    second = OrganisationFactory(owner=editor, editors=[applicant], legal_name="Second Coop")
    application_start(call=call_a, organisation=second, user=editor)
    application_start(call=call_a, organisation=organisation, user=applicant)
    amendment = call_amend(
        call=call_a, by=alice, summary={"en": "The budget cap is now EUR 50,000."}, changes={}
    )
    sent = tasks.notify_amendment.apply(
        kwargs={"amendment_id": amendment.pk, "tenant_id": call_a.tenant_id}
    ).get()
    again = tasks.notify_amendment.apply(
        kwargs={"amendment_id": amendment.pk, "tenant_id": call_a.tenant_id}
    ).get()
    assert (sent, again) == (2, 0)
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["applicant@example.org", "editor@example.org"]
    to_applicant = next(m for m in mail.outbox if m.to == ["applicant@example.org"])
    assert "The budget cap is now EUR 50,000." in to_applicant.body
    assert to_applicant.body.count("/applications/") == 2
    amendment.refresh_from_db()
    assert amendment.notified_at is not None


def test_a_failed_amendment_notice_gives_the_claim_back(
    call_a, organisation, applicant, alice, monkeypatch
):
    application_start(call=call_a, organisation=organisation, user=applicant)
    amendment = call_amend(call=call_a, by=alice, summary={"en": "New annex."}, changes={})

    def broken(messages):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(draft_jobs, "_send_all", broken)
    monkeypatch.setattr(tasks.notify_amendment, "max_retries", 0)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        tasks.notify_amendment.apply(
            kwargs={"amendment_id": amendment.pk, "tenant_id": call_a.tenant_id}, throw=True
        ).get()
    assert CallAmendment.objects.get(pk=amendment.pk).notified_at is None


# --- Deadline reminders ----------------------------------------------------------------------


def set_deadline_in(call, delta):
    Call.objects.filter(pk=call.pk).update(
        opens_at=timezone.now() - timedelta(days=30), deadline=timezone.now() + delta
    )
    call.refresh_from_db()


def run_reminders(call):
    return tasks.send_deadline_reminders.apply(kwargs={"tenant_id": call.tenant_id}).get()


def test_reminders_are_sent_once_per_offset(call_a, organisation, applicant):
    draft = application_start(call=call_a, organisation=organisation, user=applicant)
    application_save_draft(
        application=draft,
        user=applicant,
        answers={"project_title": "Secret project name"},
        version=1,
    )
    set_deadline_in(call_a, timedelta(days=6))
    assert run_reminders(call_a) == 1
    assert run_reminders(call_a) == 0
    set_deadline_in(call_a, timedelta(hours=47))
    assert run_reminders(call_a) == 1
    assert run_reminders(call_a) == 0
    set_deadline_in(call_a, timedelta(hours=23))
    assert run_reminders(call_a) == 1
    assert run_reminders(call_a) == 0
    call_a.refresh_from_db()
    assert call_a.reminders_sent == ["t-7d", "t-48h", "t-24h"]
    subjects = [message.subject for message in mail.outbox]
    assert subjects[0].startswith("7 days left")
    assert subjects[1].startswith("48 hours left")
    assert subjects[2].startswith("24 hours left")
    for message in mail.outbox:
        assert message.to == ["applicant@example.org"]
        assert "Secret project name" not in message.body
        assert f"/applications/{draft.pk}/" in message.body


def test_a_late_first_run_sends_only_the_nearest_reminder(call_a, organisation, applicant):
    application_start(call=call_a, organisation=organisation, user=applicant)
    set_deadline_in(call_a, timedelta(hours=20))
    assert run_reminders(call_a) == 1
    assert run_reminders(call_a) == 0
    assert mail.outbox[0].subject.startswith("24 hours left")
    call_a.refresh_from_db()
    assert sorted(call_a.reminders_sent) == ["t-24h", "t-48h", "t-7d"]


def test_reminders_skip_calls_far_from_their_deadline_and_submitted_applications(call_a, submitted):
    set_deadline_in(call_a, timedelta(days=9))
    assert run_reminders(call_a) == 0
    set_deadline_in(call_a, timedelta(days=2, hours=-1))
    assert run_reminders(call_a) == 0  # the only application is submitted
    call_a.refresh_from_db()
    assert call_a.reminders_sent == ["t-7d", "t-48h"]
    assert mail.outbox == []


def test_a_reminder_recorded_by_another_runner_is_not_sent_again(call_a, organisation, applicant):
    application_start(call=call_a, organisation=organisation, user=applicant)
    set_deadline_in(call_a, timedelta(days=6))
    Call.objects.filter(pk=call_a.pk).update(reminders_sent=["t-7d"])
    assert draft_jobs._claim_reminder(call_a.pk, timezone.now()) is None
    assert run_reminders(call_a) == 0


def test_the_reminder_claim_only_updates_the_list_it_read(call_a):
    # The claim is a conditional UPDATE on the list as read; a runner holding an older
    # list must change nothing on this database.
    Call.objects.filter(pk=call_a.pk).update(reminders_sent=["t-7d"])
    stale = Call.objects.filter(pk=call_a.pk, reminders_sent=[]).update(reminders_sent=["x"])
    fresh = Call.objects.filter(pk=call_a.pk, reminders_sent=["t-7d"]).update(
        reminders_sent=["t-7d", "t-48h"]
    )
    assert (stale, fresh) == (0, 1)


def test_a_failed_reminder_gives_the_claim_back(call_a, organisation, applicant, monkeypatch):
    application_start(call=call_a, organisation=organisation, user=applicant)
    set_deadline_in(call_a, timedelta(days=6))

    def broken(messages):
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr(draft_jobs, "_send_all", broken)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        run_reminders(call_a)
    call_a.refresh_from_db()
    assert call_a.reminders_sent == []


def test_reminders_run_on_a_schedule_per_programme():
    schedule = next(s for s in schedules() if s.name == "applications-deadline-reminders")
    assert (schedule.task, schedule.every, schedule.per_tenant) == (
        "applications.send_deadline_reminders",
        900,
        True,
    )
