"""The course library's back office: authoring through the services, preview, publication,
and the statistics per country with their CSV; refused to anyone but the programme's staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mooc.models import Choice, Course, CourseStatus, Enrolment, Module, Question, Quiz
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory
from tests.mooc.factories import CourseFactory, course_with_lessons


def staff_client(user: Any) -> Client:
    return login(Client(), user, mfa=True)


def made(tenant: Any, **fields: Any) -> Course:
    with tenant_context(tenant):
        return course_with_lessons(tenant, **fields)


def learner(email: str, *countries: str) -> Any:
    user = UserFactory(email=email)
    for country in countries:
        OrganisationFactory(country=country, owner=user)
    return user


def enrol(tenant: Any, course: Course, user: Any, *, completed: bool = False) -> None:
    with tenant_context(tenant):
        Enrolment.objects.create(
            tenant=tenant,
            course=course,
            user=user,
            completed_at=timezone.now() if completed else None,
        )


def test_staff_add_a_course_through_the_form(tenant_a: Any, alice: Any) -> None:
    response = staff_client(alice).post(
        reverse("admin:mooc_course_add"),
        {
            "slug": "green-basics",
            "title": "Green basics",
            "summary": "Energy and waste.",
            "level": "beginner",
            "language": "en",
            "topics": ["green_transition"],
            "duration_minutes": "45",
            "provider_name": "Academy",
            "licence": "cc_by_4",
            "modules-TOTAL_FORMS": "1",
            "modules-INITIAL_FORMS": "0",
            "modules-MIN_NUM_FORMS": "0",
            "modules-MAX_NUM_FORMS": "1000",
            "modules-0-title": "First steps",
            "modules-0-order": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    course = Course.unscoped.get(slug="green-basics")
    assert course.status == CourseStatus.DRAFT
    assert list(Module.unscoped.filter(course=course).values_list("title", flat=True)) == [
        "First steps"
    ]


def test_a_reserved_slug_is_shown_by_the_field_and_what_was_typed_stays(
    tenant_a: Any, alice: Any
) -> None:
    response = staff_client(alice).post(
        reverse("admin:mooc_course_add"),
        {
            "slug": "mine",
            "title": "Typed title stays",
            "summary": "S.",
            "level": "beginner",
            "language": "en",
            "topics": ["green_transition"],
            "duration_minutes": "45",
            "provider_name": "Academy",
            "licence": "cc_by_4",
            "modules-TOTAL_FORMS": "0",
            "modules-INITIAL_FORMS": "0",
            "modules-MIN_NUM_FORMS": "0",
            "modules-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "is the address of another page of the library" in page
    assert 'value="Typed title stays"' in page
    assert not Course.unscoped.exists()


def test_the_course_page_of_the_back_office_links_preview_statistics_and_lessons(
    tenant_a: Any, alice: Any
) -> None:
    course = made(tenant_a, status="draft", published_at=None)
    page = staff_client(alice).get(reverse("admin:mooc_course_change", args=[course.pk]))
    text = page.content.decode()
    assert f'href="/courses/{course.slug}/"' in text
    assert reverse("admin:mooc_course_statistics", args=[course.pk]) in text
    assert reverse("admin:mooc_course_publish", args=[course.pk]) in text
    assert reverse("admin:mooc_course_archive", args=[course.pk]) not in text
    with tenant_context(tenant_a):
        lesson = course.modules.get().lessons.first()
    assert reverse("admin:mooc_lesson_change", args=[lesson.pk]) in text


def test_staff_publish_from_the_course_page(tenant_a: Any, alice: Any) -> None:
    course = made(tenant_a, status="draft", published_at=None)
    client = staff_client(alice)
    url = reverse("admin:mooc_course_publish", args=[course.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert Course.unscoped.get(pk=course.pk).status == CourseStatus.PUBLISHED
    assert "is published" in client.get(response["Location"]).content.decode()


def test_publishing_an_empty_course_says_why(tenant_a: Any, alice: Any) -> None:
    course = CourseFactory(tenant=tenant_a, status="draft", published_at=None)
    client = staff_client(alice)
    response = client.post(reverse("admin:mooc_course_publish", args=[course.pk]), follow=True)
    assert "at least one module with one lesson" in response.content.decode()
    assert Course.unscoped.get(pk=course.pk).status == CourseStatus.DRAFT


def test_the_question_page_refuses_two_correct_answers_to_a_single_choice_question(
    tenant_a: Any, alice: Any
) -> None:
    course = made(tenant_a)
    quiz = Quiz.unscoped.get(lesson__module__course=course)
    response = staff_client(alice).post(
        reverse("admin:mooc_question_add") + f"?quiz={quiz.pk}",
        {
            "quiz": str(quiz.pk),
            "text": "Pick the spreadsheet",
            "kind": "single",
            "order": "3",
            "choices-TOTAL_FORMS": "2",
            "choices-INITIAL_FORMS": "0",
            "choices-MIN_NUM_FORMS": "0",
            "choices-MAX_NUM_FORMS": "1000",
            "choices-0-text": "Calc",
            "choices-0-is_correct": "on",
            "choices-0-order": "1",
            "choices-1-text": "Excel",
            "choices-1-is_correct": "on",
            "choices-1-order": "2",
        },
    )
    assert response.status_code == 200
    assert "“Pick the spreadsheet” needs exactly one correct answer; it has 2" in (
        response.content.decode()
    )
    assert not Question.unscoped.filter(text="Pick the spreadsheet").exists()


def test_the_question_page_saves_a_question_with_its_answers(tenant_a: Any, alice: Any) -> None:
    quiz = Quiz.unscoped.get(lesson__module__course=made(tenant_a))
    response = staff_client(alice).post(
        reverse("admin:mooc_question_add"),
        {
            "quiz": str(quiz.pk),
            "text": "Pick the spreadsheet",
            "kind": "single",
            "order": "3",
            "choices-TOTAL_FORMS": "2",
            "choices-INITIAL_FORMS": "0",
            "choices-MIN_NUM_FORMS": "0",
            "choices-MAX_NUM_FORMS": "1000",
            "choices-0-text": "Calc",
            "choices-0-is_correct": "on",
            "choices-0-order": "1",
            "choices-1-text": "A typewriter",
            "choices-1-order": "2",
        },
    )
    assert response.status_code == 302
    question = Question.unscoped.get(text="Pick the spreadsheet")
    assert list(Choice.unscoped.filter(question=question).values_list("text", "is_correct")) == [
        ("Calc", True),
        ("A typewriter", False),
    ]


# --- Statistics -------------------------------------------------------------------------------


@pytest.fixture
def course_with_learners(tenant_a: Any) -> Course:
    course = made(tenant_a, title="Cloud tools")
    enrol(tenant_a, course, learner("it1@example.org", "IT"), completed=True)
    enrol(tenant_a, course, learner("it2@example.org", "IT"))
    # The first organisation joined decides: Germany, not France.
    enrol(tenant_a, course, learner("de@example.org", "DE", "FR"), completed=True)
    enrol(tenant_a, course, learner("none@example.org"))
    other = made(tenant_a, title="Other course")
    enrol(tenant_a, other, learner("fr@example.org", "FR"), completed=True)
    return course


def test_the_statistics_count_enrolments_and_completions_per_country(
    tenant_a: Any, alice: Any, course_with_learners: Course
) -> None:
    response = staff_client(alice).get(
        reverse("admin:mooc_course_statistics", args=[course_with_learners.pk])
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert '<tr data-country="DE"><th scope="row">Germany</th><td>1</td><td>1</td></tr>' in page
    assert '<tr data-country="IT"><th scope="row">Italy</th><td>2</td><td>1</td></tr>' in page
    assert (
        '<tr data-country="unknown"><th scope="row">unknown</th><td>1</td><td>0</td></tr>' in page
    )
    assert 'data-country="FR"' not in page
    assert "<td data-total-enrolments>4</td>" in page


def test_the_statistics_csv_has_one_row_per_country(
    tenant_a: Any, alice: Any, course_with_learners: Course
) -> None:
    response = staff_client(alice).get(
        reverse("admin:mooc_course_statistics_csv", args=[course_with_learners.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="course-{course_with_learners.slug}-statistics-'
    )
    content = b"".join(response.streaming_content).decode()
    assert content == (
        "\ufeffCountry code,Country,Enrolments,Completions\r\n"
        "DE,Germany,1,1\r\n"
        "IT,Italy,2,1\r\n"
        "unknown,unknown,1,0\r\n"
    )


def test_the_statistics_take_one_query_whatever_the_number_of_learners(
    tenant_a: Any, course_with_learners: Course, django_assert_num_queries: Any
) -> None:
    from mooc.catalogue.selectors import course_statistics

    for number in range(10):
        enrol(tenant_a, course_with_learners, learner(f"more{number}@example.org", "ES"))
    with tenant_context(tenant_a), django_assert_num_queries(1):
        rows = course_statistics(course_with_learners)
    assert [(row.country, row.enrolments) for row in rows] == [
        ("DE", 1),
        ("IT", 2),
        ("ES", 10),
        ("unknown", 1),
    ]


# --- Who may use it ---------------------------------------------------------------------------


def admin_urls(course: Course) -> list[str]:
    return [
        reverse("admin:mooc_course_changelist"),
        reverse("admin:mooc_course_change", args=[course.pk]),
        reverse("admin:mooc_course_statistics", args=[course.pk]),
        reverse("admin:mooc_course_statistics_csv", args=[course.pk]),
        reverse("admin:mooc_lesson_changelist"),
        reverse("admin:mooc_question_changelist"),
    ]


def test_a_learner_is_refused_the_back_office(tenant_a: Any, applicant: Any) -> None:
    course = made(tenant_a)
    client = login(Client(), applicant, mfa=True)
    for url in admin_urls(course):
        response = client.get(url)
        assert response.status_code in {302, 403, 404}, url
        assert b"Enrolments" not in b"".join(
            getattr(response, "streaming_content", [response.content])
        )
    assert client.post(reverse("admin:mooc_course_publish", args=[course.pk])).status_code in {
        302,
        403,
        404,
    }


def test_staff_of_another_programme_are_refused(tenant_a: Any, charlie: Any) -> None:
    course = made(tenant_a, status="draft", published_at=None)
    client = login(Client(), charlie, mfa=True)
    for url in admin_urls(course)[1:4]:
        assert client.get(url).status_code in {302, 403, 404}, url
    client.post(reverse("admin:mooc_course_publish", args=[course.pk]))
    assert Course.unscoped.get(pk=course.pk).status == CourseStatus.DRAFT


def test_a_coordinator_reads_the_statistics(tenant_a: Any, bob: Any) -> None:
    course = made(tenant_a)
    response = staff_client(bob).get(reverse("admin:mooc_course_statistics", args=[course.pk]))
    assert response.status_code == 200
    assert "No learner has enrolled yet." in response.content.decode()
