"""Aggregated results for policy makers: counts and mean scores by country, sector and legal
form, groups under 5 suppressed (and the next smallest when one alone is), the page with its
charts and tables for staff and coordinators only, the CSV (BOM, formulas neutralised) and
the PDF, in a constant number of queries."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mapping.models import Question, QuestionType
from mapping.results.selectors import Group, suppress, survey_results
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.mapping.factories import small_survey, submitted_response

LEGAL_FORMS = [
    {"value": "cooperative", "label": "Cooperative"},
    {"value": "association", "label": '=HYPERLINK("x")'},
]
SECTORS = [{"value": "wise", "label": "Work integration"}, {"value": "coop", "label": "Co-op"}]


@pytest.fixture
def survey(tenant_a):
    with tenant_context(tenant_a):
        survey = small_survey(tenant_a, title="Readiness 2026", slug="readiness-2026")
        Question.objects.filter(survey=survey, key="name").update(required=False)
        for order, (key, kind, options) in enumerate(
            (
                ("country", QuestionType.COUNTRY, []),
                ("sector", QuestionType.CHOICE, SECTORS),
                ("legal_form", QuestionType.CHOICE, LEGAL_FORMS),
            ),
            start=1,
        ):
            Question.objects.create(
                survey=survey,
                key=key,
                label=key,
                type=kind,
                options=options,
                order=order,
                required=False,
            )
        return survey


def _answer(tenant, survey, *, country, sector="wise", legal_form="cooperative", level=3):
    answers = {
        "country": country,
        "sector": sector,
        "legal_form": legal_form,
        "d1": level,
        "d2": level,
        "g1": 5,
        "g2": 5,
    }
    return submitted_response(tenant, survey, answers=answers)


def _respond(tenant, survey, countries: dict[str, int], **extra):
    for country, count in countries.items():
        for _number in range(count):
            _answer(tenant, survey, country=country, **extra)


def _groups(results, key):
    breakdown = next(b for b in results.breakdowns if b.key == key)
    return {group.label: group for group in breakdown.groups}


# --- The suppression rule --------------------------------------------------------------------


def test_a_group_of_four_is_suppressed_with_its_complement():
    groups = suppress([Group("a", "A", 4), Group("b", "B", 9), Group("c", "C", 6)])
    assert [(g.label, g.suppressed, g.count) for g in groups] == [
        ("A", True, 0),
        ("B", False, 9),
        ("C", True, 0),
    ]


def test_two_small_groups_need_no_complement():
    groups = suppress([Group("a", "A", 4), Group("b", "B", 3), Group("c", "C", 6)])
    assert [g.suppressed for g in groups] == [True, True, False]
    assert groups[2].count == 6


def test_groups_of_five_and_more_are_shown():
    groups = suppress([Group("a", "A", 5), Group("b", "B", 5)])
    assert [g.suppressed for g in groups] == [False, False]


def test_results_by_country_suppress_small_groups_and_their_complement(tenant_a, survey):
    _respond(tenant_a, survey, {"IT": 6, "ES": 7, "FR": 4})
    with tenant_context(tenant_a):
        results = survey_results(survey)
    assert results.total == 17 and not results.suppressed
    by_country = _groups(results, "country")
    assert by_country["France"].suppressed and by_country["France"].count == 0
    # France alone would be 17 - 6 - 7: Italy (the smallest other) goes too.
    assert by_country["Italy"].suppressed and by_country["Italy"].means == []
    assert not by_country["Spain"].suppressed and by_country["Spain"].count == 7
    # Every sector and legal form is the same: one group of 17, shown.
    assert _groups(results, "sector")["Work integration"].count == 17
    assert results.means[0] == Decimal("50.0")  # digital: 3 of 5 -> 50


def test_means_are_per_dimension_and_per_group(tenant_a, survey):
    _respond(tenant_a, survey, {"IT": 5}, level=5)
    _respond(tenant_a, survey, {"ES": 5}, level=1)
    with tenant_context(tenant_a):
        results = survey_results(survey)
    by_country = _groups(results, "country")
    assert by_country["Italy"].means[0] == Decimal("100.0")
    assert by_country["Spain"].means[0] == Decimal("0.0")
    assert results.means[0] == Decimal("50.0") and results.means[1] == Decimal("100.0")


def test_fewer_than_five_responses_in_all_show_nothing(tenant_a, survey):
    _respond(tenant_a, survey, {"IT": 4})
    with tenant_context(tenant_a):
        results = survey_results(survey)
    assert results.suppressed and results.total == 0 and results.breakdowns == []


# --- The page, the CSV, the PDF --------------------------------------------------------------


def test_staff_and_coordinators_see_the_results_page(tenant_a, survey, client, alice, bob):
    _respond(tenant_a, survey, {"IT": 6, "ES": 7, "FR": 4})
    for person in (alice, bob):
        login(client, person)
        page = client.get(reverse("mapping_results", args=[survey.slug]))
        text = page.content.decode()
        assert page.status_code == 200
        assert "Results: Readiness 2026" in text
        assert "fewer than 5" in text and "<svg" in text
        assert '<td class="number">7</td>' in text
        assert '<td class="number">4</td>' not in text
        client.logout()


@pytest.mark.parametrize("name", ["mapping_results", "mapping_results_csv", "mapping_results_pdf"])
def test_others_are_refused(tenant_a, survey, client, applicant, name):
    url = reverse(name, args=[survey.slug])
    assert client.get(url).status_code == 403
    login(client, applicant)
    assert client.get(url).status_code == 403


def test_an_unknown_survey_is_404_for_staff(tenant_a, client, alice):
    login(client, alice)
    assert client.get(reverse("mapping_results", args=["nope"])).status_code == 404


def test_the_csv_has_a_bom_suppressed_groups_and_neutralised_formulas(
    tenant_a, survey, client, alice
):
    _respond(tenant_a, survey, {"IT": 6}, legal_form="association")
    _respond(tenant_a, survey, {"ES": 7})
    _respond(tenant_a, survey, {"FR": 4})
    login(client, alice)
    response = client.get(reverse("mapping_results_csv", args=[survey.slug]))
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Type"].startswith("text/csv")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == [
        "Breakdown",
        "Group",
        "Respondents",
        "Digital maturity",
        "Green maturity",
        "Skills",
    ]
    assert rows[1] == ["All", "All respondents", "17", "50.0", "100.0", ""]
    assert ["By country", "France", "fewer than 5"] in rows
    assert ["By country", "Italy", "fewer than 5"] in rows
    assert ["By country", "Spain", "7", "50.0", "100.0", ""] in rows
    # An option's label that is a formula is written as text.
    assert ["By legal form", '\'=HYPERLINK("x")', "6", "50.0", "100.0", ""] in rows


def test_the_pdf_names_the_survey(tenant_a, survey, client, alice):
    pytest.importorskip("weasyprint")
    _respond(tenant_a, survey, {"IT": 5})
    login(client, alice)
    response = client.get(reverse("mapping_results_pdf", args=[survey.slug]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Readiness 2026" in text


def test_the_results_read_a_constant_number_of_queries(tenant_a, survey, client, alice):
    _respond(tenant_a, survey, {"IT": 5})
    login(client, alice)
    url = reverse("mapping_results", args=[survey.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _respond(tenant_a, survey, {"ES": 6, "FR": 7, "DE": 5})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_survey_admin_links_to_the_results(tenant_a, survey, client, alice):
    login(client, alice, mfa=True)
    page = client.get(reverse("admin:mapping_survey_changelist"))
    assert reverse("mapping_results", args=[survey.slug]) in page.content.decode()
