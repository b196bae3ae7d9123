"""The needs and twin-transition readiness self-assessment, in the browser: a person signs
in, answers the profile questions and every statement (the answers are saved as they are
typed: a reload keeps them), submits, and sees the radar chart of their scores with its
table and the recommended course, call and provider for their two weakest dimensions. The
survey and result pages pass axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from mapping.assessment.services import SELF_ASSESSMENT_SLUG, self_assessment_install
from mapping.models import Question, Response, ResponseStatus
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import sign_in, wait_for_autosave
from tests.factories import UserFactory
from tests.mooc.factories import CourseFactory
from tests.vouchers.factories import AccreditationFactory

RESPONDENT_EMAIL = "ines.garcia@example.org"
# Low in green (1) and impact measurement (2), high elsewhere (4 or 5).
CHOSEN = {"green": "1", "impact": "2"}


def test_a_person_answers_the_self_assessment_and_sees_the_radar_chart_and_recommendations(
    page, live_server, e2e_tenant
):
    with tenant_context(e2e_tenant):
        UserFactory(email=RESPONDENT_EMAIL, full_name="Inés García")
        survey = self_assessment_install(e2e_tenant)
        questions = list(
            Question.objects.filter(survey=survey)
            .select_related("dimension")
            .order_by("dimension__order", "order", "pk")
        )
        CourseFactory(
            tenant=e2e_tenant, title="Energy savings for small teams", topics=["green_transition"]
        )
        CallFactory(
            tenant=e2e_tenant,
            title={"en": "Green transition vouchers"},
            summary={"en": "Green audits."},
        )
        AccreditationFactory(
            tenant=e2e_tenant,
            category="green_consulting",
            provider__organisation__legal_name="Grüne Beratung GmbH",
        )

    sign_in(page, email=RESPONDENT_EMAIL)
    page.wait_for_url(re.compile(r".*/$"))
    page.goto("/surveys/")
    page.get_by_role("link", name="Needs and twin-transition readiness").click()
    page.wait_for_url(f"**/surveys/{SELF_ASSESSMENT_SLUG}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Needs and twin-transition readiness")
    assert_accessible(page)
    shot(page, "01-survey")

    # --- The profile, then every statement -------------------------------------------------
    page.get_by_label("Country where your organisation is established").select_option("ES")
    wait_for_autosave(page)
    page.reload()  # what was chosen is kept
    expect(page.get_by_label("Country where your organisation is established")).to_have_value("ES")
    page.get_by_label("Legal form").select_option("cooperative")
    page.get_by_label("Part of the social economy").select_option("social_enterprise")
    for question in questions:
        if question.dimension is None:
            continue
        value = CHOSEN.get(question.dimension.key, "5" if question.order % 2 else "4")
        page.locator(f"#input-{question.key}_{int(value) - 1}").check()
    wait_for_autosave(page)
    shot(page, "02-answered")
    page.get_by_role("button", name="Submit my answers").click()

    # --- The result ---------------------------------------------------------------------
    page.wait_for_url(f"**/surveys/{SELF_ASSESSMENT_SLUG}/result/")
    chart = page.get_by_role("img", name=re.compile("Your scores per dimension"))
    expect(chart).to_be_visible()
    table = page.locator("[data-score-table]")
    expect(table.locator("tr[data-dimension=green] td")).to_have_text("0")
    expect(table.locator("tr[data-dimension=impact] td")).to_have_text("25")
    green = page.locator("[data-recommendation=green]")
    expect(green.get_by_role("heading", level=3)).to_have_text("Green maturity (score 0)")
    expect(green.get_by_role("link", name="Energy savings for small teams")).to_be_visible()
    expect(green.get_by_role("link", name="Green transition vouchers")).to_be_visible()
    expect(green.get_by_role("link", name="Grüne Beratung GmbH")).to_be_visible()
    expect(page.locator("[data-recommendation=impact]")).to_be_visible()
    expect(page.locator("[data-recommendation]")).to_have_count(2)
    assert_accessible(page)
    shot(page, "03-result")

    with tenant_context(e2e_tenant):
        response = Response.objects.get(survey=survey, user__email=RESPONDENT_EMAIL)
        assert response.status == ResponseStatus.SUBMITTED
        assert response.answers["country"] == "ES"
        assert response.scores["green"] == 0
