"""The pages of the page benchmark (benchmarks/pages.py), on the bench data set at a
hundredth of its size: each answers 200 within 15 queries, and costs the same queries when
the programme holds three times the applications, reviews, awards and courses. The
applicant's pages (My applications, the form, the receipt) are checked that way on their
own as well: what other organisations send must never cost the applicant a query."""

from __future__ import annotations

import io
import itertools
from typing import Any

import pytest
from django.core.management import call_command

from applications.models import Application
from benchmarks._pages_child import count_queries, pages
from demo.bench.people import host
from evaluations.models import Assignment, Review
from grants.models import Award, Tranche
from mooc.models import Course
from socialtech.tenancy.models import Tenant

MAX_QUERIES = 15
APPLICANT_PAGES = ("My applications (4)", "Application form, 40 fields", "Receipt page")
copies = itertools.count(1)


@pytest.fixture
def bench(db: None) -> list[dict[str, Any]]:
    call_command("seed_bench", "--scale=0.01", stdout=io.StringIO())
    return pages()


def _copy(row: Any, **values: Any) -> Any:
    model = type(row)
    copy = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
    copy.pk = None
    for name, value in values.items():
        setattr(copy, name, value)
    return copy


def grow_programme(times: int) -> int:
    """Add ``times`` copies of the first programme's applications (with their reviews and
    awards) and courses; returns how many applications were added."""
    tenant = Tenant.objects.get(domains__host=host(0))
    originals = list(
        Application.unscoped.filter(tenant=tenant).exclude(
            organisation__legal_name__endswith="-00000"
        )
    )
    added = 0
    for _ in range(times):
        n = next(copies)
        for application in originals:
            copy = _copy(
                application,
                receipt_number=f"{application.receipt_number}-C{n}"
                if application.receipt_number
                else "",
            )
            copy.save()
            added += 1
            for assignment in Assignment.unscoped.filter(application=application):
                new = _copy(assignment, application=copy)
                new.save()
                review = Review.unscoped.filter(assignment=assignment).first()
                if review is not None:
                    _copy(review, assignment=new).save()
            award = Award.unscoped.filter(application=application).first()
            if award is not None:
                new_award = _copy(award, application=copy, replaced_by=None)
                new_award.save()
                Tranche.unscoped.bulk_create(
                    [_copy(t, award=new_award) for t in Tranche.unscoped.filter(award=award)]
                )
        Course.unscoped.bulk_create(
            [
                _copy(course, slug=f"{course.slug}-c{n}")
                for course in Course.unscoped.filter(tenant=tenant)
            ]
        )
    return added


def test_every_benchmarked_page_answers_in_at_most_15_queries_at_any_size(bench):
    few = {page["name"]: count_queries(page) for page in bench}
    assert grow_programme(2) > 0
    many = {page["name"]: count_queries(page) for page in bench}

    for name, (status, queries) in few.items():
        assert status == 200, name
        assert queries <= MAX_QUERIES, f"{name}: {queries} queries"
        assert many[name] == (status, queries), f"{name}: {queries} then {many[name][1]}"


def test_the_applicants_pages_cost_the_same_however_many_applications_the_programme_holds(
    bench,
):
    mine = [page for page in bench if page["name"] in APPLICANT_PAGES]
    assert len(mine) == len(APPLICANT_PAGES)
    few = [count_queries(page) for page in mine]
    assert grow_programme(3) >= 3 * 90
    many = [count_queries(page) for page in mine]

    assert few == many
    assert all(status == 200 and queries <= MAX_QUERIES for status, queries in few)


def test_the_benchmark_covers_every_kind_of_page_of_the_issue(bench):
    names = " | ".join(page["name"] for page in bench)
    for needed in (
        "Call list",
        "Call page",
        "Application form, 40 fields",
        "My applications",
        "Staff list, page 1",
        "Staff list by call",
        "Evaluator workspace",
        "Ranking page",
        "Dashboard data",
        "Course catalogue",
        "Beneficiaries",
        "API",
    ):
        assert needed in names, needed
