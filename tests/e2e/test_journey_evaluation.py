"""The evaluation in the browser: an evaluator declares, scores and submits a review in the
workspace, and declares a conflict on another application; staff take a call's results
through the consensus, the ranking, the panel minutes and the publication.

The data that exist before each journey starts are made through the services, as people
would have left them: applications submitted by their organisations, screened by two
staff members, experts added to the pool, the solver's proposal confirmed, reviews
declared, saved and submitted.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Application, ApplicationStatus
from applications.screening.selectors import screening_rules
from applications.services import application_attach, application_save_draft, application_start
from applications.staff import (
    ScreeningAnswer,
    application_screening_complete,
    eligibility_checks_record,
)
from applications.submission.services import application_submit
from calls.models import CallStatus
from calls.services import call_transition
from evaluations.assignment.services import (
    application_bulk_start_evaluation,
    assignment_confirm,
    assignment_propose,
)
from evaluations.models import Assignment, CallEvaluator, Consensus, RankingRun, Review
from evaluations.pool.services import call_evaluator_save, evaluator_profile_save
from evaluations.workspace.services import assignment_declare, review_save, review_submit
from socialtech.tenancy.context import tenant_context
from tests.applications.conftest import pdf_upload
from tests.calls.factories import VALID_ANSWERS, CallFactory, CriterionFactory, full_form
from tests.conftest import totp_now, with_mfa
from tests.documents.conftest import pdf_internals
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import SLOW_STEP_MS, context_page, label, sign_in, wait_for_autosave
from tests.factories import OrganisationFactory, UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
HOME = re.compile(r"^https?://[^/]+/$")
TOTP_PERIOD = 30
IMPACT_COMMENT = (
    "The project names its target group, older people in two rural districts, and shows "
    "with figures how daily visits by trained staff reduce their isolation."
)
FEASIBILITY_COMMENT = (
    "The team has run a similar service before; the work plan is realistic, although the "
    "budget for sensors looks high for the number of homes."
)
REVIEW_COMMENT = (
    "The proposal explains the social challenge with figures and a clear target group; the "
    "work plan is realistic and the budget matches the tasks."
)


# --- Data, through the services ------------------------------------------------------------


def evaluation_call(tenant: Any, *, criteria: list[tuple[str, str]], **fields: Any) -> Any:
    """An open call with one question of each type and ``criteria`` (name, description).

    Its deadline and evaluation deadline are next year, so applications can still be
    submitted; ``into_evaluation`` closes it early.
    """
    year = timezone.now().year + 1
    values = {
        "deadline": datetime(year, 3, 16, 17, 0, tzinfo=BRUSSELS),
        "evaluation_deadline": datetime(year, 4, 30, 17, 0, tzinfo=BRUSSELS),
        "budget": Decimal("100000"),
        **fields,
    }
    call = CallFactory(tenant=tenant, **values)
    full_form(call)
    for order, (name, description) in enumerate(criteria, start=1):
        CriterionFactory(call=call, name={"en": name}, description={"en": description}, order=order)
    return call


def submitted(call: Any, *, legal_name: str, title: str, amount: str = "45000.00") -> Application:
    """An application submitted by the owner of ``legal_name``, asking for ``amount``."""
    applicant = UserFactory()
    organisation = OrganisationFactory(owner=applicant, legal_name=legal_name)
    draft = application_start(call=call, organisation=organisation, user=applicant)
    answers = {
        **VALID_ANSWERS,
        "project_title": title,
        "requested_amount": amount,
        "budget": [{"category": "staff", "description": "Care workers", "amount": amount}],
    }
    draft = application_save_draft(
        application=draft, user=applicant, answers=answers, version=draft.version
    )
    application_attach(
        application=draft, user=applicant, field_key="work_plan", upload=pdf_upload()
    )
    return application_submit(application=draft, user=applicant)


def into_evaluation(call: Any, applications: list[Application], *, screeners: list[Any]) -> Any:
    """Close the call, screen every application (two people, every rule met), start evaluation."""
    call = call_transition(call=call, to=CallStatus.CLOSED, by=screeners[0])
    answers = {rule.key: ScreeningAnswer(is_met=True) for rule in screening_rules(call)}
    for application in applications:
        for screener in screeners:
            eligibility_checks_record(application=application, checked_by=screener, answers=answers)
        application_screening_complete(application=application, by=screeners[0])
    application_bulk_start_evaluation(
        applications=Application.objects.filter(call=call), by=screeners[0]
    )
    return call_transition(call=call, to=CallStatus.EVALUATION, by=screeners[0])


def expert(*, email: str, full_name: str) -> Any:
    """An expert's account with a second factor; returns (user, TOTP secret)."""
    user = UserFactory(email=email, full_name=full_name)
    return user, with_mfa(user)


def assign(call: Any, *, by: Any, loads: list[tuple[Any, int, int]]) -> None:
    """Add each (expert, minimum, maximum) to the pool, let the solver propose, and confirm."""
    for user, min_load, max_load in loads:
        profile = evaluator_profile_save(
            by=by,
            email=user.email,
            expertise=["care"],
            keywords=["elderly care"],
            languages=["en"],
            country="SE",
        )
        call_evaluator_save(
            by=by,
            call=call,
            evaluator=profile,
            min_load=min_load,
            max_load=max_load,
            status=CallEvaluator.Status.ACCEPTED,
            standing_declaration_at=timezone.now(),
        )
    assignment_propose(call=call, by=by)
    assignment_confirm(call=call, by=by)


def assignment_of(application: Application, user: Any) -> Assignment:
    return Assignment.objects.get(application=application, evaluator__user=user)


def reviewed(application: Application, user: Any, scores: list[str]) -> Review:
    """``user`` declares no conflict on ``application``, scores it and submits the review."""
    assignment = assignment_of(application, user)
    assignment_declare(assignment=assignment, user=user, has_conflict=False)
    keys = [
        str(pk) for pk in application.call.criteria.order_by("order").values_list("pk", flat=True)
    ]
    review_save(
        assignment=assignment,
        user=user,
        scores=dict(zip(keys, scores, strict=True)),
        comments=dict.fromkeys(keys, f"{REVIEW_COMMENT} ({user.full_name})"),
        overall_comment=f"Overall view of {user.full_name}.",
        version=1,
    )
    return review_submit(assignment=assignment, user=user)


# --- Browser steps ---------------------------------------------------------------------------


def fresh_code(secret: str) -> str:
    """The authenticator's code, taken with two seconds of its window left at least, so that
    it is still the current code when the server checks it (no tolerance is configured)."""
    left = TOTP_PERIOD - time.time() % TOTP_PERIOD
    if left < 2:
        time.sleep(left + 0.1)
    return totp_now(secret)


def sign_in_with_code(
    page: Any, user: Any, secret: str, *, step: str, check_forms: bool = True
) -> None:
    """Sign in with the password, then the authenticator code; lands on the home page.

    ``check_forms=False`` skips axe on the two sign-in forms when an earlier sign-in of the
    same test checked them already; the home page, which differs by role, is always checked.
    """
    sign_in(page, email=user.email, check=assert_accessible if check_forms else None)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-step sign-in")
    if check_forms:
        visit(page, f"{step}-code")
    page.get_by_label(label("Code")).fill(fresh_code(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(HOME)
    visit(page, f"{step}-home")


def tab_to(page: Any, target: Any, *, limit: int = 60) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user moves through the page."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} never got the focus in {limit} presses of Tab")


def visit(page: Any, step: str) -> None:
    """Keep a screenshot of the page and check it with axe."""
    shot(page, step)
    assert_accessible(page)


def autosave_of(page: Any, expected: Callable[[dict[str, Any]], bool]) -> Any:
    """Wait for the review page's autosave whose JSON satisfies ``expected``: the save that
    carries the last change, not one that was under way while the evaluator typed."""

    def carries(response: Any) -> bool:
        if not response.url.endswith("/autosave/"):
            return False
        return expected(json.loads(response.request.post_data or "{}"))

    return page.expect_response(carries)


# --- The evaluator ---------------------------------------------------------------------------


def test_evaluator_declares_scores_with_autosave_and_submits_then_declares_a_conflict(
    page, e2e_tenant, alice, bob
):
    eva, eva_secret = expert(email="eva.lindqvist@experts.example.net", full_name="Eva Lindqvist")
    oskar, _oskar_secret = expert(email="oskar.berg@experts.example.net", full_name="Oskar Berg")
    with tenant_context(e2e_tenant):
        call = evaluation_call(
            e2e_tenant,
            reference="EV1",
            title={"en": "Digital care pilots"},
            evaluators_per_application=1,
            criteria=[
                (
                    "Social impact",
                    "How far the project improves the lives of the people it serves.",
                ),
                ("Feasibility", "Whether the team, plan and budget can deliver the results."),
            ],
        )
        aurora = submitted(call, legal_name="Cooperativa Aurora", title="Aurora care robots")
        nordlicht = submitted(call, legal_name="Verein Nordlicht", title="Nordlicht kitchens")
        call = into_evaluation(call, [aurora, nordlicht], screeners=[alice, bob])
        # Eva must take both applications; Oskar stands by as the alternate.
        assign(call, by=alice, loads=[(eva, 2, 2), (oskar, 0, 2)])
        first = assignment_of(aurora, eva)
        second = assignment_of(nordlicht, eva)
        impact, feasibility = (
            str(pk) for pk in call.criteria.order_by("order").values_list("pk", flat=True)
        )
    year = call.evaluation_deadline.year

    sign_in_with_code(page, eva, eva_secret, step="sign-in")

    # --- The list: both applications, with the due date in the call's time zone -------------
    page.goto("/evaluation/")
    rows = page.locator("table.workspace-table tbody tr")
    expect(rows).to_have_count(2)
    aurora_row = rows.filter(has_text=aurora.receipt_number)
    expect(aurora_row).to_contain_text("Digital care pilots")
    expect(aurora_row).to_contain_text(f"30 April {year}, 17:00:00")
    expect(aurora_row).to_contain_text("Europe/Brussels")
    expect(aurora_row).to_contain_text("Declare any conflict of interest")
    # Nothing of the content before the declaration, not even the title.
    expect(page.locator("main")).not_to_contain_text("Aurora care robots")
    visit(page, "workspace")

    # --- The declaration: the applicant's name and country, none of its answers -------------
    aurora_row.get_by_role("link", name="Declare any conflict of interest").click()
    page.wait_for_url(f"**/evaluation/{first.pk}/declaration/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Conflict of interest")
    expect(page.get_by_text("Cooperativa Aurora")).to_be_visible()
    content = page.content()
    for answer in ("Aurora care robots", VALID_ANSWERS["social_challenge"], "Care workers"):
        assert answer not in content
    visit(page, "declaration")
    # The review page is not a way round the declaration.
    page.goto(f"/evaluation/{first.pk}/review/")
    page.wait_for_url(f"**/evaluation/{first.pk}/declaration/")
    assert VALID_ANSWERS["social_challenge"] not in page.content()

    # No conflict, with the keyboard only: Space picks the answer and ticks the box, Enter sends.
    no_conflict = page.get_by_label("I have no conflict of interest with this applicant")
    tab_to(page, no_conflict)
    page.keyboard.press("Space")
    expect(no_conflict).to_be_checked()
    code_of_conduct = page.get_by_label(re.compile(r"^I have read the code of conduct"))
    tab_to(page, code_of_conduct)
    page.keyboard.press("Space")
    expect(code_of_conduct).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Send my declaration"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/evaluation/{first.pk}/review/")

    # --- The review: the answers beside the rubric -------------------------------------------
    expect(
        page.get_by_text("No conflict declared. The application is open to you below.")
    ).to_be_visible()
    answers = page.get_by_role("region", name="The application as submitted")
    expect(answers).to_contain_text("Aurora care robots")
    expect(answers).to_contain_text(VALID_ANSWERS["social_challenge"])
    rubric = page.get_by_role("region", name="Your scores and comments")
    expect(rubric).to_contain_text(
        "How far the project improves the lives of the people it serves."
    )
    expect(rubric).to_contain_text("Whether the team, plan and budget can deliver the results.")
    scale = page.get_by_role("region", name="Score scale")
    expect(scale).to_contain_text("Fails to address the criterion")
    expect(scale).to_contain_text("Very good")
    visit(page, "review")

    impact_score = page.get_by_label("Score for “Social impact”")
    feasibility_score = page.get_by_label("Score for “Feasibility”")
    impact_comment = page.get_by_label("Comment on “Social impact”")
    feasibility_comment = page.get_by_label("Comment on “Feasibility”")
    overall = page.get_by_label("Overall comment")
    with autosave_of(
        page, lambda draft: draft["scores"] == {impact: "3.5", feasibility: "4.5"}
    ) as scored:
        impact_score.select_option("3.5")
        feasibility_score.select_option("4.5")
    assert scored.value.ok
    expect(impact_score.locator("option:checked")).to_have_text("3.5: between Good and Very good")
    wait_for_autosave(page)
    # Comments autosave a moment after typing stops, or when the field loses the focus.
    short = "Solid team, but vague."
    typed = {impact: IMPACT_COMMENT, feasibility: short}
    with autosave_of(page, lambda draft: draft["comments"] == typed) as commented:
        impact_comment.fill(IMPACT_COMMENT)
        feasibility_comment.fill(short)
        overall.fill("A convincing pilot with a clear target group.")
        expect(page.locator("#autosave-status")).to_have_attribute("data-state", "dirty")
        page.keyboard.press("Tab")
    assert commented.value.ok
    wait_for_autosave(page)
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Draft saved at "))
    visit(page, "review-autosaved")
    with tenant_context(e2e_tenant):
        draft = Review.objects.get(assignment=first)
    assert draft.scores == {impact: "3.5", feasibility: "4.5"}
    assert draft.comments == {impact: IMPACT_COMMENT, feasibility: short}
    assert draft.submitted_at is None

    page.reload()
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Draft saved: "))
    expect(impact_score).to_have_value("3.5")
    expect(feasibility_score).to_have_value("4.5")
    expect(impact_comment).to_have_value(IMPACT_COMMENT)
    expect(feasibility_comment).to_have_value(short)
    expect(overall).to_have_value("A convincing pilot with a clear target group.")

    # --- Submitting with a comment too short: the criterion named, nothing lost ---------------
    page.get_by_role("button", name="Submit the review").click()
    message = "Feasibility: write at least 100 characters of comment."
    error = page.locator(f"#id_comment_{feasibility}_error")
    expect(error).to_have_text(message)
    assert f"id_comment_{feasibility}_error" in feasibility_comment.get_attribute(
        "aria-describedby"
    )
    summary = page.get_by_role("alert").filter(has_text="problem")
    expect(summary).to_contain_text("Not submitted: your draft is saved")
    expect(summary.get_by_role("link", name=message)).to_have_attribute(
        "href", f"#id_comment_{feasibility}"
    )
    expect(impact_score).to_have_value("3.5")
    expect(feasibility_score).to_have_value("4.5")
    expect(impact_comment).to_have_value(IMPACT_COMMENT)
    expect(feasibility_comment).to_have_value(short)
    expect(overall).to_have_value("A convincing pilot with a clear target group.")
    visit(page, "review-too-short")

    feasibility_comment.fill(FEASIBILITY_COMMENT)
    expect(page.locator(f"#count-{feasibility}")).to_have_text(
        f"{len(FEASIBILITY_COMMENT)} characters (at least 100)"
    )
    page.get_by_role("button", name="Submit the review").click()
    page.wait_for_url(f"**/evaluation/{first.pk}/review/")

    # --- Locked: the scores and comments as text, no field left to change --------------------
    expect(
        page.get_by_text("Review submitted. It is locked and goes to the consensus.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your review (submitted)")
    rubric = page.get_by_role("region", name="Your scores and comments")
    expect(rubric).to_contain_text("Submitted and locked")
    expect(rubric).to_contain_text("3.5: between Good and Very good")
    expect(rubric).to_contain_text(FEASIBILITY_COMMENT)
    expect(
        page.locator("main").locator("textarea, select, input:not([type=hidden])")
    ).to_have_count(0)
    expect(page.get_by_role("button", name="Submit the review")).to_have_count(0)
    visit(page, "review-locked")
    with tenant_context(e2e_tenant):
        first.refresh_from_db()
        locked = Review.objects.get(assignment=first)
    assert first.status == Assignment.Status.SUBMITTED
    assert locked.submitted_at is not None
    assert locked.comments[feasibility] == FEASIBILITY_COMMENT

    # --- The second application: a conflict, and the assignment is released ------------------
    page.get_by_role("link", name="Your evaluation assignments").click()
    page.wait_for_url("**/evaluation/")
    nordlicht_row = page.locator("table.workspace-table tbody tr").filter(
        has_text=nordlicht.receipt_number
    )
    nordlicht_row.get_by_role("link", name="Declare any conflict of interest").click()
    page.wait_for_url(f"**/evaluation/{second.pk}/declaration/")
    assert "Nordlicht kitchens" not in page.content()
    page.get_by_label("I have a conflict of interest with this applicant").check()
    page.get_by_label("What is the conflict of interest?").fill(
        "I advised Verein Nordlicht on its business plan in 2025."
    )
    visit(page, "conflict")
    page.get_by_role("button", name="Send my declaration").click()
    page.wait_for_url("**/evaluation/")
    expect(
        page.get_by_text(
            "Thank you. Your conflict of interest is recorded and the application goes to "
            "another evaluator."
        )
    ).to_be_visible()
    nordlicht_row = page.locator("table.workspace-table tbody tr").filter(
        has_text=nordlicht.receipt_number
    )
    expect(nordlicht_row).to_contain_text("Declined: conflict of interest")
    expect(nordlicht_row).to_contain_text("Nothing: you declared a conflict and were released")
    visit(page, "workspace-after")
    nordlicht_row.get_by_role(
        "link", name="Nothing: you declared a conflict and were released"
    ).click()
    page.wait_for_url(f"**/evaluation/{second.pk}/declaration/")
    expect(
        page.get_by_text(
            "You declared a conflict of interest. The assignment was released and offered to "
            "another evaluator."
        )
    ).to_be_visible()
    expect(
        page.get_by_text("I advised Verein Nordlicht on its business plan in 2025.")
    ).to_be_visible()
    assert "Nordlicht kitchens" not in page.content()
    visit(page, "released")
    # The released application stays closed to Eva.
    response = page.goto(f"/evaluation/{second.pk}/review/")
    assert response.status == 404
    visit(page, "released-review")
    with tenant_context(e2e_tenant):
        second.refresh_from_db()
        stand_in = Assignment.objects.get(application=nordlicht, evaluator__user=oskar)
    assert second.status == Assignment.Status.DECLINED_CONFLICT
    assert (stand_in.status, stand_in.due_at) == (
        Assignment.Status.PROPOSED,
        call.evaluation_deadline,
    )


# --- Staff: consensus, ranking, minutes, publication -----------------------------------------


def test_staff_take_the_results_through_consensus_ranking_minutes_and_publication(
    page, browser, live_server, e2e_tenant, alice, bob
):
    alice_secret = with_mfa(alice)
    bob_secret = with_mfa(bob)
    eva, eva_secret = expert(email="eva.lindqvist@experts.example.net", full_name="Eva Lindqvist")
    oskar, _oskar_secret = expert(email="oskar.berg@experts.example.net", full_name="Oskar Berg")
    with tenant_context(e2e_tenant):
        call = evaluation_call(
            e2e_tenant,
            reference="EV2",
            title={"en": "Care innovation vouchers"},
            evaluators_per_application=2,
            reserve_list_length=1,
            redress_days=10,
            criteria=[
                ("Excellence", "Clarity and ambition of the objectives."),
                ("Impact", "Who benefits, and how much."),
                ("Implementation", "Team, work plan and budget."),
            ],
        )
        best = submitted(call, legal_name="Cooperativa Aurora", title="Aurora", amount="60000.00")
        high = submitted(call, legal_name="Verein Nordlicht", title="Nordlicht", amount="50000.00")
        low = submitted(call, legal_name="Fundació Mar", title="Mar", amount="30000.00")
        split = submitted(call, legal_name="Stichting Delta", title="Delta", amount="10000.00")
        call = into_evaluation(call, [best, high, low, split], screeners=[alice, bob])
        assign(call, by=alice, loads=[(eva, 4, 4), (oskar, 4, 4)])
        scores = {
            best: (["5", "5", "5"], ["5", "5", "5"]),
            # Tied on the total (12.5); the higher Excellence ranks first.
            high: (["4.5", "4", "4"], ["4.5", "4", "4"]),
            low: (["4", "4.5", "4"], ["4", "4.5", "4"]),
            # Two points apart on Excellence: flagged for consensus.
            split: (["2", "4", "4"], ["4", "4", "4"]),
        }
        for application, (by_eva, by_oskar) in scores.items():
            reviewed(application, eva, by_eva)
            reviewed(application, oskar, by_oskar)
        keys = [str(pk) for pk in call.criteria.order_by("order").values_list("pk", flat=True)]

    sign_in_with_code(page, alice, alice_secret, step="alice-sign-in")

    # --- The calls at the results stage, and the aggregation table ---------------------------
    page.goto("/admin/evaluations/rankingrun/")
    visit(page, "results-by-call")
    calls = page.get_by_role("region", name="Calls in evaluation and with results")
    calls.get_by_role("row", name=re.compile("Care innovation vouchers")).get_by_role(
        "link", name="Scores and consensus"
    ).click()
    page.wait_for_url(f"**/admin/evaluations/rankingrun/call/{call.pk}/aggregation/")
    table = page.locator("table.results-table")
    split_row = table.get_by_role("row", name=re.compile(split.receipt_number))
    split_cells = split_row.get_by_role("cell")
    expect(split_cells.nth(1)).to_contain_text("2 · 4")
    expect(split_cells.nth(1)).to_contain_text("spread of 2 or more")
    expect(split_row).to_contain_text("Excellence: scores range from 2 to 4")
    expect(split_row).to_contain_text("No consensus (needed before ranking)")
    best_row = table.get_by_role("row", name=re.compile(best.receipt_number))
    expect(best_row.get_by_role("cell").nth(1)).to_contain_text("5 · 5")
    expect(best_row).to_contain_text("2 submitted, 0 outstanding")
    visit(page, "aggregation")
    page.get_by_role(
        "button", name="Mark the 4 applications whose reviews are all in as evaluated"
    ).click()
    expect(page.get_by_text("4 applications are marked evaluated.")).to_be_visible()
    visit(page, "aggregation-evaluated")

    # --- Alice names Eva rapporteur of the divergent application -----------------------------
    table.get_by_role("row", name=re.compile(split.receipt_number)).get_by_role(
        "link", name=re.compile("^Name a rapporteur")
    ).click()
    page.wait_for_url(f"**/admin/evaluations/consensus/application/{split.pk}/rapporteur/")
    visit(page, "rapporteur")
    page.get_by_label(label("Rapporteur")).select_option(label=f"Eva Lindqvist <{eva.email}>")
    page.get_by_role("button", name="Name the rapporteur").click()
    expect(
        page.get_by_text(f"Eva Lindqvist drafts the consensus report of {split.receipt_number}.")
    ).to_be_visible()
    with tenant_context(e2e_tenant):
        consensus = Consensus.objects.get(application=split)
    assert consensus.rapporteur == eva
    visit(page, "consensus-named")

    # --- Eva drafts the report from the experts' comments -------------------------------------
    with context_page(browser, live_server, f"{page.test_name}-rapporteur") as rapporteur:
        sign_in_with_code(rapporteur, eva, eva_secret, step="eva-sign-in", check_forms=False)
        rapporteur.goto("/admin/evaluations/consensus/")
        visit(rapporteur, "consensus-list")
        rapporteur.get_by_role("link", name=split.receipt_number).click()
        rapporteur.wait_for_url(f"**/admin/evaluations/consensus/{consensus.pk}/change/")
        visit(rapporteur, "consensus-named")
        rapporteur.get_by_role("link", name="Draft the report").click()
        rapporteur.wait_for_url(f"**/admin/evaluations/consensus/{consensus.pk}/draft/")
        excellence = rapporteur.get_by_label(label("Excellence: consensus score"))
        # The form starts from the rounded aggregate and the experts' comments.
        expect(excellence).to_have_value("3")
        expect(rapporteur.get_by_label(label("Excellence: consensus comment"))).to_have_value(
            re.compile(r"^Expert 1: ")
        )
        visit(rapporteur, "consensus-draft")
        rapporteur.get_by_label(label("Implementation: consensus score")).select_option("2.5")
        for name in ("Excellence", "Impact", "Implementation"):
            rapporteur.get_by_label(label(f"{name}: consensus comment")).fill(
                f"Agreed on {name}: {REVIEW_COMMENT}"
            )
        rapporteur.get_by_role("button", name="Save the draft").click()
        rapporteur.wait_for_url(f"**/admin/evaluations/consensus/{consensus.pk}/change/")
        expect(
            rapporteur.get_by_text(
                "The consensus report is drafted. A staff member other than you approves it."
            )
        ).to_be_visible()
        expect(
            rapporteur.get_by_text(
                "A staff member other than you, the rapporteur, approves this report."
            )
        ).to_be_visible()
        expect(rapporteur.get_by_role("button", name="Approve the consensus report")).to_have_count(
            0
        )
        visit(rapporteur, "consensus-drafted")

    # --- Bob, a second member of staff, approves it ------------------------------------------
    with context_page(browser, live_server, f"{page.test_name}-approver") as approver:
        sign_in_with_code(approver, bob, bob_secret, step="bob-sign-in", check_forms=False)
        approver.goto(f"/admin/evaluations/consensus/{consensus.pk}/change/")
        expect(approver.get_by_text("Drafted, waiting for approval")).to_be_visible()
        visit(approver, "consensus-to-approve")
        approver.get_by_role("button", name="Approve the consensus report").click()
        expect(
            approver.get_by_text(
                f"The consensus of {split.receipt_number} is approved; its scores now count."
            )
        ).to_be_visible()
        visit(approver, "consensus-approved")
    with tenant_context(e2e_tenant):
        consensus.refresh_from_db()
    assert (consensus.approved_by, consensus.scores) == (
        bob,
        {keys[0]: "3", keys[1]: "4", keys[2]: "2.5"},
    )

    # --- Alice ranks the call ---------------------------------------------------------------------
    page.goto(f"/admin/evaluations/rankingrun/call/{call.pk}/aggregation/")
    expect(
        page.locator("table.results-table").get_by_role(
            "row", name=re.compile(split.receipt_number)
        )
    ).to_contain_text("Approved")
    visit(page, "aggregation-approved")
    page.get_by_role("navigation", name="Pages of this call").get_by_role(
        "link", name="Ranking"
    ).click()
    page.wait_for_url(f"**/admin/evaluations/rankingrun/call/{call.pk}/rank/")
    expect(page.get_by_text("The call is not ranked yet.")).to_be_visible()
    visit(page, "ranking-before")
    page.get_by_role("button", name="Rank the evaluated applications").click()
    expect(page.get_by_text(re.compile(r"^The call is ranked \(seed \d+"))).to_be_visible()
    ranked = page.locator("table.results-table").filter(
        has=page.get_by_role("columnheader", name="Place decided by")
    )

    def ranked_row(application: Application) -> Any:
        return ranked.get_by_role("row", name=re.compile(application.receipt_number))

    expect(ranked_row(best)).to_contain_text("Main list")
    expect(ranked_row(best)).to_contain_text("Weighted total (no tie)")
    expect(ranked_row(high)).to_contain_text("Reserve list")
    expect(ranked_row(high)).to_contain_text("Tie broken by the higher score on Excellence")
    expect(ranked_row(low)).to_contain_text("Rejected: budget exhausted")
    expect(ranked_row(low)).to_contain_text("Tie broken by the higher score on Excellence")
    expect(ranked_row(split)).to_contain_text("Rejected: below threshold")
    expect(ranked_row(split)).to_contain_text("Implementation: 2.5 is below the threshold of 3")
    budget = page.locator("table.results-table").filter(has_text="Committed to the main list")
    expect(budget).to_contain_text("EUR 60,000.00")
    visit(page, "ranking")

    # --- The panel minutes: made once, then downloaded ---------------------------------------
    with page.expect_download(timeout=SLOW_STEP_MS) as made:
        page.get_by_role("button", name="Make the panel minutes (PDF)").click()
    minutes = made.value
    assert minutes.suggested_filename.startswith("panel-minutes-EV2-")
    assert minutes.suggested_filename.endswith(".pdf")
    with open(minutes.path(), "rb") as pdf:
        made_pdf = pdf.read()
    assert made_pdf.startswith(b"%PDF-")
    # No PDF text extractor in the environment: the document information names the call.
    assert b"/Title (Panel minutes: Care innovation vouchers)" in pdf_internals(made_pdf)
    page.reload()
    download_link = page.get_by_role("link", name="Download the panel minutes (PDF)")
    expect(download_link).to_be_visible()
    expect(page.get_by_role("button", name="Make the panel minutes (PDF)")).to_have_count(0)
    visit(page, "ranking-with-minutes")
    # The stored minutes, served again: the same file, not a new one.
    response = page.request.get(download_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == made_pdf

    # --- Publication --------------------------------------------------------------------------
    page.get_by_role("navigation", name="Pages of this call").get_by_role(
        "link", name="Publication"
    ).click()
    page.wait_for_url(f"**/admin/evaluations/rankingrun/call/{call.pk}/publish/")
    visit(page, "publish")
    sent_before = len(mail.outbox)
    page.get_by_role("button", name="Publish the results and send the letters").click()
    # The letters are made and sent in the request here (tasks run eagerly in the tests).
    page.wait_for_url(f"**/admin/evaluations/rankingrun/call/{call.pk}/rank/", timeout=SLOW_STEP_MS)
    expect(
        page.get_by_text(
            "Results are published. The evaluation summary reports of 4 applications are being "
            "sent to their organisations' members."
        )
    ).to_be_visible()
    expect(page.get_by_text("This ranking is published.")).to_be_visible()
    visit(page, "published")
    with tenant_context(e2e_tenant):
        call.refresh_from_db()
        statuses = dict(Application.objects.filter(call=call).values_list("pk", "status"))
        assert RankingRun.objects.filter(call=call).count() == 1
    assert call.status == CallStatus.RESULTS
    assert statuses == {
        best.pk: ApplicationStatus.MAIN_LIST,
        high.pk: ApplicationStatus.RESERVE_LIST,
        low.pk: ApplicationStatus.REJECTED_BUDGET,
        split.pk: ApplicationStatus.REJECTED_THRESHOLD,
    }
    # Each organisation's owner gets one evaluation summary report, as a PDF.
    letters = mail.outbox[sent_before:]
    for application in (best, high, low, split):
        [letter] = [message for message in letters if application.receipt_number in message.subject]
        assert letter.attachments[0][1].startswith(b"%PDF-")
