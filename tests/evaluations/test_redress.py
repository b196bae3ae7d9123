"""The applicant's results pages and redress: window, request, answer, re-evaluation."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from evaluations.models import Assignment, Consensus, RedressRequest
from evaluations.results import selectors
from evaluations.results.services import (
    application_mark_evaluated,
    call_mark_evaluated,
    call_publish_results,
    call_ranking_run,
    consensus_rapporteur_name,
    consensus_report_approve,
    consensus_report_draft,
    redress_request_answer,
    redress_request_submit,
)
from socialtech.audit.models import AuditEvent
from socialtech.documents.models import StoredDocument
from tests.applications.conftest import MINIMAL_PDF
from tests.conftest import HOST_A, HOST_B, login
from tests.evaluations.test_results import (
    COMMENT,
    application_of,
    approved_consensus,
    criterion_keys,
    results_call,
    reviewed,
    staff_client,
)
from tests.factories import UserFactory

GROUNDS = (
    "The comment on Implementation says the work plan is complete, yet the score is 2.5; "
    "the score contradicts the comment, which is a manifest error of assessment."
)
ANSWER = (
    "The panel examined the procedure. The Implementation comment and score were checked "
    "against the individual reviews and the consensus report; they are consistent."
)


def pdf(name="evidence.pdf", content=MINIMAL_PDF):
    upload = BytesIO(content)
    upload.name = name
    return upload


@pytest.fixture
def published(in_tenant_a, applicant, alice, bob, django_capture_on_commit_callbacks):
    """A call with published results; the applicant's application is rejected on a threshold."""
    call = results_call(in_tenant_a)
    own = application_of(call, "Cooperativa Aurora", owner=applicant, amount="40000")
    reviewed(own, ("4", "4", "2.5"), ("4", "4", "2.5"))
    other = application_of(call, "Other Cooperative", amount="50000")
    reviewed(other, ("4", "4", "4"), ("4", "4", "4"))
    call_mark_evaluated(call=call, by=alice)
    approved_consensus(own, ("4", "4", "2.5"), rapporteur=alice, approver=bob)
    call_ranking_run(call=call, by=bob, seed=2)
    with django_capture_on_commit_callbacks(execute=True):
        call_publish_results(call=call, by=bob)
    own.refresh_from_db()
    return {"call": call, "own": own, "other": other}


def applicant_client(applicant):
    return login(Client(HTTP_HOST=HOST_A), applicant)


def close_the_window(call):
    # Eleven days pass: the audit log is append-only through the ORM, so the test moves the
    # publication's time in the table itself.
    event = AuditEvent.objects.get(verb=selectors.RESULTS_PUBLISHED, object_id=str(call.pk))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET at = %s WHERE id = %s",
            [timezone.now() - timezone.timedelta(days=11), event.pk],
        )


def test_member_sees_the_outcome_and_downloads_the_report(published, applicant):
    client = applicant_client(applicant)
    own = published["own"]
    listing = client.get(reverse("results_list")).content.decode()
    assert "Cooperativa Aurora" in listing and "Other Cooperative" not in listing
    page = client.get(reverse("results_detail", args=[own.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Rejected: below threshold" in html
    assert "did not reach every threshold" in html
    assert reverse("results_esr", args=[own.pk]) in html
    assert 'name="grounds"' in html  # the window is open
    report = client.get(reverse("results_esr", args=[own.pk]))
    assert report["Content-Type"] == "application/pdf"
    assert b"".join(report.streaming_content).startswith(b"%PDF-")


def test_non_members_get_404_on_every_results_page(published, alice, charlie):
    own = published["own"]
    urls = [reverse("results_detail", args=[own.pk]), reverse("results_esr", args=[own.pk])]
    stranger = login(Client(HTTP_HOST=HOST_A), UserFactory(email="stranger@example.org"))
    for client in (stranger, staff_client(alice), login(Client(HTTP_HOST=HOST_B), charlie)):
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(urls[0], {"grounds": GROUNDS}).status_code == 404
    assert RedressRequest.objects.count() == 0


def test_results_are_not_shown_before_publication(in_tenant_a, applicant, alice, bob):
    call = results_call(in_tenant_a)
    own = application_of(call, "Cooperativa Aurora", owner=applicant)
    reviewed(own, ("4", "4", "4"))
    call_mark_evaluated(call=call, by=alice)
    call_ranking_run(call=call, by=bob)
    client = applicant_client(applicant)
    assert client.get(reverse("results_detail", args=[own.pk])).status_code == 404
    with pytest.raises(ValidationError) as refused:
        redress_request_submit(application=own, by=applicant, grounds=GROUNDS)
    assert refused.value.code == "not_published"


def test_redress_request_within_the_window_is_recorded_with_its_pdf_evidence(published, applicant):
    own = published["own"]
    response = applicant_client(applicant).post(
        reverse("results_detail", args=[own.pk]), {"grounds": GROUNDS, "evidence": pdf()}
    )
    assert response.status_code == 302
    redress = RedressRequest.objects.get()
    assert (redress.application, redress.submitted_by, redress.status) == (own, applicant, "open")
    assert redress.grounds == GROUNDS
    assert redress.evidence.name.startswith("redress/") and redress.evidence.name.endswith(".pdf")
    assert "evidence" not in redress.evidence.name  # a random name, never the user's
    event = AuditEvent.objects.get(verb="redress.requested")
    assert event.data["evidence"]["name"] == "evidence.pdf"
    page = applicant_client(applicant).get(reverse("results_detail", args=[own.pk]))
    html = page.content.decode()
    assert "already recorded" in html and 'name="grounds"' not in html


def test_short_grounds_and_a_non_pdf_are_refused_naming_the_field_and_keeping_the_text(
    published, applicant
):
    own = published["own"]
    typed = "The score is wrong."
    response = applicant_client(applicant).post(
        reverse("results_detail", args=[own.pk]),
        {"grounds": typed, "evidence": pdf("notes.pdf", b"just some text, not a PDF")},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["grounds"][0].startswith("Grounds: write at least 100 characters (you wrote 19)")
    assert errors["evidence"][0].startswith("Evidence:")
    html = response.content.decode()
    assert typed in html
    assert 'aria-describedby="id_grounds_helptext id_grounds_error"' in html
    assert RedressRequest.objects.count() == 0


def test_after_the_window_the_form_is_refused_with_the_closing_date(published, applicant):
    own = published["own"]
    close_the_window(published["call"])
    deadline = selectors.redress_window(published["call"]).deadline
    client = applicant_client(applicant)
    page = client.get(reverse("results_detail", args=[own.pk])).content.decode()
    assert 'name="grounds"' not in page
    assert "The redress window closed on:" in page
    closing = timezone.localtime(deadline, published["call"].zone)
    assert closing.strftime("%H:%M:%S") in page
    response = client.post(reverse("results_detail", args=[own.pk]), {"grounds": GROUNDS})
    assert response.status_code == 400
    assert (
        response.context["form"].non_field_errors()[0].startswith("The redress window closed on ")
    )
    assert GROUNDS in response.content.decode()
    assert RedressRequest.objects.count() == 0


def test_one_redress_request_per_evaluation_round(published, applicant):
    own = published["own"]
    redress_request_submit(application=own, by=applicant, grounds=GROUNDS)
    with pytest.raises(ValidationError) as refused:
        redress_request_submit(application=own, by=applicant, grounds=GROUNDS)
    assert refused.value.code == "already_requested"


def test_staff_reject_a_request_with_a_written_answer_that_is_audited_and_emailed(
    published, applicant, alice, django_capture_on_commit_callbacks
):
    own = published["own"]
    redress = redress_request_submit(application=own, by=applicant, grounds=GROUNDS)
    client = staff_client(alice)
    url = reverse("admin:evaluations_redressrequest_answer", args=[redress.pk])
    short = client.post(url, {"decision": "rejected", "answer": "No."})
    assert short.status_code == 400
    assert short.context["form"].errors["answer"][0].startswith("Answer: write at least 100")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"decision": "rejected", "answer": ANSWER}).status_code == 302
    redress.refresh_from_db()
    assert (redress.status, redress.answered_by, redress.answer) == ("rejected", alice, ANSWER)
    assert AuditEvent.objects.filter(verb="redress.answered", data__decision="rejected").exists()
    assert [message.to for message in mail.outbox] == [[applicant.email]]
    assert ANSWER in mail.outbox[0].body and "rejected" in mail.outbox[0].subject
    own.refresh_from_db()
    assert own.status == "rejected_threshold"
    with pytest.raises(ValidationError):
        redress_request_answer(redress_request=redress, by=alice, is_upheld=True, answer=ANSWER)
    page = applicant_client(applicant).get(reverse("results_detail", args=[own.pk]))
    assert "The panel examined the procedure." in page.content.decode()


def test_upheld_redress_sends_the_application_back_to_evaluation_with_new_evaluators(
    published, applicant, alice, bob, django_capture_on_commit_callbacks
):
    own, call = published["own"], published["call"]
    earlier = set(Assignment.objects.filter(application=own).values_list("pk", flat=True))
    redress = redress_request_submit(application=own, by=applicant, grounds=GROUNDS)
    with django_capture_on_commit_callbacks(execute=True):
        redress_request_answer(redress_request=redress, by=alice, is_upheld=True, answer=ANSWER)
    own.refresh_from_db()
    assert own.status == "in_evaluation"
    # The earlier round stays on record; the assignment step is told to add new evaluators.
    assert set(Assignment.objects.filter(application=own).values_list("pk", flat=True)) == earlier
    assert selectors.applications_awaiting_reevaluation(call) == [own]
    assert selectors.reevaluation_excluded_evaluators(own) == set(
        Assignment.objects.filter(application=own).values_list("evaluator_id", flat=True)
    )
    consensus = Consensus.objects.get(application=own)
    assert consensus.approved_at is None  # reopened; its content is in the audit trail
    assert AuditEvent.objects.filter(verb="consensus.reopened").count() == 1
    assert "upheld" in mail.outbox[-1].subject
    with pytest.raises(ValidationError) as refused:
        application_mark_evaluated(application=own, by=alice)
    assert refused.value.code == "no_review"

    # A new evaluator's review completes the new round; a new consensus is then required.
    reviewed(own, ("4", "4", "3.5"))
    assert selectors.applications_awaiting_reevaluation(call) == []
    application_mark_evaluated(application=own, by=alice)
    with pytest.raises(ValidationError) as refused:
        call_ranking_run(call=call, by=bob)
    assert refused.value.messages == [
        f"{own.receipt_number} cannot be ranked yet: its consensus report is not approved yet."
    ]
    keys = criterion_keys(call)
    consensus_rapporteur_name(application=own, rapporteur=bob, by=alice)
    consensus_report_draft(
        consensus=consensus,
        by=bob,
        scores=dict(zip(keys, ["4", "4", "3.5"], strict=True)),
        comments=dict.fromkeys(keys, f"Re-evaluated: {COMMENT}"),
    )
    consensus_report_approve(consensus=consensus, by=alice)
    call_ranking_run(call=call, by=bob, seed=2)
    own.refresh_from_db()
    assert own.status == "main_list"  # passes every threshold now and fits the budget

    # Publishing again sends the new report; the first stays on record.
    sent_before = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_publish_results(call=call, by=bob)
    keys_issued = sorted(
        StoredDocument.objects.filter(
            idempotency_key__startswith=f"esr:application:{own.pk}:"
        ).values_list("idempotency_key", flat=True)
    )
    assert keys_issued[0] == f"esr:application:{own.pk}:en"
    assert len(keys_issued) == 2 and keys_issued[1].startswith(f"esr:application:{own.pk}:en:")
    new_mail = mail.outbox[sent_before:]
    assert [message.to for message in new_mail] == [[applicant.email]]
    newest = selectors.esr_for_reader(own, "en")
    assert newest.idempotency_key == keys_issued[1]
    assert selectors.redress_request_of_round(own) is None  # a new round, a new request


def test_upheld_redress_is_refused_where_the_status_rules_forbid_a_return(published, alice, bob):
    other = published["other"]
    other.refresh_from_db()
    assert other.status == "main_list"
    member = UserFactory(email="member@other.example.org")
    other.organisation.members.create(user=member, role="owner")
    redress = redress_request_submit(application=other, by=member, grounds=GROUNDS)
    with pytest.raises(ValidationError) as refused:
        redress_request_answer(redress_request=redress, by=alice, is_upheld=True, answer=ANSWER)
    assert refused.value.messages[0].startswith(
        "An application in the status “Main list” cannot move to “In evaluation”."
    )
    redress.refresh_from_db()
    assert redress.status == "open"  # nothing was recorded
    assert Application.objects.get(pk=other.pk).status == "main_list"


def test_staff_see_the_request_and_download_its_evidence(published, applicant, alice):
    own = published["own"]
    redress = redress_request_submit(application=own, by=applicant, grounds=GROUNDS, evidence=pdf())
    client = staff_client(alice)
    page = client.get(reverse("admin:evaluations_redressrequest_change", args=[redress.pk]))
    assert page.status_code == 200
    assert reverse("admin:evaluations_redressrequest_answer", args=[redress.pk]) in (
        page.content.decode()
    )
    evidence = client.get(reverse("admin:evaluations_redressrequest_evidence", args=[redress.pk]))
    assert b"".join(evidence.streaming_content) == MINIMAL_PDF
    form = client.get(reverse("admin:evaluations_redressrequest_answer", args=[redress.pk]))
    assert GROUNDS in form.content.decode()


def test_results_list_needs_the_same_queries_for_few_and_many_applications(in_tenant_a, applicant):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call = results_call(in_tenant_a, status="results")
    client = applicant_client(applicant)
    url = reverse("results_list")

    def queries_for_page():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    application_of(call, "Few", owner=applicant, status="main_list")
    few = queries_for_page()
    for index in range(25):
        application_of(call, f"Many {index}", owner=applicant, status="rejected_budget")
    assert queries_for_page() == few
