"""The course library's public pages: the catalogue with its search, filters and pages,
and a course's page (published for anyone, a draft only as staff's preview)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from mooc.models import Course, Enrolment, Lesson
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.factories import UserFactory
from tests.mooc.factories import CourseFactory
from tests.mooc.factories import course_with_lessons as _course_with_lessons

CATALOGUE = "/courses/"


def course_with_lessons(tenant: Any, **fields: Any) -> Course:
    with tenant_context(tenant):
        return _course_with_lessons(tenant, **fields)


def titles_on(response: Any) -> list[str]:
    return re.findall(r'<h2><a href="/courses/[\w-]+/">([^<]+)</a></h2>', response.content.decode())


def test_the_catalogue_lists_published_courses_only_to_anyone(
    client: Client, tenant_a: Any
) -> None:
    CourseFactory(tenant=tenant_a, title="Alpha published")
    CourseFactory(tenant=tenant_a, title="Beta draft", status="draft", published_at=None)
    CourseFactory(tenant=tenant_a, title="Gamma archived", status="archived")

    response = client.get(CATALOGUE)

    assert response.status_code == 200
    assert titles_on(response) == ["Alpha published"]
    page = response.content.decode()
    assert "Digital tools" in page and "Beginner" in page and "90 minutes" in page


def test_the_catalogue_does_not_show_another_programmes_courses(
    client: Client, tenant_a: Any, tenant_b: Any
) -> None:
    CourseFactory(tenant=tenant_b, title="Only in Beta")
    assert titles_on(client.get(CATALOGUE)) == []


def test_the_catalogue_searches_title_and_summary(client: Client, tenant_a: Any) -> None:
    CourseFactory(tenant=tenant_a, title="Spreadsheets for co-ops", summary="Plain.")
    CourseFactory(tenant=tenant_a, title="Something else", summary="About spreadsheets too.")
    CourseFactory(tenant=tenant_a, title="Unrelated", summary="Nothing here.")

    assert titles_on(client.get(CATALOGUE, {"q": "spreadsheets"})) == [
        "Something else",
        "Spreadsheets for co-ops",
    ]


def test_the_catalogue_filters_by_topic_level_and_language(client: Client, tenant_a: Any) -> None:
    CourseFactory(tenant=tenant_a, title="Green basics", topics=["green_transition"])
    CourseFactory(
        tenant=tenant_a,
        title="Green advanced",
        topics=["data_ai", "green_transition"],
        level="advanced",
    )
    CourseFactory(
        tenant=tenant_a, title="Green in Italian", topics=["green_transition"], language="it"
    )
    CourseFactory(tenant=tenant_a, title="Data only", topics=["data_ai"])

    assert titles_on(client.get(CATALOGUE, {"topic": "green_transition"})) == [
        "Green advanced",
        "Green basics",
        "Green in Italian",
    ]
    assert titles_on(client.get(CATALOGUE, {"topic": "green_transition", "level": "advanced"})) == [
        "Green advanced"
    ]
    assert titles_on(client.get(CATALOGUE, {"language": "it"})) == ["Green in Italian"]


def test_the_catalogue_labels_every_filter(client: Client, tenant_a: Any) -> None:
    page = client.get(CATALOGUE).content.decode()
    for field, label in [
        ("q", "Search the title or summary"),
        ("topic", "Topic"),
        ("level", "Level"),
        ("language", "Language"),
    ]:
        assert f'<label for="id_{field}">{label}' in page
    assert "<h1>Courses</h1>" in page


def test_an_unknown_filter_value_is_refused_with_a_message(client: Client, tenant_a: Any) -> None:
    CourseFactory(tenant=tenant_a)
    response = client.get(CATALOGUE, {"topic": "astrology"})
    assert response.status_code == 400
    assert "These filters cannot be used" in response.content.decode()


def test_the_catalogue_says_when_nothing_is_published_or_nothing_matches(
    client: Client, tenant_a: Any
) -> None:
    assert "No course is published yet." in client.get(CATALOGUE).content.decode()
    CourseFactory(tenant=tenant_a)
    page = client.get(CATALOGUE, {"q": "no such words"}).content.decode()
    assert "No course matches these filters." in page


def test_the_catalogue_shows_twenty_courses_a_page_and_keeps_the_filters(
    client: Client, tenant_a: Any
) -> None:
    for number in range(25):
        CourseFactory(tenant=tenant_a, title=f"Course {number:02d}", level="intermediate")
    first = client.get(CATALOGUE, {"level": "intermediate"})
    assert len(titles_on(first)) == 20
    assert "Page 1 of 2" in first.content.decode()
    assert "?level=intermediate&amp;page=2" in first.content.decode()
    second = client.get(CATALOGUE, {"level": "intermediate", "page": 2})
    assert titles_on(second) == [f"Course {number:02d}" for number in range(20, 25)]


def test_the_catalogue_of_a_thousand_courses_takes_a_fixed_number_of_queries(
    client: Client, tenant_a: Any, django_assert_num_queries: Any
) -> None:
    CourseFactory(tenant=tenant_a, title="The only one", topics=["data_ai"])
    client.get(CATALOGUE)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(CATALOGUE, {"topic": "data_ai"})
    template = CourseFactory.build(tenant=tenant_a)
    with tenant_context(tenant_a):
        Course.objects.bulk_create(
            [
                Course(
                    tenant=tenant_a,
                    slug=f"bulk-{number}",
                    title=f"Bulk course {number:04d}",
                    summary=template.summary,
                    level="beginner",
                    language="en",
                    topics=["data_ai", "digital_tools"],
                    duration_minutes=60,
                    provider_name="Academy",
                    licence="cc_by_4",
                    status="published",
                )
                for number in range(1000)
            ]
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(CATALOGUE, {"topic": "data_ai"})
    assert len(titles_on(response)) == 20
    assert "1001 courses found." in response.content.decode()


# --- A course's page ---------------------------------------------------------------------------


def test_the_course_page_shows_the_course_and_its_lessons_in_order(
    client: Client, tenant_a: Any
) -> None:
    course = course_with_lessons(tenant_a, title="Cloud tools", licence="cc_by_sa_4")
    with tenant_context(tenant_a):
        Lesson.objects.filter(title="Lesson 1").update(order=9, duration_minutes=25)

    response = client.get(f"/courses/{course.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page and "Cloud tools</h1>" in page
    assert "CC BY-SA 4.0" in page and "SocialTech4EU Academy" in page
    lessons = re.findall(r'data-lesson="\d+">([^<]+)<', page)
    assert [name.strip() for name in lessons] == ["Lesson 2", "Lesson 3", "Lesson 1"]
    assert "25 minutes" in page
    assert "Sign in to enrol" in page


def _enrol_name_resolves() -> bool:
    try:
        reverse("mooc_enrol", args=["x"])
    except NoReverseMatch:
        return False
    return True


def test_a_signed_in_person_sees_the_enrol_form_when_enrolment_exists(
    tenant_a: Any, applicant: Any
) -> None:
    course = course_with_lessons(tenant_a)
    page = login(Client(), applicant).get(f"/courses/{course.slug}/").content.decode()
    if _enrol_name_resolves():
        assert f'action="{reverse("mooc_enrol", args=[course.slug])}"' in page
    else:
        assert "data-enrol" not in page
        assert "Enrolment opens soon." in page


def test_an_enrolled_learner_continues_at_the_last_lesson_opened(
    tenant_a: Any, applicant: Any
) -> None:
    course = course_with_lessons(tenant_a)
    with tenant_context(tenant_a):
        second = Lesson.objects.get(module__course=course, title="Lesson 2")
        Enrolment.objects.create(tenant=tenant_a, course=course, user=applicant, last_lesson=second)
    page = login(Client(), applicant).get(f"/courses/{course.slug}/").content.decode()
    assert "You are enrolled on this course." in page
    assert "data-enrol" not in page
    try:
        url = reverse("mooc_lesson", args=[course.slug, second.pk])
    except NoReverseMatch:
        assert "data-continue" not in page
    else:
        assert f'href="{url}" data-continue' in page


def test_a_draft_course_is_not_found_by_a_visitor_or_a_learner(
    client: Client, tenant_a: Any, applicant: Any
) -> None:
    draft = course_with_lessons(tenant_a, status="draft", published_at=None)
    archived = course_with_lessons(tenant_a, status="archived")
    assert client.get(f"/courses/{draft.slug}/").status_code == 404
    assert client.get(f"/courses/{archived.slug}/").status_code == 404
    assert login(Client(), applicant).get(f"/courses/{draft.slug}/").status_code == 404


def test_staff_preview_a_draft_as_a_learner_sees_it(tenant_a: Any, alice: Any) -> None:
    draft = course_with_lessons(
        tenant_a, title="Work in progress", status="draft", published_at=None
    )
    response = login(Client(), alice).get(f"/courses/{draft.slug}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Work in progress</h1>" in page
    assert "Preview: this course is “Draft”." in page
    assert "data-enrol" not in page


def test_staff_of_another_programme_cannot_preview(tenant_a: Any, charlie: Any) -> None:
    draft = course_with_lessons(tenant_a, status="draft", published_at=None)
    assert login(Client(), charlie).get(f"/courses/{draft.slug}/").status_code == 404


def test_the_course_page_takes_a_fixed_number_of_queries(
    tenant_a: Any, applicant: Any, django_assert_num_queries: Any
) -> None:
    small = course_with_lessons(tenant_a, lessons=1)
    big = course_with_lessons(tenant_a, lessons=30)
    client = login(Client(), applicant)
    client.get(f"/courses/{small.slug}/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(f"/courses/{small.slug}/")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(f"/courses/{big.slug}/")
    assert response.content.decode().count("data-lesson=") == 30


@pytest.mark.parametrize("slug", ["mine", "certificates"])
def test_the_reserved_addresses_are_not_course_pages(
    client: Client, tenant_a: Any, slug: str
) -> None:
    UserFactory()
    assert Course.unscoped.filter(slug=slug).count() == 0
    response = client.get(f"/courses/{slug}/")
    assert response.status_code in {302, 404}
