"""The learner's pages: enrol, a lesson with the outline and ticks, its file, the quiz with
its results, and "My learning" (paged, a fixed number of queries, an empty state). Someone
not enrolled gets 404; nobody sees another learner's progress or attempts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mooc.learning import selectors
from mooc.learning.services import enrol, lesson_open, quiz_submit
from mooc.models import Choice, Course, Enrolment, Lesson, Question, Quiz, QuizAttempt
from tests.conftest import login
from tests.factories import MembershipFactory, UserFactory
from tests.mooc.factories import course_with_lessons

# The programme, the session, the person, their roles, the count and the page.
MY_LEARNING_QUERIES = 6


@pytest.fixture
def learner(in_tenant_a: Any) -> Any:
    return UserFactory(email="lena@coop.example.org", full_name="Lena Learner")


@pytest.fixture
def other_learner(in_tenant_a: Any) -> Any:
    return UserFactory(email="otto@coop.example.org", full_name="Otto Other")


@pytest.fixture
def course(in_tenant_a: Any) -> Course:
    return course_with_lessons(in_tenant_a, lessons=3, slug="digital-tools", title="Digital tools")


def lessons_of(course: Course) -> list[Lesson]:
    return selectors.course_lessons(course)


def quiz_url(course: Course) -> str:
    return f"/courses/{course.slug}/lessons/{lessons_of(course)[-1].pk}/quiz/"


def form_answers(quiz: Quiz, *, single: str, multiple: tuple[str, ...]) -> dict[str, Any]:
    one = Question.objects.get(quiz=quiz, kind="single")
    many = Question.objects.get(quiz=quiz, kind="multiple")
    data: dict[str, Any] = {}
    if single:
        data[f"question_{one.pk}"] = str(Choice.objects.get(question=one, text=single).pk)
    if multiple:
        data[f"question_{many.pk}"] = [
            str(Choice.objects.get(question=many, text=text).pk) for text in multiple
        ]
    return data


# --- Enrol ----------------------------------------------------------------------------------


def test_enrolling_opens_the_first_lesson_and_again_the_one_to_resume(
    course: Course, learner: Any
) -> None:
    client = login(Client(), learner)
    lessons = lessons_of(course)
    response = client.post(f"/courses/{course.slug}/enrol/")
    assert response.status_code == 302
    assert response["Location"] == f"/courses/{course.slug}/lessons/{lessons[0].pk}/"
    client.get(f"/courses/{course.slug}/lessons/{lessons[1].pk}/")
    again = client.post(f"/courses/{course.slug}/enrol/")
    assert again["Location"] == f"/courses/{course.slug}/lessons/{lessons[1].pk}/"
    assert Enrolment.objects.filter(user=learner).count() == 1


def test_a_visitor_is_sent_to_sign_in_and_back_to_the_course(course: Course) -> None:
    response = Client().post(f"/courses/{course.slug}/enrol/")
    assert response.status_code == 302
    assert "next=/courses/digital-tools/" in response["Location"]
    assert not Enrolment.objects.exists()


def test_a_draft_course_cannot_be_enrolled_on(in_tenant_a: Any, learner: Any) -> None:
    draft = course_with_lessons(in_tenant_a, slug="draft", status="draft", published_at=None)
    response = login(Client(), learner).post(f"/courses/{draft.slug}/enrol/")
    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_enrol_refuses_get(course: Course, learner: Any) -> None:
    response = login(Client(), learner).get(f"/courses/{course.slug}/enrol/")
    assert response.status_code == 405
    assert not Enrolment.objects.exists()


# --- Lesson page ----------------------------------------------------------------------------


def test_not_enrolled_gets_404_on_a_lesson(course: Course, learner: Any) -> None:
    lesson = lessons_of(course)[0]
    response = login(Client(), learner).get(f"/courses/{course.slug}/lessons/{lesson.pk}/")
    assert response.status_code == 404
    assert "What lesson 1 teaches" not in response.content.decode()


def test_a_lesson_of_another_course_is_404_even_when_enrolled_there(
    in_tenant_a: Any, course: Course, learner: Any
) -> None:
    other = course_with_lessons(in_tenant_a, slug="other")
    enrol(course=course, user=learner)
    foreign = lessons_of(other)[0]
    response = login(Client(), learner).get(f"/courses/{course.slug}/lessons/{foreign.pk}/")
    assert response.status_code == 404


def test_the_lesson_page_shows_body_outline_ticks_and_steps(course: Course, learner: Any) -> None:
    enrolment = enrol(course=course, user=learner)
    lessons = lessons_of(course)
    lesson_open(enrolment=enrolment, lesson=lessons[0])
    middle = lessons[1]
    middle.video_url = "https://video.example.org/lesson-2"
    middle.save()
    response = login(Client(), learner).get(f"/courses/{course.slug}/lessons/{middle.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<p>What lesson 2 teaches.</p>" in content  # sanitised on save, shown as HTML
    assert f'data-lesson="{lessons[0].pk}" data-seen' in content
    assert f'data-lesson="{middle.pk}" data-seen' in content  # opening it counted it
    assert f'data-lesson="{lessons[2].pk}" data-seen' not in content
    assert 'aria-current="page"' in content
    assert 'href="https://video.example.org/lesson-2"' in content
    assert f'href="/courses/{course.slug}/lessons/{lessons[0].pk}/" rel="prev"' in content
    assert f'href="/courses/{course.slug}/lessons/{lessons[2].pk}/" rel="next"' in content
    assert "data-quiz-link" not in content
    assert "<progress" in content and "2 of 3 lessons seen" in content


def test_the_lesson_with_a_quiz_links_to_it(course: Course, learner: Any) -> None:
    enrol(course=course, user=learner)
    last = lessons_of(course)[-1]
    content = (
        login(Client(), learner).get(f"/courses/{course.slug}/lessons/{last.pk}/").content.decode()
    )
    assert f'href="{quiz_url(course)}" data-quiz-link' in content


def test_the_lesson_page_shows_none_of_another_learners_progress(
    course: Course, learner: Any, other_learner: Any
) -> None:
    theirs = enrol(course=course, user=other_learner)
    for lesson in lessons_of(course):
        lesson_open(enrolment=theirs, lesson=lesson)
    enrol(course=course, user=learner)
    first = lessons_of(course)[0]
    content = (
        login(Client(), learner).get(f"/courses/{course.slug}/lessons/{first.pk}/").content.decode()
    )
    assert "1 of 3 lessons seen" in content
    assert content.count("data-seen") == 1


# --- Lesson file ----------------------------------------------------------------------------


@pytest.fixture
def lesson_with_file(course: Course) -> Lesson:
    lesson = lessons_of(course)[0]
    lesson.file_name = "checklist.pdf"
    lesson.file.save("checklist.pdf", ContentFile(b"%PDF-1.4 checklist"), save=True)
    return lesson


def test_the_file_is_served_to_learners_and_staff_only(
    course: Course, learner: Any, other_learner: Any, lesson_with_file: Lesson, alice: Any
) -> None:
    url = f"/courses/{course.slug}/lessons/{lesson_with_file.pk}/file/"
    assert login(Client(), other_learner).get(url).status_code == 404
    enrol(course=course, user=learner)
    client = login(Client(), learner)
    page = client.get(f"/courses/{course.slug}/lessons/{lesson_with_file.pk}/").content.decode()
    assert f'href="{url}" data-file' in page and "Download checklist.pdf" in page
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 checklist"
    assert "checklist.pdf" in response["Content-Disposition"]
    assert login(Client(), alice).get(url).status_code == 200


# --- Quiz -----------------------------------------------------------------------------------


def test_the_quiz_shows_a_fieldset_per_question_with_radios_and_checkboxes(
    course: Course, learner: Any
) -> None:
    enrol(course=course, user=learner)
    content = login(Client(), learner).get(quiz_url(course)).content.decode()
    assert content.count("<fieldset") == 2
    assert content.count("<legend>") == 2
    assert content.count('type="radio"') == 2
    assert content.count('type="checkbox"') == 3
    assert "Which tool shares a calendar?" in content
    assert "You have 2 attempts left." in content


def test_submitting_shows_score_pass_and_feedback_of_each_chosen_answer(
    course: Course, learner: Any
) -> None:
    enrolment = enrol(course=course, user=learner)
    quiz = Quiz.objects.get(lesson__module__course=course)
    client = login(Client(), learner)
    response = client.post(
        quiz_url(course),
        form_answers(quiz, single="A paper diary", multiple=("Online documents", "Shared drives")),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{quiz_url(course)}?attempt=1"
    content = client.get(response["Location"]).content.decode()
    assert "Your score: 50.00 %" in content
    assert 'data-passed="yes"' in content
    assert "It cannot be shared." in content  # the feedback of the answer chosen
    assert "Right." not in content  # not the feedback of an answer not chosen
    assert "You have passed this quiz." in content
    assert "<fieldset" not in content  # no further attempt after passing
    assert QuizAttempt.objects.get(enrolment=enrolment).number == 1


def test_a_refused_submission_names_the_unanswered_question_and_keeps_the_choice(
    course: Course, learner: Any
) -> None:
    enrol(course=course, user=learner)
    quiz = Quiz.objects.get(lesson__module__course=course)
    data = form_answers(quiz, single="A paper diary", multiple=())
    response = login(Client(), learner).post(quiz_url(course), data)
    assert response.status_code == 409
    content = response.content.decode()
    assert "Answer every question" in content and "Which are cloud tools?" in content
    assert "Answer this question." in content
    chosen = next(iter(data.values()))
    assert f'value="{chosen}"' in content
    assert content.count("checked") == 1
    assert not QuizAttempt.objects.exists()


def test_used_up_attempts_show_no_form(course: Course, learner: Any) -> None:
    enrolment = enrol(course=course, user=learner)
    quiz = Quiz.objects.get(lesson__module__course=course)
    wrong = {
        question.pk: [question.choices.filter(is_correct=False).first().pk]
        for question in quiz.questions.all()
    }
    quiz_submit(enrolment=enrolment, quiz=quiz, answers=wrong)
    quiz_submit(enrolment=enrolment, quiz=quiz, answers=wrong)
    client = login(Client(), learner)
    content = client.get(quiz_url(course)).content.decode()
    assert "You have used all 2 attempts allowed at this quiz." in content
    assert "<fieldset" not in content
    refused = client.post(
        quiz_url(course),
        form_answers(
            quiz, single="A shared calendar", multiple=("Online documents", "Shared drives")
        ),
    )
    assert refused.status_code == 409
    assert "You have used all 2 attempts allowed" in refused.content.decode()
    assert QuizAttempt.objects.filter(enrolment=enrolment).count() == 2


def test_another_learners_quiz_results_are_404_and_never_shown(
    course: Course, learner: Any, other_learner: Any
) -> None:
    quiz = Quiz.objects.get(lesson__module__course=course)
    theirs = enrol(course=course, user=other_learner)
    right = {
        question.pk: list(question.choices.filter(is_correct=True).values_list("pk", flat=True))
        for question in quiz.questions.all()
    }
    quiz_submit(enrolment=theirs, quiz=quiz, answers=right)
    client = login(Client(), learner)
    assert client.get(f"{quiz_url(course)}?attempt=1").status_code == 404  # not enrolled
    enrol(course=course, user=learner)
    assert client.get(f"{quiz_url(course)}?attempt=1").status_code == 404  # not theirs
    content = client.get(quiz_url(course)).content.decode()
    assert "Your score" not in content
    assert "You have 2 attempts left." in content


def test_a_lesson_without_a_quiz_has_no_quiz_page(course: Course, learner: Any) -> None:
    enrol(course=course, user=learner)
    first = lessons_of(course)[0]
    response = login(Client(), learner).get(f"/courses/{course.slug}/lessons/{first.pk}/quiz/")
    assert response.status_code == 404


# --- My learning ----------------------------------------------------------------------------


def test_my_learning_shows_progress_resume_and_completion(
    in_tenant_a: Any, course: Course, learner: Any
) -> None:
    enrolment = enrol(course=course, user=learner)
    lessons = lessons_of(course)
    for lesson in lessons:
        lesson_open(enrolment=enrolment, lesson=lesson)
    quiz = Quiz.objects.get(lesson__module__course=course)
    right = {
        question.pk: list(question.choices.filter(is_correct=True).values_list("pk", flat=True))
        for question in quiz.questions.all()
    }
    quiz_submit(enrolment=enrolment, quiz=quiz, answers=right)
    fresh = course_with_lessons(
        in_tenant_a, slug="fresh", title="Fresh course", lessons=2, quiz_on_last=False
    )
    enrol(course=fresh, user=learner)
    content = login(Client(), learner).get("/courses/mine/").content.decode()
    assert "Digital tools" in content and "Fresh course" in content
    assert '<progress max="100" value="100"' in content
    assert "3 of 3 lessons seen, 1 of 1 quizzes passed (100 %)" in content
    assert "0 of 2 lessons seen (0 %)" in content
    assert content.count("data-completed") == 1
    assert f'href="/courses/{course.slug}/lessons/{lessons[-1].pk}/" data-resume' in content
    fresh_first = lessons_of(fresh)[0]
    assert f'href="/courses/fresh/lessons/{fresh_first.pk}/" data-resume' in content
    assert "Start the course" in content


def test_my_learning_shows_none_of_another_learners_courses(
    course: Course, learner: Any, other_learner: Any
) -> None:
    enrol(course=course, user=other_learner)
    content = login(Client(), learner).get("/courses/mine/").content.decode()
    assert "data-empty" in content
    assert "Digital tools" not in content


def test_my_learning_needs_sign_in(in_tenant_a: Any) -> None:
    response = Client().get("/courses/mine/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_my_learning_is_paged_with_a_fixed_number_of_queries(
    in_tenant_a: Any, learner: Any, django_assert_num_queries: Any
) -> None:
    for number in range(2):
        enrol(course=course_with_lessons(in_tenant_a, slug=f"c-{number}"), user=learner)
    client = login(Client(), learner)
    client.get("/courses/mine/")  # the session's first request writes what later ones read
    with CaptureQueriesContext(connection) as few:
        client.get("/courses/mine/")
    for number in range(2, 25):
        made = course_with_lessons(in_tenant_a, slug=f"c-{number}")
        enrolment = enrol(course=made, user=learner)
        lesson_open(enrolment=enrolment, lesson=lessons_of(made)[1])
    assert len(few.captured_queries) == MY_LEARNING_QUERIES
    with django_assert_num_queries(MY_LEARNING_QUERIES):
        response = client.get("/courses/mine/")
    content = response.content.decode()
    assert content.count("data-enrolment=") == selectors.MY_LEARNING_PAGE_SIZE
    assert content.count("Resume: Lesson 2") == selectors.MY_LEARNING_PAGE_SIZE
    second = client.get("/courses/mine/", {"page": 2}).content.decode()
    assert second.count("data-enrolment=") == 25 - selectors.MY_LEARNING_PAGE_SIZE


def test_staff_membership_alone_gives_no_lesson_page(course: Course, in_tenant_a: Any) -> None:
    staff = UserFactory(email="staff@example.org")
    MembershipFactory(tenant=in_tenant_a, user=staff, role="staff")
    lesson = lessons_of(course)[0]
    response = login(Client(), staff).get(f"/courses/{course.slug}/lessons/{lesson.pk}/")
    assert response.status_code == 404


# --- Back office ----------------------------------------------------------------------------


def test_staff_read_enrolments_filtered_by_completion_and_cannot_change_them(
    course: Course, learner: Any, alice: Any
) -> None:
    enrolment = enrol(course=course, user=learner)
    client = login(Client(), alice, mfa=True)
    listing = client.get("/admin/mooc/enrolment/", {"completed": "no"})
    assert listing.status_code == 200
    assert "Lena Learner" in listing.content.decode()
    done = client.get("/admin/mooc/enrolment/", {"completed": "yes"}).content.decode()
    assert "Lena Learner" not in done
    assert client.get("/admin/mooc/enrolment/add/").status_code == 403
    change = client.post(f"/admin/mooc/enrolment/{enrolment.pk}/change/", {"completed_at": ""})
    assert change.status_code == 403
    assert client.get("/admin/mooc/quizattempt/").status_code == 200
