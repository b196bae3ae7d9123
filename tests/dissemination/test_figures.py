"""The programme's figures equal the database's own counts, computed here independently
(row by row in Python), over a world with grants, tranches, vouchers, claims, certificates,
badges and survey responses; the pages show them, in a constant number of queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dissemination.figures import selectors
from grants.models import Award, Tranche
from mapping.models import Response
from mooc.models import Certificate, Enrolment
from socialtech.tenancy.context import tenant_context
from tests.dissemination.figures_world import build_figures_world
from upskilling.badges import figures as badge_figures
from upskilling.models import Badge
from vouchers.models import Claim, Voucher

pytestmark = pytest.mark.django_db

FIGURES = reverse("dissemination_programme_figures")
RESULTS = reverse("dissemination_programme_results")


@pytest.fixture(autouse=True)
def _badges_registered() -> None:
    # upskilling registers its figure in its AppConfig.ready(); make sure it is there.
    badge_figures.register()


def by_key() -> dict[str, object]:
    return {figure.key: figure.value for figure in selectors.programme_figures()}


def independent_counts() -> dict[str, object]:
    awards = list(Award.objects.select_related("organisation"))
    vouchers = list(Voucher.objects.select_related("organisation"))
    supported = {
        row.organisation for row in awards if row.status in ("signed", "active", "completed")
    } | {row.organisation for row in vouchers if row.status not in ("cancelled", "expired")}
    awarded_states = ("accepted", "agreement_sent", "signed", "active", "completed", "terminated")
    return {
        "enterprises_supported": len(supported),
        "countries_reached": len({str(org.country) for org in supported}),
        "money_awarded": sum(
            (row.amount for row in awards if row.status in awarded_states), Decimal("0")
        ),
        "money_paid": sum(
            (row.amount for row in Tranche.objects.all() if row.status == "paid"), Decimal("0")
        )
        + sum(
            (row.amount for row in Claim.objects.all() if row.status == "reimbursed"), Decimal("0")
        ),
        "vouchers_issued": len([row for row in vouchers if row.status != "cancelled"]),
        "vouchers_redeemed": len([row for row in vouchers if row.status == "reimbursed"]),
        "certificates_issued": len(list(Certificate.objects.all())),
        "badges_awarded": len([row for row in Badge.objects.all() if row.revoked_at is None]),
        "surveys_answered": len(
            [row for row in Response.objects.all() if row.status == "submitted"]
        ),
    }


def test_the_figures_equal_the_databases_own_counts(in_tenant_a, tenant_b):
    build_figures_world(in_tenant_a)
    with tenant_context(tenant_b):
        build_figures_world(tenant_b)  # another programme's rows never count
    figures = by_key()
    expected = independent_counts()
    assert {key: figures[key] for key in expected} == expected
    # The world's own numbers, so a wrong definition on both sides still fails.
    assert expected == {
        # signed (also holding a voucher), active, completed, in delivery, reimbursed, verified
        "enterprises_supported": 6,
        "countries_reached": 4,  # IT, DE, PL, AT
        "money_awarded": Decimal("43000.50"),
        "money_paid": Decimal("12500.25"),
        "vouchers_issued": 5,
        "vouchers_redeemed": 1,
        "certificates_issued": 1,
        "badges_awarded": 1,
        "surveys_answered": 2,
    }
    assert isinstance(figures["money_paid"], Decimal)


def test_the_figures_page_shows_each_figure_with_its_definition_and_money_as_money(
    client: Client, tenant_a
):
    with tenant_context(tenant_a):
        build_figures_world(tenant_a)
    page = client.get(FIGURES)
    assert page.status_code == 200
    text = page.content.decode()
    assert 'data-figure="enterprises_supported"' in text
    assert "Organisations with a grant whose agreement is signed" in text
    assert "43,000.50" in text or "43 000,50" in text or "43.000,50" in text, text
    assert 'data-figure="badges_awarded"' in text and 'data-figure="surveys_answered"' in text
    assert reverse("beneficiaries") in text


def test_the_figures_page_of_an_empty_programme_shows_zeros(client: Client, tenant_a):
    text = client.get(FIGURES).content.decode()
    assert 'data-figure="money_paid"' in text
    assert "€0.00" in text or "0.00" in text


def test_the_results_page_lists_the_published_projects_and_links_to_the_beneficiaries(
    client: Client, tenant_a
):
    with tenant_context(tenant_a):
        build_figures_world(tenant_a)
    page = client.get(RESULTS)
    assert page.status_code == 200
    text = page.content.decode()
    assert reverse("beneficiaries") in text
    assert text.count("<tr data-project>") == 1 and "Signed 0" in text
    assert "1 funded project," in text
    with tenant_context(tenant_a):
        completed = Enrolment.objects.filter(completed_at__isnull=False).count()
    assert f"<dd data-courses-completed>{completed}</dd>" in text
    assert "<dd data-surveys-answered>2</dd>" in text


def test_the_pages_read_a_constant_number_of_queries(
    client: Client, tenant_a, django_assert_num_queries
):
    with tenant_context(tenant_a):
        build_figures_world(tenant_a)
    client.get(FIGURES)
    client.get(RESULTS)
    with CaptureQueriesContext(connection) as small:
        client.get(FIGURES)
    with CaptureQueriesContext(connection) as small_results:
        client.get(RESULTS)
    with tenant_context(tenant_a):
        build_figures_world(tenant_a, scale=3)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(FIGURES)
    with django_assert_num_queries(len(small_results.captured_queries)):
        page = client.get(RESULTS)
    assert page.content.decode().count("<tr data-project>") == 4
