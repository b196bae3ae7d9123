"""Learning paths: the staff's writes (validation, publication), a learner's progress across
a path (their own only), and the public pages with their filter, preview and query count."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.factories import UserFactory
from tests.mooc.factories import CourseFactory
from tests.upskilling.factories import PathFactory, complete_course, path_courses, path_with_courses
from upskilling.errors import UpskillingError
from upskilling.models import LearningPath, PathCourse
from upskilling.paths import selectors, services

pytestmark = pytest.mark.django_db

PATHS = "/training/paths/"


def save(by: Any, **changes: Any) -> LearningPath:
    fields = {
        "slug": "digital-basics",
        "title": "Digital basics",
        "summary": "Three courses.",
        "audience": "enterprise_staff",
        "badge_name": "Digital basics",
        "badge_description": "Completed the path.",
        "badge_criteria": "Complete every course.",
        **changes,
    }
    return services.path_save(by=by, **fields)


# --- Staff's writes ---------------------------------------------------------------------------


def test_staff_create_a_draft_path_with_an_audit_row(in_tenant_a: Any, alice: Any) -> None:
    path = save(alice)
    assert path.status == "draft"
    assert path.tenant == in_tenant_a
    assert AuditEvent.objects.filter(
        verb="upskilling.path_created", object_id=str(path.pk)
    ).exists()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"slug": "mine"}, "slug", "slug_reserved"),
        ({"audience": "everyone"}, "audience", "audience_unknown"),
        ({"title": ""}, "title", "invalid"),
    ],
)
def test_a_path_refuses_bad_fields_by_name(
    in_tenant_a: Any, alice: Any, changes: dict[str, str], field: str, code: str
) -> None:
    with pytest.raises(UpskillingError) as refused:
        save(alice, **changes)
    assert (refused.value.field, refused.value.code) == (field, code)


def test_a_slug_is_one_path_per_programme(in_tenant_a: Any, alice: Any) -> None:
    save(alice)
    with pytest.raises(UpskillingError) as refused:
        save(alice, title="Another")
    assert refused.value.code == "slug_taken"
    assert "digital-basics" in refused.value.message


def test_only_staff_write_paths(in_tenant_a: Any, applicant: Any) -> None:
    with pytest.raises(PermissionDenied):
        save(applicant)


def test_a_course_is_on_a_path_once(in_tenant_a: Any, alice: Any) -> None:
    path = save(alice)
    course = CourseFactory(tenant=in_tenant_a)
    services.path_course_save(by=alice, path=path, course=course, order=1)
    with pytest.raises(UpskillingError) as refused:
        services.path_course_save(by=alice, path=path, course=course, order=2)
    assert (refused.value.field, refused.value.code) == ("course", "course_twice")


def test_publishing_needs_courses_that_are_published(in_tenant_a: Any, alice: Any) -> None:
    path = save(alice)
    with pytest.raises(UpskillingError) as empty:
        services.path_publish(path=path, by=alice)
    assert empty.value.code == "not_ready"

    draft = CourseFactory(tenant=in_tenant_a, title="Still a draft", status="draft")
    services.path_course_save(by=alice, path=path, course=draft, order=1)
    with pytest.raises(UpskillingError) as unpublished:
        services.path_publish(path=path, by=alice)
    assert "Still a draft" in unpublished.value.message

    draft.status = "published"
    draft.save()
    published = services.path_publish(path=path, by=alice)
    assert published.status == "published" and published.published_at is not None

    archived = services.path_archive(path=published, by=alice)
    assert archived.status == "archived"
    with pytest.raises(UpskillingError) as twice:
        services.path_archive(path=archived, by=alice)
    assert twice.value.code == "wrong_state"


# --- Progress -------------------------------------------------------------------------------


def test_progress_counts_the_courses_completed_in_order(in_tenant_a: Any) -> None:
    path = path_with_courses(in_tenant_a, courses=3)
    first, second, third = path_courses(path)
    learner = UserFactory()

    start = selectors.path_progress(path=path, user=learner)
    assert (start.completed, start.total, start.percent) == (0, 3, 0)
    assert start.next_step is not None and start.next_step.course == first

    complete_course(learner, first)
    from mooc.learning import services as learning

    learning.enrol(course=third, user=learner)

    now = selectors.path_progress(path=path, user=learner)
    assert [step.state for step in now.steps] == ["completed", "not_started", "started"]
    assert (now.completed, now.percent, now.is_complete) == (1, 33, False)
    assert now.next_step is not None and now.next_step.course == second

    complete_course(learner, second)
    complete_course(learner, third)
    assert selectors.path_progress(path=path, user=learner).is_complete


def test_a_learner_never_reads_another_learners_progress(in_tenant_a: Any) -> None:
    path = path_with_courses(in_tenant_a, courses=2)
    first, _ = path_courses(path)
    done, other = UserFactory(), UserFactory()
    complete_course(done, first)

    assert selectors.path_progress(path=path, user=other).completed == 0
    assert selectors.my_paths(other) == []
    mine = selectors.my_paths(done)
    assert [(row.slug, progress.completed) for row, progress in mine] == [(path.slug, 1)]


def test_courses_taken_off_the_catalogue_leave_the_path(in_tenant_a: Any) -> None:
    path = path_with_courses(in_tenant_a, courses=2)
    first, second = path_courses(path)
    second.status = "archived"
    second.save()
    assert [step.course for step in selectors.path_progress(path=path, user=None).steps] == [first]


# --- Pages ----------------------------------------------------------------------------------


def titles_on(response: Any) -> list[str]:
    return re.findall(
        r'<h2><a href="/training/paths/[\w-]+/">([^<]+)</a></h2>', response.content.decode()
    )


def test_the_list_shows_published_paths_by_audience(client: Client, tenant_a: Any) -> None:
    with tenant_context(tenant_a):
        PathFactory(tenant=tenant_a, title="For enterprises")
        PathFactory(tenant=tenant_a, title="For clusters", audience="cluster_managers")
        PathFactory(tenant=tenant_a, title="Not yet", status="draft")

    assert titles_on(client.get(PATHS)) == ["For enterprises", "For clusters"]
    assert titles_on(client.get(PATHS, {"audience": "cluster_managers"})) == ["For clusters"]

    refused = client.get(PATHS, {"audience": "robots"})
    assert refused.status_code == 400
    assert "Audience: choose one of the audiences in the list." in refused.content.decode()


def test_the_list_is_empty_with_a_way_on(client: Client, tenant_a: Any) -> None:
    page = client.get(PATHS).content.decode()
    assert "No learning path is published yet" in page
    assert 'href="/courses/"' in page


def test_the_list_reads_a_constant_number_of_queries(client: Client, tenant_a: Any) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(PATHS).status_code == 200
        return len(seen)

    with tenant_context(tenant_a):
        path_with_courses(tenant_a, courses=2)
    queries()  # the programme's host and settings are cached from here on
    few = queries()
    with tenant_context(tenant_a):
        for _ in range(8):
            path_with_courses(tenant_a, courses=2)
    assert queries() == few


def test_the_path_page_shows_each_course_as_the_learner_stands_on_it(
    client: Client, tenant_a: Any
) -> None:
    learner = UserFactory()
    with tenant_context(tenant_a):
        path = path_with_courses(tenant_a, courses=2)
        first, second = path_courses(path)
        complete_course(learner, first)
    login(client, learner)

    page = client.get(f"{PATHS}{path.slug}/").content.decode()

    assert re.search(rf'data-step="{first.slug}" data-state="completed"', page)
    assert re.search(rf'data-step="{second.slug}" data-state="not_started"', page)
    assert "1 of 2 courses completed" in page
    assert f'href="/courses/{second.slug}/" data-next-course' in page
    assert "Complete every course of the path to earn this badge." in page


def test_a_draft_path_is_the_staffs_preview_only(client: Client, tenant_a: Any, alice: Any) -> None:
    with tenant_context(tenant_a):
        draft = PathFactory(tenant=tenant_a, status="draft")
    assert client.get(f"{PATHS}{draft.slug}/").status_code == 404
    login(client, alice)
    preview = client.get(f"{PATHS}{draft.slug}/")
    assert preview.status_code == 200
    assert "data-preview" in preview.content.decode()


def test_another_programmes_path_is_not_found(client: Client, tenant_a: Any, tenant_b: Any) -> None:
    with tenant_context(tenant_b):
        other = PathFactory(tenant=tenant_b)
    assert client.get(f"{PATHS}{other.slug}/").status_code == 404


def test_a_badge_cannot_be_collected_before_the_path_is_done(client: Client, tenant_a: Any) -> None:
    learner = UserFactory()
    with tenant_context(tenant_a):
        path = path_with_courses(tenant_a, courses=2)
    login(client, learner)
    response = client.post(f"{PATHS}{path.slug}/badge/", follow=True)
    assert "0 of 2 done" in response.content.decode()
    with tenant_context(tenant_a):
        assert not path.badges.exists()
        assert PathCourse.objects.filter(path=path).count() == 2
