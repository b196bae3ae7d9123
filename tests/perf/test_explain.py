"""The hot lists' queries never scan a large table from end to end, on PostgreSQL.

With more than 10,000 rows in the big tables (applications, their organisations,
assignments, reviews, enrolments, users), the queries the list pages run (taken from the
selectors the views call, not written here) are planned by PostgreSQL (``EXPLAIN (FORMAT
JSON)``) after ``ANALYZE``; a ``Seq Scan`` of any table over 10,000 rows fails the test.

The probe can fail: :func:`test_the_probe_catches_a_filter_on_an_unindexed_column` runs
it on a query filtering the applications by their title (no index) and sees the scan.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from importlib import import_module
from io import StringIO
from typing import Any

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test import RequestFactory
from django.utils import timezone

from applications.api import application_list_for_user
from applications.models import Application
from applications.selectors import dashboard_applications
from applications.staff_selectors import (
    application_list_for_staff,
    applications_visible_by_default,
)
from evaluations.models import Assignment, EvaluatorProfile, Review
from evaluations.results.selectors.aggregation import aggregation_queryset
from evaluations.workspace.selectors import evaluator_assignments
from mooc.learning.selectors import my_enrolments
from mooc.models import Enrolment
from socialtech.accounts.models import User
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.mooc.factories import CourseFactory
from tests.perf.test_application_list_queries import add_applications

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="query plans of PostgreSQL"
)

LARGE = 10_000
CALLS = 20
PER_CALL = 600  # 12,000 applications (and organisations) in the programme
EVALUATORS = 30
COURSES = 20
LEARNERS = 600  # 12,000 enrolments
PAGE = 50


def plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def table_rows(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (a table name from the plan)
        (count,) = cursor.fetchone()
    return int(count)


def large_seq_scans(queryset: QuerySet[Any]) -> list[tuple[str, int]]:
    """The tables over ``LARGE`` rows that the query's plan reads by a sequential scan."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (row,) = cursor.fetchall()
    plan = row[0] if isinstance(row[0], list) else json.loads(row[0])
    scanned = {
        node["Relation Name"]
        for node in plan_nodes(plan[0]["Plan"])
        if node["Node Type"] == "Seq Scan"
    }
    return [(table, rows) for table in sorted(scanned) if (rows := table_rows(table)) > LARGE]


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def add_reviews(tenant: Any, calls: list[Any]) -> User:
    """Every application assigned to one of ``EVALUATORS`` evaluators, confirmed, reviewed."""
    users = User.objects.bulk_create(
        [
            User(email=f"evaluator{n}@example.org", full_name=f"Evaluator {n}")
            for n in range(EVALUATORS)
        ]
    )
    profiles = EvaluatorProfile.objects.bulk_create([EvaluatorProfile(user=user) for user in users])
    now = timezone.now()
    applications = Application.unscoped.filter(tenant=tenant, call__in=calls).order_by("pk")
    assignments = Assignment.unscoped.bulk_create(
        [
            Assignment(
                tenant=tenant,
                application_id=pk,
                evaluator=profiles[n % EVALUATORS],
                status="submitted" if n % 3 else "in_progress",
                confirmed_at=now,
                due_at=now + timedelta(days=n % 30),
            )
            for n, pk in enumerate(applications.values_list("pk", flat=True))
        ],
        batch_size=2000,
    )
    Review.unscoped.bulk_create(
        [
            Review(tenant=tenant, assignment=assignment, scores={"impact": "4"}, submitted_at=now)
            for assignment in assignments
        ],
        batch_size=2000,
    )
    return users[0]


def add_enrolments(tenant: Any) -> User:
    courses = [CourseFactory(tenant=tenant) for _ in range(COURSES)]
    learners = User.objects.bulk_create(
        [User(email=f"learner{n}@example.org", full_name=f"Learner {n}") for n in range(LEARNERS)]
    )
    now = timezone.now()
    Enrolment.unscoped.bulk_create(
        [
            Enrolment(
                tenant=tenant,
                course=course,
                user=learner,
                enrolled_at=now - timedelta(minutes=n),
            )
            for n, (course, learner) in enumerate(
                (course, learner) for course in courses for learner in learners
            )
        ],
        batch_size=2000,
    )
    return learners[0]


@pytest.fixture
def world(tenant_a: Any, tenant_b: Any) -> dict[str, Any]:
    applicant = UserFactory(email="many.applications@example.org")
    calls = [CallFactory(tenant=tenant_a, reference=f"EX{n}") for n in range(CALLS)]
    for n, call in enumerate(calls):
        add_applications(
            tenant=tenant_a, call=call, user=applicant, count=PER_CALL, start=n * PER_CALL
        )
    other = CallFactory(tenant=tenant_b, reference="EXB")
    add_applications(tenant=tenant_b, call=other, user=applicant, count=500, start=1)
    for status, share in (("in_evaluation", 3), ("draft", 7)):
        ids = Application.unscoped.filter(call=calls[0]).values_list("pk", flat=True)[::share]
        Application.unscoped.filter(pk__in=list(ids)).update(status=status)
    member = UserFactory(email="member@example.org")
    organisation = OrganisationFactory(owner=member)
    Application.unscoped.filter(call=calls[1]).filter(
        pk__in=Application.unscoped.filter(call=calls[1]).values("pk")[:4]
    ).update(organisation=organisation)
    evaluator = add_reviews(tenant_a, calls[:CALLS])
    learner = add_enrolments(tenant_a)
    analyze()
    return {
        "tenant": tenant_a,
        "call": calls[0],
        "member": member,
        "evaluator": evaluator,
        "learner": learner,
    }


def back_office_list(model: type[Any]) -> QuerySet[Any]:
    """The admin list's own queryset and order, as its changelist asks for them."""
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    ordering = [*model_admin.get_ordering(request)]
    return model_admin.get_queryset(request).order_by(*ordering)


def hot_queries(world: dict[str, Any]) -> dict[str, QuerySet[Any]]:
    call, member = world["call"], world["member"]
    assignments, reviews = back_office_list(Assignment), back_office_list(Review)
    staff = applications_visible_by_default(application_list_for_staff()).order_by(
        "-submitted_at", "-pk"
    )
    return {
        "staff list": staff[:PAGE],
        "staff list by call": staff.filter(call=call)[:PAGE],
        "staff list by status": staff.filter(status="in_evaluation")[:PAGE],
        "staff list by call and status": staff.filter(call=call, status="eligible")[:PAGE],
        "staff list by country": staff.filter(organisation__country="IT")[:PAGE],
        "staff list, drafts": application_list_for_staff()
        .filter(status="draft")
        .order_by("-submitted_at", "-pk")[:PAGE],
        "evaluator workspace": evaluator_assignments(user=world["evaluator"])[:PAGE],
        "ranking and results": aggregation_queryset(call)[:PAGE],
        "my applications": dashboard_applications(user=member)[:20],
        "api applications": application_list_for_user(member)[:25],
        "my courses": my_enrolments(world["learner"])[:20],
        "staff enrolment list": Enrolment.objects.select_related("course", "user")[:PAGE],
        "assignment list": assignments[:PAGE],
        "assignment list by status": assignments.filter(status="in_progress")[:PAGE],
        "assignment list by call": assignments.filter(application__call=call)[:PAGE],
        "review list": reviews[:PAGE],
        "review list, not submitted": reviews.filter(submitted_at__isnull=True)[:PAGE],
        "review list by call": reviews.filter(assignment__application__call=call)[:PAGE],
    }


@on_postgresql
def test_the_hot_lists_never_scan_a_large_table(world: dict[str, Any]) -> None:
    with tenant_context(world["tenant"]):
        assert Application.objects.count() > LARGE
        scans = {
            name: found
            for name, queryset in hot_queries(world).items()
            if (found := large_seq_scans(queryset))
        }
    assert scans == {}


@on_postgresql
def test_the_probe_catches_a_filter_on_an_unindexed_column(world: dict[str, Any]) -> None:
    """Without an index on the filtered column, PostgreSQL reads the whole table: the probe
    reports it (so a missing index for a list's filter fails the test above)."""
    with tenant_context(world["tenant"]):
        unindexed = Application.objects.filter(title="Project 42").order_by("pk")
        amount = Application.objects.filter(requested_amount=Decimal("1.00"))
        assert large_seq_scans(unindexed) == [
            ("applications_application", table_rows("applications_application"))
        ]
        assert [table for table, _rows in large_seq_scans(amount)] == ["applications_application"]


INDEX_MIGRATIONS = [
    ("calls", "0006_index_call_list_by_status"),
    ("evaluations", "0003_index_reviews_not_submitted"),
    ("mooc", "0002_index_enrolment_list_order"),
    ("vouchers", "0002_index_voucher_and_claim_lists"),
    ("grants", "0006_index_award_list_order"),
    ("acceleration", "0002_index_introduction_list_order"),
    ("connect_to_innovate", "0002_index_interest_list"),
]


@pytest.mark.parametrize(("app", "name"), INDEX_MIGRATIONS)
def test_index_migrations_do_not_lock_the_table(
    transactional_db: None, app: str, name: str
) -> None:
    """On PostgreSQL the index is built CONCURRENTLY (writes carry on), outside a
    transaction; elsewhere it is a plain CREATE INDEX."""
    migration = import_module(f"{app}.migrations.{name}").Migration
    assert migration.atomic is False
    output = StringIO()
    call_command("sqlmigrate", app, name, stdout=output)
    creates = [line for line in output.getvalue().splitlines() if "CREATE INDEX" in line]
    assert creates
    if connection.vendor == "postgresql":
        assert all("CREATE INDEX CONCURRENTLY" in line for line in creates), creates
        assert "BEGIN;" not in output.getvalue()
    else:
        assert not any("CONCURRENTLY" in line for line in creates), creates
