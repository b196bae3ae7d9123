"""An applicant's lists (My applications, the start page, ``GET /api/v1/applications/``) cost
what the applicant's own rows cost, however many applications the programme holds: they
filter by the applicant's organisations, read once, through the organisation index."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.api import application_list_for_user
from applications.selectors import dashboard_applications, member_applications
from calls.models import Call
from socialtech.tenancy.context import tenant_context
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.conftest import HOST_A, login
from tests.factories import OrganisationFactory, UserFactory
from tests.perf.test_application_list_queries import add_applications

APPLICATIONS_TABLE = "applications_application"
MEMBERS_TABLE = "organisations_organisationmember"


@pytest.fixture
def open_call(tenant_a):
    return CallFactory(tenant=tenant_a, reference="OC1", max_applications_per_organisation=10)


@pytest.fixture
def viewer(tenant_a, open_call):
    """Four applications of two organisations the viewer belongs to (owner and editor)."""
    user = UserFactory(email="viewer@example.org")
    owned = OrganisationFactory(owner=user)
    edited = OrganisationFactory()
    edited.members.create(user=user, role="editor")
    for organisation in (owned, owned, edited, edited):
        ApplicationFactory(call=open_call, organisation=organisation, created_by=user)
    return user


def many_other_applications(tenant, call, count):
    add_applications(tenant=tenant, call=call, user=UserFactory(), count=count, start=1000)


def applicant_pages(call):
    return [
        reverse("application_dashboard"),
        reverse("application_start", args=[call.slug]),
        "/api/v1/applications/",
    ]


def queries_of(client, url):
    client.get(url)  # the programme and the session are cached after the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return captured.captured_queries


def test_applicant_lists_need_the_same_queries_and_no_membership_subquery_per_row(
    tenant_a, open_call, viewer
):
    client = login(Client(HTTP_HOST=HOST_A), viewer)
    few = {url: queries_of(client, url) for url in applicant_pages(open_call)}
    many_other_applications(tenant_a, open_call, 2000)
    for url in applicant_pages(open_call):
        many = queries_of(client, url)
        assert len(many) == len(few[url]), url
        # The list's own queries: its rows (and the API's count) carry the viewer's role.
        listing = [
            q["sql"]
            for q in many
            if f'FROM "{APPLICATIONS_TABLE}"' in q["sql"] and '"viewer_role"' in q["sql"]
        ]
        assert listing, url
        for sql in listing:
            # The organisations are a list of ids read once, not a subquery run per row.
            assert MEMBERS_TABLE not in sql, (url, sql)
            assert '"organisation_id" IN (' in sql, (url, sql)
    dashboard = client.get(reverse("application_dashboard"))
    assert len(dashboard.context["rows"]) == 4
    assert len(client.get("/api/v1/applications/").json()["results"]) == 4


def test_each_row_carries_the_viewers_role_in_its_organisation(
    tenant_a, open_call, viewer, django_assert_num_queries
):
    other = UserFactory(email="other@example.org")
    with tenant_context(tenant_a):
        with django_assert_num_queries(2):  # the viewer's organisations, then the rows
            rows = list(member_applications(viewer).order_by("pk"))
        roles = {row.organisation.members.get(user=viewer).role for row in rows}
        assert sorted(row.viewer_role for row in rows) == ["editor", "editor", "owner", "owner"]
        assert roles == {"owner", "editor"}
        assert {row.viewer_id for row in rows} == {viewer.pk}
        with django_assert_num_queries(1):
            assert list(member_applications(other)) == []


def plans(viewer, call):
    """The plans of the applicant lists' row queries, as the database gives them."""
    return {
        "my applications": dashboard_applications(user=viewer)[:20].explain(),
        "start page": member_applications(viewer).filter(call=call).explain(),
        "api": application_list_for_user(viewer)[:25].explain(),
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL plans")
def test_on_postgresql_the_lists_use_the_organisation_index_not_a_scan_of_the_programme(
    tenant_a, open_call, viewer
):
    many_other_applications(tenant_a, open_call, 20_000)
    with connection.cursor() as cursor:
        cursor.execute(f'ANALYZE "{APPLICATIONS_TABLE}"')
    with tenant_context(tenant_a):
        call = Call.objects.get(pk=open_call.pk)
        for name, plan in plans(viewer, call).items():
            assert f"Seq Scan on {APPLICATIONS_TABLE}" not in plan, (name, plan)
            assert "SubPlan" not in plan, (name, plan)
            # The rows are found through the organisation index, by the viewer's ids.
            assert "Index Cond: (organisation_id = ANY (" in plan, (name, plan)
            assert len(dashboard_applications(user=viewer)) == 4


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite plans")
def test_on_sqlite_the_lists_search_by_organisation(tenant_a, open_call, viewer):
    many_other_applications(tenant_a, open_call, 2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with tenant_context(tenant_a):
        call = Call.objects.get(pk=open_call.pk)
        for name, plan in plans(viewer, call).items():
            lines = [line for line in plan.splitlines() if APPLICATIONS_TABLE in line]
            assert lines and all("organisation_id" in line for line in lines), (name, plan)
            assert "CORRELATED SCALAR SUBQUERY" not in plan, (name, plan)
