"""Deep pages of the staff application list: read over the list's index, never by sorting
or walking the whole table, in the same queries as the first page."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from tests.calls.factories import CallFactory
from tests.conftest import login
from tests.perf.test_application_list_queries import CHANGELIST, add_applications

PER_PAGE = 50


@pytest.fixture
def staff_client(client, alice):
    return login(client, alice, mfa=True)


def listed(response):
    return [application.pk for application in response.context["cl"].result_list]


def page_queries(client, url, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200
    return response, [query["sql"] for query in captured.captured_queries]


def test_a_deep_page_shows_the_right_rows_in_the_queries_of_the_first(
    staff_client, tenant_a, tenant_b, applicant
):
    call = CallFactory(tenant=tenant_a, reference="OC1")
    add_applications(tenant=tenant_a, call=call, user=applicant, count=260, start=1)
    other = CallFactory(tenant=tenant_b, reference="OC1")
    add_applications(tenant=tenant_b, call=other, user=applicant, count=40, start=1)
    url = reverse(CHANGELIST)
    staff_client.get(url)  # the host's programme is cached after the first request
    expected = list(
        Application.unscoped.filter(tenant=tenant_a)
        .exclude(status="draft")
        .order_by("-submitted_at", "-pk")
        .values_list("pk", flat=True)
    )

    first, first_queries = page_queries(staff_client, url, {})
    deep, deep_queries = page_queries(staff_client, url, {"p": 5})
    last, last_queries = page_queries(staff_client, url, {"p": 6})

    assert listed(first) == expected[:PER_PAGE]
    assert listed(deep) == expected[4 * PER_PAGE : 5 * PER_PAGE]
    assert listed(last) == expected[5 * PER_PAGE :]
    assert len(first_queries) == len(deep_queries) == len(last_queries)
    # The deep page's rows come by their ids, picked in a subquery with the offset.
    assert any(re.search(r"IN \(SELECT .* OFFSET 200\)", sql) for sql in deep_queries)


def plan_nodes(plan):
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans of PostgreSQL")
# Committed rows and VACUUM: earlier tests' rolled-back rows leave dead tuples behind,
# which inflate the table and index the planner costs; a live database is vacuumed.
@pytest.mark.django_db(transaction=True)
def test_a_deep_page_is_read_over_the_list_index_without_sorting_the_table(
    staff_client, tenant_a, tenant_b, applicant
):
    call = CallFactory(tenant=tenant_a, reference="OC1")
    add_applications(tenant=tenant_a, call=call, user=applicant, count=20_000, start=1)
    other = CallFactory(tenant=tenant_b, reference="OC1")
    add_applications(tenant=tenant_b, call=other, user=applicant, count=2_000, start=1)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE applications_application")
    url = reverse(CHANGELIST)
    staff_client.get(url)

    _response, queries = page_queries(staff_client, url, {"p": 300})

    (page_sql,) = [sql for sql in queries if "OFFSET 14950" in sql]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {page_sql}")
        (row,) = cursor.fetchall()
    plan = row[0] if isinstance(row[0], list) else json.loads(row[0])
    nodes = list(plan_nodes(plan[0]["Plan"]))
    scans = [node for node in nodes if node.get("Relation Name") == "applications_application"]
    assert any(node.get("Index Name") == "application_staff_list_order" for node in scans), nodes
    assert not [node for node in scans if node["Node Type"] == "Seq Scan"], nodes
    # Whatever is sorted is the page, never the table.
    sorts = [node for node in nodes if node["Node Type"] in ("Sort", "Incremental Sort")]
    assert all(node["Plan Rows"] <= PER_PAGE for node in sorts), sorts
