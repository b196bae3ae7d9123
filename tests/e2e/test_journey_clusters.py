"""The cluster registry and the aggregated results, in the browser: a visitor opens the
registry, chooses a country on the map, narrows it with the form, opens a cluster; a staff
member opens a survey's aggregated results, where a small group shows as "fewer than 5".
The registry, the cluster page and the results page pass axe."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from demo.mapping.clusters import seed_clusters
from mapping.models import Question, QuestionType
from socialtech.tenancy.context import tenant_context
from tests.conftest import totp_now, with_mfa
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import label, sign_in
from tests.mapping.factories import small_survey, submitted_response


def test_a_visitor_finds_a_cluster_through_the_map(page, live_server, e2e_tenant):
    seed_clusters(e2e_tenant)

    page.goto("/clusters/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cluster registry")
    expect(page.get_by_role("heading", name="30 clusters")).to_be_visible()
    shot(page, "01-registry")
    assert_accessible(page)

    # Spain on the map: a link to the registry filtered to Spain.
    page.locator('a:has(path[data-country="ES"])').click()
    page.wait_for_url(re.compile(r".*/clusters/\?country=ES#results$"))
    expect(page.get_by_role("heading", name="10 clusters")).to_be_visible()
    expect(page.get_by_label("Country", exact=True)).to_have_value("ES")
    assert_accessible(page)

    # Narrow it with the form: Spain, education.
    page.get_by_label("Sector", exact=True).select_option("education")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("heading", name="2 clusters")).to_be_visible()
    shot(page, "02-filtered")
    assert_accessible(page)

    page.get_by_role(
        "link", name="Andalusian Association of Social Economy Education Centres"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Andalusian Association of Social Economy Education Centres"
    )
    expect(page.get_by_text("GECES report 2021, Appendix III")).to_be_visible()
    shot(page, "03-cluster")
    assert_accessible(page)


def test_staff_read_the_aggregated_results(page, live_server, e2e_tenant, alice):
    with tenant_context(e2e_tenant):
        survey = small_survey(e2e_tenant, title="Readiness 2026", slug="readiness-2026")
        Question.objects.create(
            survey=survey, key="country", label="Country", type=QuestionType.COUNTRY, order=1
        )
    for country, count in (("IT", 6), ("ES", 7), ("FR", 3)):
        for _number in range(count):
            submitted_response(
                e2e_tenant,
                survey,
                answers={"name": "Coop", "country": country, "d1": 3, "d2": 4, "g1": 2, "g2": 5},
            )
    secret = with_mfa(alice)
    sign_in(page, email=alice.email)
    page.get_by_label(label("Code")).fill(totp_now(secret))
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")

    page.goto(f"/surveys/{survey.slug}/results/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Results: Readiness 2026")
    by_country = page.get_by_role("table", name="By country")
    expect(by_country.get_by_role("row", name=re.compile("France"))).to_contain_text("fewer than 5")
    expect(by_country.get_by_role("row", name=re.compile("Spain"))).to_contain_text("7")
    shot(page, "04-results")
    assert_accessible(page)
