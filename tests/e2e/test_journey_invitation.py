"""Before the assignment and after a redress, in the browser: an invited expert signs the
standing declaration, bids with the keyboard and declares a conflict; staff choose new
evaluators for an application an upheld redress reopened."""

from __future__ import annotations

from django.urls import reverse
from playwright.sync_api import expect

from evaluations.models import Assignment, Bid, CallEvaluator, ConflictDeclaration
from evaluations.pool.services import call_evaluator_save, evaluator_profile_save
from evaluations.results.services import (
    call_mark_evaluated,
    call_publish_results,
    call_ranking_run,
    redress_request_answer,
    redress_request_submit,
)
from evaluations.selectors import evaluator_label
from socialtech.tenancy.context import tenant_context
from tests.conftest import with_mfa
from tests.e2e.test_journey_evaluation import (
    evaluation_call,
    expert,
    into_evaluation,
    sign_in_with_code,
    submitted,
    tab_to,
    visit,
)
from tests.evaluations.test_redress import ANSWER, GROUNDS
from tests.evaluations.test_results import application_of, approved_consensus, results_call
from tests.evaluations.test_results import reviewed as reviewed_directly
from tests.factories import UserFactory

CRITERIA = [
    ("Impact", "The social impact on the target group."),
    ("Feasibility", "Whether the team can deliver the work plan."),
]


def test_expert_accepts_the_invitation_bids_and_declares_a_conflict(page, e2e_tenant, alice, bob):
    ines, secret = expert(email="ines.garcia@experts.example.net", full_name="Ines Garcia")
    with tenant_context(e2e_tenant):
        call = evaluation_call(e2e_tenant, criteria=CRITERIA, title={"en": "Green kitchens"})
        aurora = submitted(call, legal_name="Cooperativa Aurora", title="Aurora solar kitchens")
        nordlicht = submitted(call, legal_name="Verein Nordlicht", title="Nordlicht repair cafe")
        call = into_evaluation(call, [aurora, nordlicht], screeners=[alice, bob])
        profile = evaluator_profile_save(
            by=alice,
            email=ines.email,
            expertise=["energy"],
            keywords=[],
            languages=["en"],
            country="ES",
        )
        call_evaluator_save(by=alice, call=call, evaluator=profile, min_load=0, max_load=2)

    sign_in_with_code(page, ines, secret, step="ines-sign-in")
    page.goto("/evaluation/")
    invitations = page.get_by_role("region", name="Your invitations")
    expect(invitations).to_contain_text("Green kitchens: Answer the invitation")
    visit(page, "workspace-invited")
    invitations.get_by_role("link", name="Green kitchens").click()
    page.wait_for_url(f"**/evaluation/calls/{call.pk}/")
    visit(page, "invitation")

    # Accepting without signing is refused, with the box named.
    page.get_by_label("I accept to evaluate for this call").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Standing declaration: tick the box to sign it before you accept."
    )
    expect(page.get_by_label("I accept to evaluate for this call")).to_be_checked()
    visit(page, "invitation-unsigned")
    page.get_by_label("I sign the standing declaration", exact=False).check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Thank you: you accept to evaluate for this call.")).to_be_visible()
    visit(page, "invitation-accepted")
    page.get_by_role("link", name="Say which applications you prefer").click()
    page.wait_for_url(f"**/evaluation/calls/{call.pk}/bids/")
    # The organisation and its country, none of the application's content.
    expect(page.get_by_text("Cooperativa Aurora")).to_be_visible()
    assert "Aurora solar kitchens" not in page.content()
    visit(page, "bids")

    # With the keyboard: Tab to Aurora's group, arrows move the choice to "I would like to".
    aurora_group = page.get_by_role("group", name=f"{aurora.receipt_number}", exact=False)
    ok = aurora_group.get_by_label("I can evaluate it")
    tab_to(page, ok)
    page.keyboard.press("ArrowLeft")
    expect(aurora_group.get_by_label("I would like to evaluate it")).to_be_checked()
    nordlicht_group = page.get_by_role("group", name=f"{nordlicht.receipt_number}", exact=False)
    nordlicht_group.get_by_label("I have a conflict of interest").check()
    page.get_by_role("button", name="Save my preferences").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(
        f"{nordlicht.receipt_number}: say what the conflict of interest is."
    )
    # Nothing chosen is lost.
    expect(aurora_group.get_by_label("I would like to evaluate it")).to_be_checked()
    expect(nordlicht_group.get_by_label("I have a conflict of interest")).to_be_checked()
    visit(page, "bids-refused")
    summary.get_by_role("link").click()
    nordlicht_group.get_by_label("Reason, if you declare a conflict of interest").fill(
        "I sit on the board of Verein Nordlicht."
    )
    page.get_by_role("button", name="Save my preferences").click()
    expect(page.get_by_text("1 conflict of interest is recorded.")).to_be_visible()
    expect(
        page.get_by_text("You declared a conflict of interest with this organisation.")
    ).to_be_visible()
    visit(page, "bids-saved")

    with tenant_context(e2e_tenant):
        row = CallEvaluator.objects.get(call=call, evaluator=profile)
        assert row.status == "accepted" and row.standing_declaration_at is not None
        assert list(Bid.objects.values_list("application_id", "choice")) == [(aurora.pk, "want")]
        assert ConflictDeclaration.objects.get(evaluator=profile).application_id == nordlicht.pk


def test_staff_choose_new_evaluators_after_an_upheld_redress(
    page, e2e_tenant, alice, bob, applicant
):
    alice_secret = with_mfa(alice)
    with tenant_context(e2e_tenant):
        call = results_call(e2e_tenant, evaluators_per_application=2)
        own = application_of(call, "Cooperativa Aurora", owner=applicant, amount="40000")
        reviewed_directly(own, ("4", "4", "2.5"), ("4", "4", "2.5"))
        call_mark_evaluated(call=call, by=alice)
        approved_consensus(own, ("4", "4", "2.5"), rapporteur=alice, approver=bob)
        call_ranking_run(call=call, by=bob, seed=2)
        call_publish_results(call=call, by=bob)
        redress = redress_request_submit(application=own, by=applicant, grounds=GROUNDS)
        redress_request_answer(redress_request=redress, by=alice, is_upheld=True, answer=ANSWER)
        earlier = [row.evaluator for row in Assignment.objects.filter(application=own)]
        for profile in earlier:
            CallEvaluator.objects.create(call=call, evaluator=profile, status="accepted")
        newcomers = []
        for number, country in enumerate(("IT", "DE", "SE"), start=1):
            user = UserFactory(email=f"new{number}@experts.example.net", full_name=f"New {number}")
            profile = evaluator_profile_save(
                by=alice,
                email=user.email,
                expertise=["care"],
                keywords=[],
                languages=["en"],
                country=country,
            )
            call_evaluator_save(by=alice, call=call, evaluator=profile, min_load=0, max_load=5)
            newcomers.append(profile)

    sign_in_with_code(page, alice, alice_secret, step="alice-sign-in")
    page.goto(reverse("admin:evaluations_callevaluator_assignment", args=[call.pk]))
    section = page.get_by_role("region", name="Re-evaluation after redress")
    visit(page, "assignment-reevaluation-list")
    section.get_by_role("link", name=f"Choose new evaluators for {own}").click()
    visit(page, "reevaluation")
    for profile in earlier:
        expect(page.get_by_label(evaluator_label(profile))).to_be_disabled()
    # Untick the suggested panel and tick one: the count is refused and the choice kept.
    ticked = page.locator("input[name=evaluators]:checked").evaluate_all(
        "boxes => boxes.map(box => box.id)"
    )
    assert len(ticked) == 2
    for box_id in ticked:
        page.locator(f"#{box_id}").uncheck()
    page.get_by_label("New 3").check()
    page.get_by_role("button", name="Assign and tell the evaluators").click()
    expect(page.get_by_text("Choose 2 evaluators; 1 chosen.")).to_be_visible()
    expect(page.get_by_label("New 3")).to_be_checked()
    visit(page, "reevaluation-refused")
    page.get_by_label("New 1").check()
    page.get_by_role("button", name="Assign and tell the evaluators").click()
    expect(page.get_by_text("goes to 2 new evaluators")).to_be_visible()
    visit(page, "reevaluation-done")
    with tenant_context(e2e_tenant):
        new = set(
            Assignment.objects.filter(application=own, confirmed_at__isnull=False)
            .exclude(evaluator__in=earlier)
            .values_list("evaluator_id", flat=True)
        )
    assert new == {newcomers[0].pk, newcomers[2].pk}
