"""What an applicant sees of an application's status, on every surface they reach.

One rule (``applications.visibility``) decides: before the programme announces an outcome
the applicant sees "Submitted" or "Under evaluation", never an evaluation step, a ranking
outcome or a re-ranking after redress; after the announcement, the announced outcome. The
walk covers the pages (My applications, the start page, the application's page, the
withdraw page, the confirmation, the results pages), the API list and detail, the e-mails,
the PDFs (answers, receipt, evaluation summary report) and the call feeds.
"""

from __future__ import annotations

import re
from decimal import Decimal
from io import BytesIO

import pytest
from django.apps import apps as django_apps
from django.contrib.messages import get_messages
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from applications.models import Application, ApplicationStatus
from applications.receipts.jobs import receipt_document_issue
from applications.staff import (
    ScreeningAnswer,
    application_screening_complete,
    eligibility_checks_record,
)
from applications.visibility import (
    SHOWN_AS_IS,
    ApplicantStatus,
    applicant_status,
    applicant_status_label,
)
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
from tests.applications.test_staff import all_rules
from tests.calls.factories import VALID_ANSWERS
from tests.conftest import HOST_A, login
from tests.evaluations.test_redress import ANSWER, GROUNDS
from tests.evaluations.test_results import (
    COMMENT,
    approved_consensus,
    criterion_keys,
    results_call,
    reviewed,
)
from tests.factories import OrganisationFactory, UserFactory

S = ApplicationStatus
BADGE = re.compile(r'<span class="badge badge-([\w-]+)">([^<]*)</span>')
# Words that would give an evaluation step or outcome away.
TELLING_LABELS = {
    S.ELIGIBLE: "Eligible",
    S.INELIGIBLE: "Ineligible",
    S.IN_EVALUATION: "In evaluation",
    S.EVALUATED: "Evaluated",
    S.MAIN_LIST: "Main list",
    S.RESERVE_LIST: "Reserve list",
    S.REJECTED_THRESHOLD: "Rejected: below threshold",
    S.REJECTED_BUDGET: "Rejected: budget exhausted",
}
_numbers = iter(range(1, 10_000))


def own_application(call, owner, name, *, status, amount="50000", **values):
    """An application of a new organisation owned by ``owner``, as the services leave it."""
    number = next(_numbers)
    is_draft = status == S.DRAFT
    return Application.unscoped.create(
        tenant=call.tenant,
        call=call,
        organisation=OrganisationFactory(legal_name=name, vat_number="", owner=owner),
        created_by=owner,
        status=status,
        title=f"Project of {name}",
        answers=dict(VALID_ANSWERS),
        submitted_answers=None if is_draft else dict(VALID_ANSWERS),
        requested_amount=Decimal(amount),
        receipt_number="" if is_draft else f"ALPHA-2026-V-{number:06d}",
        submitted_at=None
        if is_draft
        else timezone.now() - timezone.timedelta(days=30, seconds=number),
        **values,
    )


def applicant_client(user):
    return login(Client(HTTP_HOST=HOST_A), user)


def badges_of(html):
    """The status badges shown in ``html`` (value, label)."""
    return [(value, label.strip()) for value, label in BADGE.findall(html)]


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def hidden_words(expected: str) -> list[str]:
    """The telling labels that must not show when the applicant may see ``expected``."""
    return [label for status, label in TELLING_LABELS.items() if status != expected]


def surfaces(client, application):
    """Every applicant page, API answer and PDF about ``application``: (name, text)."""
    shown = []
    for name, url in [
        ("my applications", reverse("application_dashboard")),
        ("application page", reverse("application_review", args=[application.pk])),
        ("start page", reverse("application_start", args=[application.call.slug])),
    ]:
        response = client.get(url)
        assert response.status_code == 200, name
        shown.append((name, response.content.decode()))
    withdraw = client.get(reverse("application_withdraw", args=[application.pk]))
    if withdraw.status_code == 302:  # no longer withdrawable: the reason is a message
        shown.append(
            ("withdraw refusal", " ".join(str(m) for m in get_messages(withdraw.wsgi_request)))
        )
    else:
        shown.append(("withdraw page", withdraw.content.decode()))
    if application.receipt_number:
        confirmation = client.get(reverse("application_confirmation", args=[application.pk]))
        shown.append(("confirmation", confirmation.content.decode()))
    answers_pdf = client.get(reverse("application_answers_pdf", args=[application.pk]))
    assert answers_pdf["Content-Type"] == "application/pdf"
    shown.append(("answers PDF", pdf_text(answers_pdf.content)))
    for feed in ("call_feed_rss", "call_feed_atom"):
        shown.append((feed, client.get(reverse(feed)).content.decode()))
    return shown


def api_statuses(client, application):
    listed = client.get("/api/v1/applications/").json()["results"]
    detail = client.get(f"/api/v1/applications/{application.pk}/").json()
    return [row["status"] for row in listed if row["id"] == application.pk], detail["status"]


def assert_applicant_sees(client, application, expected):
    """Every surface shows ``expected`` and none of the other telling words."""
    label = str(ApplicantStatus(expected).label)
    for name, text in surfaces(client, application):
        for word in hidden_words(expected):
            assert word not in text, f"{name} shows {word!r}"
        if name in ("my applications", "application page", "start page"):
            assert (expected, label) in badges_of(text), name
            assert {value for value, _label in badges_of(text)} == {expected}, name
        if name in ("answers PDF", "withdraw refusal"):
            assert label in text, name
    assert api_statuses(client, application) == ([expected], expected)


@pytest.fixture
def call(in_tenant_a):
    return results_call(in_tenant_a)


# --- Every status, nothing announced -----------------------------------------------------


@pytest.mark.parametrize("status", S.values)
def test_before_any_announcement_every_surface_shows_only_the_applicants_own_steps(
    call, applicant, status
):
    application = own_application(call, applicant, "Cooperativa Aurora", status=status)
    expected = status if status in SHOWN_AS_IS else ApplicantStatus.UNDER_EVALUATION
    assert applicant_status(application) == expected
    assert_applicant_sees(applicant_client(applicant), application, expected)
    assert (
        applicant_client(applicant)
        .get(reverse("results_detail", args=[application.pk]))
        .status_code
        == 404
    )


@pytest.mark.parametrize(
    "status",
    [S.INELIGIBLE, S.MAIN_LIST, S.RESERVE_LIST, S.REJECTED_THRESHOLD, S.REJECTED_BUDGET],
)
def test_after_the_announcement_every_surface_shows_the_announced_outcome(call, applicant, status):
    call.status = "results"
    call.save(update_fields=["status"])
    application = own_application(
        call, applicant, "Cooperativa Aurora", status=status, published_outcome=status
    )
    assert_applicant_sees(applicant_client(applicant), application, status)


# --- The demo's case and the whole flow through the services --------------------------------


@pytest.fixture
def ranked(call, applicant, alice, bob):
    """Four applications ranked, results not published (as in the demo); each organisation
    has its own owner, and the applicant's is the one rejected for the budget."""
    owners = {
        "best": UserFactory(email="best@example.org"),
        "high": UserFactory(email="high@example.org"),
        "low": applicant,
        "weak": UserFactory(email="weak@example.org"),
    }
    scores = {
        "best": ("60000", ("5", "5", "5")),
        "high": ("50000", ("4.5", "4", "4")),
        "low": ("30000", ("4", "4.5", "4")),
        "weak": ("10000", ("5", "5", "2.5")),
    }
    applications = {}
    for key, (amount, row) in scores.items():
        application = own_application(
            call, owners[key], key.title(), status=S.IN_EVALUATION, amount=amount
        )
        reviewed(application, row, row)
        applications[key] = application
    call_mark_evaluated(call=call, by=alice)
    mail.outbox.clear()
    call_ranking_run(call=call, by=bob, seed=11)
    for application in applications.values():
        application.refresh_from_db()
    return {"applications": applications, "owners": owners}


def test_a_ranked_but_unpublished_application_shows_under_evaluation_also_in_italian(
    ranked, applicant
):
    low = ranked["applications"]["low"]
    assert low.status == S.REJECTED_BUDGET  # staff see the ranking's outcome
    for key, application in ranked["applications"].items():
        client = applicant_client(ranked["owners"][key])
        assert_applicant_sees(client, application, ApplicantStatus.UNDER_EVALUATION)
    assert mail.outbox == []  # the ranking tells nobody

    applicant.language = "it"
    applicant.save(update_fields=["language"])
    client = applicant_client(applicant)
    with translation.override("it"):
        hidden = str(S.REJECTED_BUDGET.label)
        shown = str(ApplicantStatus.UNDER_EVALUATION.label)
    assert hidden == "Respinta: budget esaurito"
    for url in (
        reverse("application_dashboard"),
        reverse("application_review", args=[low.pk]),
        reverse("application_start", args=[low.call.slug]),
    ):
        html = client.get(url).content.decode()
        assert hidden not in html and "Rejected: budget exhausted" not in html
        assert badges_of(html) == [("under_evaluation", shown)]
    answers = pdf_text(client.get(reverse("application_answers_pdf", args=[low.pk])).content)
    assert hidden not in answers and shown in answers
    receipt_document_issue(application_id=low.pk)  # what the receipt task does after submission
    receipt = client.get(reverse("application_receipt", args=[low.pk]))
    receipt_text = pdf_text(b"".join(receipt.streaming_content))
    assert low.receipt_number in receipt_text
    assert hidden not in receipt_text and "Rejected" not in receipt_text
    api = client.get(f"/api/v1/applications/{low.pk}/").json()
    assert api["status"] == "under_evaluation"


def test_publication_shows_each_published_outcome_in_pages_api_emails_and_pdfs(
    ranked, bob, django_capture_on_commit_callbacks
):
    applications = ranked["applications"]
    with django_capture_on_commit_callbacks(execute=True):
        call_publish_results(call=applications["best"].call, by=bob)
    expected = {
        "best": S.MAIN_LIST,
        "high": S.RESERVE_LIST,
        "low": S.REJECTED_BUDGET,
        "weak": S.REJECTED_THRESHOLD,
    }
    for key, application in applications.items():
        owner = ranked["owners"][key]
        client = applicant_client(owner)
        application.refresh_from_db()
        assert application.published_outcome == expected[key]
        assert_applicant_sees(client, application, expected[key])
        label = str(S(expected[key]).label)
        for url in (
            reverse("results_list"),
            reverse("results_detail", args=[application.pk]),
        ):
            assert badges_of(client.get(url).content.decode()) == [(expected[key], label)]
        report = client.get(reverse("results_esr", args=[application.pk]))
        assert label in pdf_text(b"".join(report.streaming_content))
        letters = [m for m in mail.outbox if m.to == [owner.email]]
        assert len(letters) == 1 and label in letters[0].body


def test_a_new_ranking_after_an_upheld_redress_stays_hidden_until_it_is_published(
    call, applicant, alice, bob, django_capture_on_commit_callbacks
):
    own = own_application(
        call, applicant, "Cooperativa Aurora", status=S.IN_EVALUATION, amount="40000"
    )
    reviewed(own, ("4", "4", "2.5"), ("4", "4", "2.5"))
    other = own_application(call, UserFactory(), "Other Cooperative", status=S.IN_EVALUATION)
    reviewed(other, ("4", "4", "4"), ("4", "4", "4"))
    call_mark_evaluated(call=call, by=alice)
    consensus = approved_consensus(own, ("4", "4", "2.5"), rapporteur=alice, approver=bob)
    call_ranking_run(call=call, by=bob, seed=2)
    with django_capture_on_commit_callbacks(execute=True):
        call_publish_results(call=call, by=bob)
    own.refresh_from_db()
    client = applicant_client(applicant)
    assert_applicant_sees(client, own, S.REJECTED_THRESHOLD)

    redress = redress_request_submit(application=own, by=applicant, grounds=GROUNDS)
    with django_capture_on_commit_callbacks(execute=True):
        redress_request_answer(redress_request=redress, by=alice, is_upheld=True, answer=ANSWER)
    own.refresh_from_db()
    assert_applicant_sees(client, own, ApplicantStatus.UNDER_EVALUATION)
    results = client.get(reverse("results_detail", args=[own.pk])).content.decode()
    assert "being evaluated again after an upheld redress request" in results

    reviewed(own, ("4", "4", "3.5"))
    application_mark_evaluated(application=own, by=alice)
    keys = criterion_keys(call)
    consensus_rapporteur_name(application=own, rapporteur=bob, by=alice)
    consensus_report_draft(
        consensus=consensus,
        by=bob,
        scores=dict(zip(keys, ["4", "4", "3.5"], strict=True)),
        comments=dict.fromkeys(keys, f"Re-evaluated: {COMMENT}"),
    )
    consensus_report_approve(consensus=consensus, by=alice)
    sent = len(mail.outbox)
    call_ranking_run(call=call, by=bob, seed=2)
    own.refresh_from_db()
    assert own.status == S.MAIN_LIST  # staff see the new ranking
    assert_applicant_sees(client, own, ApplicantStatus.UNDER_EVALUATION)
    assert len(mail.outbox) == sent
    results = client.get(reverse("results_detail", args=[own.pk])).content.decode()
    assert 'name="grounds"' not in results  # no redress about an unpublished ranking

    with django_capture_on_commit_callbacks(execute=True):
        call_publish_results(call=call, by=bob)
    own.refresh_from_db()
    assert_applicant_sees(client, own, S.MAIN_LIST)
    assert "Main list" in mail.outbox[-1].body


def test_the_eligibility_letter_announces_an_ineligibility_and_nothing_else(
    call_a, applicant, alice, bob, django_capture_on_commit_callbacks
):
    eligible = own_application(call_a, applicant, "Cooperativa Aurora", status=S.SUBMITTED)
    other_owner = UserFactory(email="owner@borea.example.org")
    ineligible = own_application(call_a, other_owner, "Cooperativa Borea", status=S.SUBMITTED)
    missing = ScreeningAnswer(is_met=False, note="The work plan is an empty page.")
    for person in (alice, bob):
        eligibility_checks_record(
            application=eligible, checked_by=person, answers=all_rules(call_a)
        )
        eligibility_checks_record(
            application=ineligible,
            checked_by=person,
            answers=all_rules(call_a, documents_complete=missing),
        )
    with django_capture_on_commit_callbacks(execute=True):
        application_screening_complete(application=eligible, by=bob)
        application_screening_complete(application=ineligible, by=bob)
    eligible.refresh_from_db()
    ineligible.refresh_from_db()
    assert (eligible.status, eligible.published_outcome) == (S.ELIGIBLE, "")
    assert (ineligible.status, ineligible.published_outcome) == (S.INELIGIBLE, S.INELIGIBLE)
    assert_applicant_sees(applicant_client(applicant), eligible, ApplicantStatus.UNDER_EVALUATION)
    assert_applicant_sees(applicant_client(other_owner), ineligible, S.INELIGIBLE)


# --- The schema, the label helper and the backfill ----------------------------------------


def test_the_api_schema_documents_the_statuses_an_applicant_can_see(client, tenant_a):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    for name in ("Application", "Submission"):
        status = components[name]["properties"]["status"]
        reference = status["$ref"] if "$ref" in status else status["allOf"][0]["$ref"]
        assert reference == "#/components/schemas/ApplicantStatusEnum"
        assert "under_evaluation" in status["description"]
    assert set(components["ApplicantStatusEnum"]["enum"]) == set(ApplicantStatus.values)
    assert {"under_evaluation", "main_list"} <= set(ApplicantStatus.values)
    assert not {"eligible", "in_evaluation", "evaluated"} & set(ApplicantStatus.values)


def test_the_label_is_in_the_readers_language(call, applicant):
    application = own_application(
        call,
        applicant,
        "Cooperativa Aurora",
        status=S.REJECTED_BUDGET,
        published_outcome=S.REJECTED_BUDGET,
    )
    with translation.override("it"):
        assert applicant_status_label(application) == "Respinta: budget esaurito"
    application.published_outcome = ""
    with translation.override("it"):
        assert applicant_status_label(application) == str(ApplicantStatus.UNDER_EVALUATION.label)


def test_the_backfill_takes_what_was_published_and_leaves_a_reopened_application_unseen(
    call, applicant, alice, bob
):
    from importlib import import_module

    backfill = import_module(
        "applications.migrations.0003_application_published_outcome"
    ).backfill_published_outcomes
    kept = own_application(call, applicant, "Kept", status=S.IN_EVALUATION, amount="40000")
    reviewed(kept, ("5", "5", "5"))
    reopened = own_application(call, applicant, "Reopened", status=S.IN_EVALUATION)
    reviewed(reopened, ("4", "4", "2.5"))
    unpublished_call = results_call(call.tenant)
    ranked_only = own_application(
        unpublished_call, applicant, "Ranked only", status=S.IN_EVALUATION
    )
    reviewed(ranked_only, ("5", "5", "5"))
    own_application(unpublished_call, applicant, "Ineligible", status=S.INELIGIBLE)
    for each in (call, unpublished_call):
        call_mark_evaluated(call=each, by=alice)
        call_ranking_run(call=each, by=bob, seed=1)
    call_publish_results(call=call, by=bob)
    redress = redress_request_submit(
        application=Application.objects.get(pk=reopened.pk), by=applicant, grounds=GROUNDS
    )
    redress_request_answer(redress_request=redress, by=alice, is_upheld=True, answer=ANSWER)
    Application.unscoped.update(published_outcome="")

    backfill(django_apps, None)

    assert dict(Application.unscoped.values_list("title", "published_outcome")) == {
        "Project of Kept": S.MAIN_LIST,
        "Project of Reopened": "",
        "Project of Ranked only": "",
        "Project of Ineligible": S.INELIGIBLE,
    }
