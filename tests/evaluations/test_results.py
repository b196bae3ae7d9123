"""The results stage: aggregation, consensus, ranking, panel minutes, publication."""

from __future__ import annotations

import itertools
import smtplib
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from evaluations.models import Assignment, Consensus, EvaluatorProfile, RankingRun, Review
from evaluations.results import selectors
from evaluations.results.selectors import application_scores
from evaluations.results.services import (
    application_mark_evaluated,
    application_results_send,
    call_mark_evaluated,
    call_publish_results,
    call_ranking_run,
    consensus_rapporteur_name,
    consensus_report_approve,
    consensus_report_draft,
)
from evaluations.scoring import divergence_reasons
from socialtech.audit.models import AuditEvent
from socialtech.documents.models import StoredDocument
from tests.calls.factories import CallFactory, CriterionFactory
from tests.conftest import HOST_A, login
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.pdf_reading import assert_tagged

COMMENT = (
    "The proposal explains the social challenge with figures and a clear target group; "
    "the work plan is realistic and the budget matches the tasks."
)
_numbers = itertools.count(1)


# --- Builders shared with test_redress.py and the isolation routes ---------------------------


def results_call(tenant, **values):
    """A call in evaluation with Excellence, Impact and Implementation (threshold 3, total 10)."""
    values = {
        "status": "evaluation",
        "budget": Decimal("100000"),
        "redress_days": 10,
        "reserve_list_length": 1,
        **values,
    }
    call = CallFactory(tenant=tenant, **values)
    for order, name in enumerate(["Excellence", "Impact", "Implementation"], start=1):
        CriterionFactory(call=call, name={"en": name, "it": f"{name} (it)"}, order=order)
    return call


def criterion_keys(call):
    return [str(pk) for pk in call.criteria.order_by("order").values_list("pk", flat=True)]


def application_of(call, name, *, amount="50000", status="in_evaluation", owner=None, **values):
    organisation = OrganisationFactory(legal_name=name, vat_number="", owner=owner)
    number = next(_numbers)
    return Application.unscoped.create(
        tenant=call.tenant,
        call=call,
        organisation=organisation,
        created_by=owner or UserFactory(),
        status=status,
        title=f"Project of {name}",
        requested_amount=Decimal(amount),
        receipt_number=f"ALPHA-2026-R-{number:06d}",
        submitted_at=timezone.now() - timezone.timedelta(days=30, seconds=number),
        **values,
    )


def expert(email=None):
    return EvaluatorProfile.objects.create(
        user=UserFactory(email=email or f"expert{next(_numbers)}@experts.example.net")
    )


def reviewed(application, *score_rows, submitted=True, evaluators=None):
    """Add one assignment per row of scores, submitted with comments on every criterion."""
    keys = criterion_keys(application.call)
    assignments = []
    for index, row in enumerate(score_rows):
        evaluator = evaluators[index] if evaluators else expert()
        assignment = Assignment.unscoped.create(
            tenant=application.tenant,
            application=application,
            evaluator=evaluator,
            status="submitted" if submitted else "in_progress",
        )
        Review.unscoped.create(
            tenant=application.tenant,
            assignment=assignment,
            scores=dict(zip(keys, row, strict=True)),
            comments={key: f"{COMMENT} ({evaluator.user.email} on {key})" for key in keys},
            overall_comment=f"Overall view of {evaluator.user.email}.",
            submitted_at=timezone.now() if submitted else None,
        )
        assignments.append(assignment)
    return assignments


def approved_consensus(application, scores, *, rapporteur, approver):
    keys = criterion_keys(application.call)
    consensus = consensus_rapporteur_name(
        application=application, rapporteur=rapporteur, by=approver
    )
    consensus_report_draft(
        consensus=consensus,
        by=rapporteur,
        scores=dict(zip(keys, scores, strict=True)),
        comments=dict.fromkeys(keys, f"Agreed: {COMMENT}"),
    )
    return consensus_report_approve(consensus=consensus, by=approver)


def staff_client(user):
    return login(Client(HTTP_HOST=HOST_A), user, mfa=True)


@pytest.fixture
def call(in_tenant_a):
    return results_call(in_tenant_a)


# --- Aggregation ------------------------------------------------------------------------------


def test_aggregate_is_the_mean_of_three_reviews_and_the_median_of_four(call):
    three = application_of(call, "Three")
    reviewed(three, ("3", "4", "4"), ("4", "4", "4"), ("4", "4.5", "4"))
    four = application_of(call, "Four")
    reviewed(four, ("3", "4", "4"), ("3.5", "4", "4"), ("4", "4", "4"), ("5", "4", "4"))
    keys = criterion_keys(call)
    rows = {
        row.application.pk: row
        for row in selectors.aggregation_rows(
            list(selectors.aggregation_queryset(call)), selectors.call_criteria(call)
        )
    }
    mean = rows[three.pk].cells[0]
    four_places = Decimal("0.0001")
    assert mean.individual == ["3", "4", "4"]
    assert mean.aggregate.quantize(four_places) == Decimal("3.6667")
    assert rows[three.pk].cells[1].aggregate.quantize(four_places) == Decimal("4.1667")
    assert rows[three.pk].method == "mean of 3 reviews"
    median = rows[four.pk].cells[0]
    assert median.aggregate == Decimal("3.75")  # median of 3, 3.5, 4, 5; the mean is 3.875
    assert rows[four.pk].method == "median of 4 reviews"
    assert application_scores(four)[0][keys[0]] == median.aggregate


def test_a_spread_of_two_points_or_totals_thirty_percent_apart_flag_the_application(call):
    spread = application_of(call, "Spread")
    reviewed(spread, ("2", "4", "4"), ("4", "4", "4"))
    totals = application_of(call, "Totals")
    reviewed(totals, ("2.5", "2.5", "2.5"), ("4", "4", "3.5"))
    calm = application_of(call, "Calm")
    reviewed(calm, ("3", "4", "4"), ("4", "4.5", "3.5"))
    rows = {
        row.application.pk: row
        for row in selectors.aggregation_rows(
            list(selectors.aggregation_queryset(call)), selectors.call_criteria(call)
        )
    }
    assert [cell.is_flagged for cell in rows[spread.pk].cells] == [True, False, False]
    assert rows[spread.pk].divergence.reasons == [
        "Excellence: scores range from 2 to 4 (2 points or more apart)."
    ]
    assert [cell.is_flagged for cell in rows[totals.pk].cells] == [False, False, False]
    assert rows[totals.pk].divergence.reasons == [
        "Totals range from 7.5 to 11.5, more than 30 % of the higher total apart."
    ]
    assert not rows[calm.pk].divergence.is_flagged
    assert rows[spread.pk].needs_consensus and not rows[calm.pk].needs_consensus
    # The same rule as the scoring module's.
    for application in (spread, totals, calm):
        reviews = [
            {key: Decimal(value) for key, value in review.scores.items()}
            for review in Review.objects.filter(assignment__application=application)
        ]
        assert bool(divergence_reasons(reviews)) == rows[application.pk].divergence.is_flagged


def test_aggregation_page_shows_scores_aggregates_flags_and_consensus_state(call, alice):
    flagged = application_of(call, "Cooperativa Flagged")
    reviewed(flagged, ("2", "4", "4"), ("4", "4", "4"))
    page = staff_client(alice).get(
        reverse("admin:evaluations_rankingrun_aggregation", args=[call.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Cooperativa Flagged" in html
    assert "2 · 4" in html  # the individual scores on Excellence
    assert "spread of 2 or more" in html
    assert "Excellence: scores range from 2 to 4" in html
    assert "No consensus" in html and "(needed before ranking)" in html
    assert reverse("admin:evaluations_consensus_rapporteur", args=[flagged.pk]) in html


def test_aggregation_page_needs_the_same_queries_for_few_and_many_applications(call, alice):
    client = staff_client(alice)
    url = reverse("admin:evaluations_rankingrun_aggregation", args=[call.pk])

    def queries_for_page():
        client.get(url)  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for index in range(2):
        reviewed(application_of(call, f"Few {index}"), ("3", "4", "4"), ("4", "4", "4"))
    few = queries_for_page()
    for index in range(12):
        application = application_of(call, f"Many {index}")
        reviewed(application, ("3", "4", "4"), ("4", "4", "4"), ("2", "3", "3"))
        Consensus.objects.create(application=application, rapporteur=alice)
    assert queries_for_page() == few


def test_application_is_marked_evaluated_only_when_every_review_is_in(call, alice):
    application = application_of(call, "Aurora")
    reviewed(application, ("3", "4", "4"))
    waiting = reviewed(application, ("4", "4", "4"), submitted=False)[0]
    with pytest.raises(ValidationError) as refused:
        application_mark_evaluated(application=application, by=alice)
    assert refused.value.messages == [f"{application.receipt_number} still waits for 1 review."]
    waiting.status = "declined_conflict"
    waiting.save()
    assert application_mark_evaluated(application=application, by=alice).status == "evaluated"
    assert selectors.applications_ready_to_mark(call) == []


def test_marking_evaluated_takes_every_complete_application_of_the_call_and_needs_staff(
    call, alice, applicant
):
    complete = application_of(call, "Complete")
    reviewed(complete, ("3", "4", "4"), ("4", "4", "4"))
    pending = application_of(call, "Pending")
    reviewed(pending, ("3", "4", "4"))
    reviewed(pending, ("3", "4", "4"), submitted=False)
    empty = application_of(call, "No reviews")
    with pytest.raises(PermissionDenied):
        call_mark_evaluated(call=call, by=applicant)
    assert [a.pk for a in call_mark_evaluated(call=call, by=alice)] == [complete.pk]
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses == {
        complete.pk: "evaluated",
        pending.pk: "in_evaluation",
        empty.pk: "in_evaluation",
    }


# --- Consensus --------------------------------------------------------------------------------


def test_rapporteur_is_an_evaluator_of_the_application_or_staff(call, alice, bob):
    application = application_of(call, "Aurora")
    first, _second = reviewed(application, ("2", "4", "4"), ("4", "4", "4"))
    outsider = UserFactory(email="outsider@example.net")
    with pytest.raises(ValidationError) as refused:
        consensus_rapporteur_name(application=application, rapporteur=outsider, by=alice)
    assert "rapporteur" in refused.value.message_dict
    consensus = consensus_rapporteur_name(
        application=application, rapporteur=first.evaluator.user, by=alice
    )
    assert (consensus.rapporteur, consensus.drafted_at) == (first.evaluator.user, None)
    consensus = consensus_rapporteur_name(application=application, rapporteur=bob, by=alice)
    assert Consensus.objects.get().rapporteur == bob
    with pytest.raises(PermissionDenied):
        consensus_rapporteur_name(application=application, rapporteur=bob, by=first.evaluator.user)


def test_consensus_flow_rapporteur_drafts_from_the_comments_and_someone_else_approves(
    call, tenant_a, alice, bob
):
    application = application_of(call, "Aurora")
    first, second = reviewed(application, ("2", "4", "4"), ("4", "4.5", "3.5"))
    rapporteur = first.evaluator.user
    MembershipFactory(tenant=tenant_a, user=rapporteur, role="evaluator")
    keys = criterion_keys(call)

    # Staff name the rapporteur on the admin page.
    response = staff_client(alice).post(
        reverse("admin:evaluations_consensus_rapporteur", args=[application.pk]),
        {"rapporteur": rapporteur.pk},
    )
    consensus = Consensus.objects.get(application=application)
    assert response.status_code == 302 and consensus.rapporteur == rapporteur

    # The rapporteur's form starts from the rounded aggregate and the experts' comments.
    as_rapporteur = staff_client(rapporteur)
    draft_url = reverse("admin:evaluations_consensus_draft", args=[consensus.pk])
    form = as_rapporteur.get(draft_url).context["form"]
    assert form.initial[f"score_{keys[0]}"] == "3"
    assert form.initial[f"score_{keys[1]}"] == "4.5"  # 4.25 rounds to the nearest half up
    assert form.initial[f"comment_{keys[0]}"].startswith(f"Expert 1: {COMMENT}")
    assert "Expert 2: " in form.initial[f"comment_{keys[0]}"]
    assert second.evaluator.user.email in form.initial[f"comment_{keys[0]}"]

    # A short comment is refused next to its field, with what was typed kept.
    short = as_rapporteur.post(
        draft_url,
        {
            **{f"score_{key}": "4" for key in keys},
            **{f"comment_{key}": COMMENT for key in keys},
            f"comment_{keys[2]}": "Too short.",
        },
    )
    assert short.status_code == 400
    assert short.context["form"].errors[f"comment_{keys[2]}"] == [
        "Implementation: write at least 100 characters of comment."
    ]
    assert "Too short." in short.content.decode()
    assert (
        as_rapporteur.post(
            draft_url,
            {
                **{
                    f"score_{key}": value
                    for key, value in zip(keys, ["3.5", "4", "4"], strict=True)
                },
                **{f"comment_{key}": f"Agreed: {COMMENT}" for key in keys},
            },
        ).status_code
        == 302
    )
    consensus.refresh_from_db()
    assert consensus.drafted_at is not None and consensus.approved_at is None
    assert application_scores(application)[2] == "reviews"  # a draft does not count yet

    # Nobody else drafts; the rapporteur does not approve; another staff member does.
    with pytest.raises(PermissionDenied):
        consensus_report_draft(consensus=consensus, by=alice, scores={}, comments={})
    with pytest.raises(PermissionDenied):
        consensus_report_approve(consensus=consensus, by=rapporteur)
    assert (
        staff_client(bob)
        .post(reverse("admin:evaluations_consensus_approve", args=[consensus.pk]))
        .status_code
        == 302
    )
    consensus.refresh_from_db()
    assert consensus.approved_by == bob

    # The approved consensus is authoritative and locked.
    scores, _flags, source = application_scores(application)
    assert (scores[keys[0]], source) == (Decimal("3.5"), "consensus")
    row = selectors.aggregation_rows(
        list(selectors.aggregation_queryset(call)), selectors.call_criteria(call)
    )[0]
    assert (row.cells[0].authoritative, row.needs_consensus) == (Decimal("3.5"), False)
    with pytest.raises(ValidationError):
        consensus_report_draft(
            consensus=consensus,
            by=rapporteur,
            scores=dict.fromkeys(keys, "5"),
            comments=dict.fromkeys(keys, COMMENT),
        )


def test_staff_rapporteur_cannot_approve_their_own_report(call, alice, bob):
    application = application_of(call, "Aurora")
    reviewed(application, ("2", "4", "4"), ("4", "4", "4"))
    keys = criterion_keys(call)
    consensus = consensus_rapporteur_name(application=application, rapporteur=alice, by=bob)
    consensus_report_draft(
        consensus=consensus,
        by=alice,
        scores=dict.fromkeys(keys, "3.5"),
        comments=dict.fromkeys(keys, COMMENT),
    )
    with pytest.raises(ValidationError) as refused:
        consensus_report_approve(consensus=consensus, by=alice)
    assert refused.value.messages == ["The rapporteur cannot approve their own consensus report."]
    assert consensus_report_approve(consensus=consensus, by=bob).approved_at is not None


# --- Ranking ----------------------------------------------------------------------------------


@pytest.fixture
def ranked_call(call, alice, bob):
    """Four evaluated applications: one funded, two tied on the total, one below a threshold."""
    best = application_of(call, "Best", amount="60000")
    reviewed(best, ("5", "5", "5"), ("5", "5", "5"))
    tied_high = application_of(call, "Tied High Excellence", amount="50000")
    reviewed(tied_high, ("4.5", "4", "4"), ("4.5", "4", "4"))
    tied_low = application_of(call, "Tied Low Excellence", amount="30000")
    reviewed(tied_low, ("4", "4.5", "4"), ("4", "4.5", "4"))
    weak = application_of(call, "Weak", amount="10000")
    reviewed(weak, ("5", "5", "2.5"), ("5", "5", "2.5"))
    call_mark_evaluated(call=call, by=alice)
    return {"best": best, "tied_high": tied_high, "tied_low": tied_low, "weak": weak}


def test_ranking_records_outcomes_totals_tie_rules_and_budget(call, ranked_call, bob):
    run = call_ranking_run(call=call, by=bob, seed=11)
    view = selectors.ranking_view(run)
    rows = {row.application_id: row for row in view.rows}
    best, high, low, weak = (ranked_call[key] for key in ("best", "tied_high", "tied_low", "weak"))
    assert [(rows[a.pk].rank, rows[a.pk].outcome) for a in (best, high, low, weak)] == [
        (1, "main_list"),
        (2, "reserve_list"),
        (3, "rejected_budget"),
        (None, "rejected_threshold"),
    ]
    assert rows[high.pk].unweighted_total == rows[low.pk].unweighted_total == Decimal("12.5")
    assert rows[best.pk].decided_by == "Weighted total (no tie)"
    assert rows[high.pk].decided_by == "Tie broken by the higher score on Excellence"
    assert rows[low.pk].decided_by == "Tie broken by the higher score on Excellence"
    assert rows[weak.pk].threshold_failures == ["Implementation: 2.5 is below the threshold of 3"]
    assert (view.budget, view.committed, view.remaining) == (
        Decimal("100000"),
        Decimal("60000"),
        Decimal("40000"),
    )
    assert run.seed == 11 and run.results[0]["scores"] == dict.fromkeys(criterion_keys(call), "5")
    assert dict(Application.objects.values_list("pk", "status")) == {
        best.pk: "main_list",
        high.pk: "reserve_list",
        low.pk: "rejected_budget",
        weak.pk: "rejected_threshold",
    }


def test_ranking_page_runs_the_ranking_and_shows_the_deciding_rule(call, ranked_call, alice):
    client = staff_client(alice)
    url = reverse("admin:evaluations_rankingrun_rank", args=[call.pk])
    assert client.post(url).status_code == 302
    html = client.get(url).content.decode()
    assert RankingRun.objects.filter(call=call).count() == 1
    assert "Tie broken by the higher score on Excellence" in html
    assert "Implementation: 2.5 is below the threshold of 3" in html
    assert "EUR 60,000.00" in html and "EUR 100,000.00" in html  # committed, budget
    assert "Rejected: budget exhausted" in html and "Reserve list" in html
    publish = client.get(reverse("admin:evaluations_rankingrun_publish", args=[call.pk]))
    assert "Publish the results and send the letters" in publish.content.decode()
    run = RankingRun.objects.get(call=call)
    change = client.get(reverse("admin:evaluations_rankingrun_change", args=[run.pk]))
    assert "Tie broken by the higher score on Excellence" in change.content.decode()


@pytest.mark.parametrize(
    ("language", "best", "tied", "third"),
    [("en", "15.00", "12.50", "12.83"), ("it", "15,00", "12,50", "12,83")],
)
def test_ranking_and_aggregation_write_every_total_with_two_decimals_in_the_readers_language(
    call, ranked_call, alice, language, best, tied, third
):
    # Three evaluators whose mean falls on thirds: 4.67 + 4.17 + 4 = 12.83.
    thirds = application_of(call, "Thirds", amount="1000")
    reviewed(thirds, ("5", "4.5", "4"), ("4.5", "4", "4"), ("4.5", "4", "4"))
    call_mark_evaluated(call=call, by=alice)
    alice.language = language
    alice.save(update_fields=["language"])
    client = staff_client(alice)
    url = reverse("admin:evaluations_rankingrun_rank", args=[call.pk])
    assert client.post(url).status_code == 302
    html = client.get(url).content.decode()
    for total in (best, tied, third):
        assert f'<td class="number">{total}</td>' in html
    aggregation = client.get(
        reverse("admin:evaluations_rankingrun_aggregation", args=[call.pk])
    ).content.decode()
    assert f"<strong>{best}</strong>" in aggregation
    assert f"<strong>{third}</strong>" in aggregation
    separator = "," if language == "it" else "."
    assert f"<strong>4{separator}67</strong>" in aggregation  # a criterion's mean
    assert "4.6667" not in aggregation and "4,6667" not in aggregation


def test_ranking_waits_for_applications_in_evaluation_and_for_needed_consensus(call, alice, bob):
    divergent = application_of(call, "Divergent")
    reviewed(divergent, ("2", "4", "4"), ("4", "4", "4"))
    late = application_of(call, "Late")
    reviewed(late, ("3", "3", "4"))
    reviewed(late, ("3", "3", "4"), submitted=False)
    application_mark_evaluated(application=divergent, by=alice)
    with pytest.raises(ValidationError) as refused:
        call_ranking_run(call=call, by=bob)
    assert refused.value.code == "still_in_evaluation"
    Assignment.objects.filter(application=late, status="in_progress").update(
        status="declined_conflict"
    )
    application_mark_evaluated(application=late, by=alice)
    with pytest.raises(ValidationError) as refused:
        call_ranking_run(call=call, by=bob)
    assert refused.value.messages == [
        f"{divergent.receipt_number} cannot be ranked yet: its reviews diverge and it needs "
        "an approved consensus."
    ]
    approved_consensus(divergent, ("3", "4", "4"), rapporteur=alice, approver=bob)
    run = call_ranking_run(call=call, by=bob)
    assert {row["application"]: row["source"] for row in run.results} == {
        divergent.pk: "consensus",
        late.pk: "reviews",
    }


def test_panel_minutes_are_stored_once_and_downloadable(call, ranked_call, alice):
    run = call_ranking_run(call=call, by=alice, seed=3)
    client = staff_client(alice)
    url = reverse("admin:evaluations_rankingrun_minutes", args=[run.pk])
    followed = client.get(url)  # the link, followed before the minutes were made
    assert followed.status_code == 200
    assert followed["Content-Type"] == "application/pdf"
    pdf = b"".join(followed.streaming_content)
    assert pdf.startswith(b"%PDF-")
    assert_tagged(pdf, language="en")
    response = client.post(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pdf  # made once
    assert client.post(url).status_code == 200
    document = StoredDocument.objects.get(idempotency_key=f"minutes:ranking:{run.pk}:en")
    assert document.kind == "report"
    assert client.get(url).status_code == 200
    context = selectors.panel_minutes_context(run)
    assert [row["decided_by"] for row in context["rows"]][:3] == [
        "Weighted total (no tie)",
        "Tie broken by the higher score on Excellence",
        "Tie broken by the higher score on Excellence",
    ]
    assert context["seed"] == 3 and context["committed"] == "EUR 60,000.00"


# --- Publication ------------------------------------------------------------------------------


def test_results_cannot_be_published_before_the_ranking_is_complete_and_current(
    call, ranked_call, alice, bob
):
    assert selectors.publication_problems(call) == [
        "The call has no ranking yet: rank the evaluated applications first."
    ]
    call_ranking_run(call=call, by=bob, seed=1)
    assert selectors.publication_problems(call) == []
    late = application_of(call, "Late")
    reviewed(late, ("4", "4", "4"))
    application_mark_evaluated(application=late, by=alice)
    with pytest.raises(ValidationError) as refused:
        call_publish_results(call=call, by=bob)
    assert "Rank again." in refused.value.messages[0]
    call.refresh_from_db()
    assert call.status == "evaluation"


def test_publishing_sends_each_member_one_report_in_their_language_once(
    call, ranked_call, bob, django_capture_on_commit_callbacks
):
    best = ranked_call["best"]
    italian = UserFactory(email="socia@example.it", language="it")
    english = UserFactory(email="member@example.org", language="en")
    best.organisation.members.create(user=italian, role="owner")
    best.organisation.members.create(user=english, role="editor")
    call_ranking_run(call=call, by=bob, seed=5)
    with django_capture_on_commit_callbacks(execute=True):
        call_publish_results(call=call, by=bob)
    call.refresh_from_db()
    assert call.status == "results"
    keys = set(
        StoredDocument.objects.filter(
            idempotency_key__startswith=f"esr:application:{best.pk}:"
        ).values_list("idempotency_key", flat=True)
    )
    assert keys == {f"esr:application:{best.pk}:it", f"esr:application:{best.pk}:en"}
    to_best = [message for message in mail.outbox if best.receipt_number in message.subject]
    assert sorted(message.to[0] for message in to_best) == [
        "member@example.org",
        "socia@example.it",
    ]
    italian_mail = next(message for message in to_best if message.to == ["socia@example.it"])
    assert italian_mail.attachments[0][0].endswith("-it.pdf")
    assert italian_mail.attachments[0][1].startswith(b"%PDF-")
    assert "10 days" in next(m for m in to_best if m.to == ["member@example.org"]).body

    # Publishing again, or the task running again, makes and sends nothing new.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        call_publish_results(call=call, by=bob)
    application_results_send(application_id=best.pk)
    assert len(mail.outbox) == sent
    assert StoredDocument.objects.filter(kind="evaluation_summary").count() == len(mail.outbox)
    assert selectors.publication_events(call).count() == 1


def test_a_failed_report_email_is_given_back_and_sent_by_the_retry_once(
    call, ranked_call, bob, monkeypatch, django_capture_on_commit_callbacks
):
    best = ranked_call["best"]
    best.organisation.members.create(user=UserFactory(email="member@example.org"), role="owner")
    call_ranking_run(call=call, by=bob, seed=5)
    with django_capture_on_commit_callbacks(execute=False):
        call_publish_results(call=call, by=bob)
    real_send = mail.EmailMessage.send

    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server went away")

    monkeypatch.setattr(mail.EmailMessage, "send", refuse)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        application_results_send(application_id=best.pk)
    monkeypatch.setattr(mail.EmailMessage, "send", real_send)

    assert mail.outbox == []
    failed = AuditEvent.objects.get(verb=selectors.ESR_EMAIL_FAILED)
    claimed = AuditEvent.objects.get(verb=selectors.ESR_EMAILED)
    assert failed.data == {
        "user": claimed.data["user"],
        "document": claimed.data["document"],
        "error": "SMTPServerDisconnected",
    }
    retried = application_results_send(application_id=best.pk)
    assert retried["emailed"] == len(mail.outbox) > 0
    assert "member@example.org" in [message.to[0] for message in mail.outbox]
    assert application_results_send(application_id=best.pk)["emailed"] == 0
    assert len(mail.outbox) == retried["emailed"]


def test_the_report_quotes_the_consensus_or_each_expert_and_explains_redress(
    call, alice, bob, django_capture_on_commit_callbacks
):
    agreed = application_of(call, "Agreed")
    reviewed(agreed, ("2", "4", "4"), ("4", "4", "4"))
    plain = application_of(call, "Plain")
    reviewed(plain, ("3", "4", "4"), ("4", "4", "4"))
    call_mark_evaluated(call=call, by=alice)
    approved_consensus(agreed, ("3.5", "4", "4"), rapporteur=alice, approver=bob)
    run = call_ranking_run(call=call, by=bob)
    with django_capture_on_commit_callbacks(execute=False):
        call_publish_results(call=call, by=bob)
    rows = {row["application"]: row for row in run.results}
    with_consensus = selectors.esr_context(agreed, rows[agreed.pk], language="en")
    assert with_consensus["criteria"][0]["score"] == "3.5"
    assert with_consensus["criteria"][0]["comments"] == [
        {"label": "Consensus of the experts", "text": f"Agreed: {COMMENT}"}
    ]
    from_reviews = selectors.esr_context(plain, rows[plain.pk], language="en")
    assert [comment["label"] for comment in from_reviews["criteria"][0]["comments"]] == [
        "Expert 1",
        "Expert 2",
    ]
    assert from_reviews["criteria"][0]["score"] == "3.5"
    assert from_reviews["outcome_label"] == "Main list"
    assert from_reviews["redress_days"] == 10 and from_reviews["redress_deadline"]
    assert from_reviews["redress_url"].endswith(reverse("results_detail", args=[plain.pk]))


def test_redress_window_opens_at_publication_and_closes_after_the_redress_days(
    call, ranked_call, bob
):
    assert selectors.redress_window(call) is None
    call_ranking_run(call=call, by=bob)
    before = timezone.now()
    call_publish_results(call=call, by=bob)
    window = selectors.redress_window(call)
    assert before <= window.published_at <= timezone.now()
    assert window.deadline == window.published_at + timezone.timedelta(days=10)
    assert window.is_open() and not window.is_open(window.deadline)


def test_an_evaluator_rapporteur_sees_only_their_own_consensus_reports(call, tenant_a, alice):
    mine = application_of(call, "Mine")
    first, _second = reviewed(mine, ("2", "4", "4"), ("4", "4", "4"))
    theirs = application_of(call, "Theirs")
    reviewed(theirs, ("2", "4", "4"), ("4", "4", "4"))
    rapporteur = first.evaluator.user
    MembershipFactory(tenant=tenant_a, user=rapporteur, role="evaluator")
    own = consensus_rapporteur_name(application=mine, rapporteur=rapporteur, by=alice)
    other = consensus_rapporteur_name(application=theirs, rapporteur=alice, by=alice)
    client = staff_client(rapporteur)
    listing = client.get(reverse("admin:evaluations_consensus_changelist")).content.decode()
    assert mine.receipt_number in listing and theirs.receipt_number not in listing
    assert (
        client.get(reverse("admin:evaluations_consensus_change", args=[own.pk])).status_code == 200
    )
    assert (
        client.get(reverse("admin:evaluations_consensus_draft", args=[other.pk])).status_code == 404
    )
    assert (
        client.post(reverse("admin:evaluations_consensus_approve", args=[own.pk])).status_code
        == 403
    )
    assert (
        client.get(reverse("admin:evaluations_rankingrun_aggregation", args=[call.pk])).status_code
        == 403
    )
