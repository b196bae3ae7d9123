"""The course library's writes: a course's rules, publication, lessons (sanitised text,
video links, files) and the answers' rules of a quiz's questions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from mooc.catalogue import selectors, services
from mooc.errors import CourseError
from mooc.models import Choice, Course, CourseStatus, Lesson, Module, Question, Quiz
from socialtech.audit.models import AuditEvent
from tests.mooc.factories import CourseFactory, course_with_lessons

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def staff(in_tenant_a: Any, alice: Any) -> Iterator[Any]:
    yield alice


def course_values(**changes: Any) -> dict[str, Any]:
    return {
        "slug": "cloud-tools",
        "title": "Cloud tools",
        "summary": "Shared documents for small teams.",
        "level": "beginner",
        "language": "en",
        "topics": ["digital_tools"],
        "duration_minutes": 60,
        "provider_name": "Academy",
        "licence": "cc_by_4",
        **changes,
    }


def test_a_new_course_is_a_draft_with_an_audit_row(staff: Any) -> None:
    course = services.course_save(by=staff, **course_values(topics=["data_ai", "digital_tools"]))
    saved = Course.objects.get(pk=course.pk)
    assert saved.status == CourseStatus.DRAFT
    assert saved.topics == ["digital_tools", "data_ai"]
    assert AuditEvent.objects.get(object_id=str(course.pk)).verb == "course.created"


@pytest.mark.parametrize("slug", ["mine", "certificates", "Mine"])
def test_a_reserved_slug_is_refused(staff: Any, slug: str) -> None:
    with pytest.raises(CourseError) as refused:
        services.course_save(by=staff, **course_values(slug=slug))
    assert refused.value.field == "slug"
    assert refused.value.code == "slug_reserved"
    assert not Course.objects.exists()


def test_a_slug_taken_in_the_programme_is_refused_but_free_in_another(
    staff: Any, tenant_b: Any
) -> None:
    CourseFactory(tenant=tenant_b, slug="cloud-tools")
    first = services.course_save(by=staff, **course_values())
    with pytest.raises(CourseError) as refused:
        services.course_save(by=staff, **course_values(title="Other"))
    assert refused.value.code == "slug_taken"
    assert "“cloud-tools”" in refused.value.message
    # Saving the same course again keeps its own slug.
    again = services.course_save(by=staff, course=first, **course_values(title="Renamed"))
    assert again.title == "Renamed"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"topics": ["astrology"]}, "topics"),
        ({"topics": []}, "topics"),
        ({"language": "xx"}, "language"),
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"duration_minutes": -5}, "duration_minutes"),
        ({"title": ""}, "title"),
    ],
)
def test_course_rules_name_the_field(staff: Any, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(CourseError) as refused:
        services.course_save(by=staff, **course_values(**changes))
    assert refused.value.field == field
    assert not Course.objects.exists()


def test_only_staff_save_courses(in_tenant_a: Any, applicant: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.course_save(by=applicant, **course_values())


# --- Publication -----------------------------------------------------------------------------


def test_a_course_without_a_lesson_cannot_be_published(staff: Any, tenant_a: Any) -> None:
    course = CourseFactory(tenant=tenant_a, status="draft", published_at=None)
    Module.objects.create(tenant=tenant_a, course=course, title="Empty", order=1)
    with pytest.raises(CourseError) as refused:
        services.course_publish(course=course, by=staff)
    assert "at least one module with one lesson" in refused.value.message
    assert Course.objects.get(pk=course.pk).status == CourseStatus.DRAFT


def test_publishing_and_archiving_move_the_course_with_audit_rows(
    staff: Any, tenant_a: Any
) -> None:
    course = course_with_lessons(tenant_a, status="draft", published_at=None)
    published = services.course_publish(course=course, by=staff)
    assert published.status == CourseStatus.PUBLISHED and published.published_at is not None
    with pytest.raises(CourseError) as refused:
        services.course_publish(course=course, by=staff)
    assert "is Published and cannot become Published" in refused.value.message
    services.course_archive(course=course, by=staff)
    assert Course.objects.get(pk=course.pk).status == CourseStatus.ARCHIVED
    verbs = list(
        AuditEvent.objects.filter(object_id=str(course.pk))
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert verbs == ["course.published", "course.archived"]


def test_a_draft_cannot_be_archived(staff: Any, tenant_a: Any) -> None:
    course = course_with_lessons(tenant_a, status="draft", published_at=None)
    with pytest.raises(CourseError):
        services.course_archive(course=course, by=staff)


def test_publishing_names_a_question_that_breaks_its_rule(staff: Any, tenant_a: Any) -> None:
    course = course_with_lessons(tenant_a, status="draft", published_at=None)
    Choice.objects.filter(question__text="Which tool shares a calendar?").update(is_correct=True)
    with pytest.raises(CourseError) as refused:
        services.course_publish(course=course, by=staff)
    assert "“Which tool shares a calendar?” needs exactly one correct answer; it has 2" in (
        refused.value.message
    )


def test_only_staff_publish(in_tenant_a: Any, tenant_a: Any, applicant: Any) -> None:
    course = course_with_lessons(tenant_a, status="draft", published_at=None)
    with pytest.raises(PermissionDenied):
        services.course_publish(course=course, by=applicant)


# --- Lessons -------------------------------------------------------------------------------------


def test_a_lessons_text_loses_scripts_and_event_handlers(staff: Any, tenant_a: Any) -> None:
    course = course_with_lessons(tenant_a, lessons=1)
    module = course.modules.get()
    lesson = services.lesson_save(
        by=staff,
        module=module,
        title="Safe",
        body=(
            '<p onclick="steal()">Hello <strong>world</strong></p>'
            "<script>alert(1)</script>"
            '<a href="javascript:alert(1)" onmouseover="x()">bad</a>'
            '<img src="https://tracker.example/x.png" onerror="y()">'
            '<iframe src="https://evil.example"></iframe>'
        ),
    )
    body = Lesson.objects.get(pk=lesson.pk).body
    assert "<script" not in body and "alert(1)" not in body
    assert "onclick" not in body and "onmouseover" not in body and "onerror" not in body
    assert "javascript:" not in body and "<iframe" not in body and "<img" not in body
    assert "<p>Hello <strong>world</strong></p>" in body


def test_a_video_link_must_be_http_or_https(staff: Any, tenant_a: Any) -> None:
    module = course_with_lessons(tenant_a, lessons=1).modules.get()
    with pytest.raises(CourseError) as refused:
        services.lesson_save(
            by=staff, module=module, title="Video", video_url="ftp://example.org/v.mp4"
        )
    assert refused.value.field == "video_url"


def test_a_lesson_file_is_checked_like_every_upload(staff: Any, tenant_a: Any) -> None:
    module = course_with_lessons(tenant_a, lessons=1).modules.get()
    with pytest.raises(CourseError) as refused:
        services.lesson_save(
            by=staff,
            module=module,
            title="Handout",
            upload=SimpleUploadedFile("handout.pdf", b"MZ\x90\x00 not a pdf at all"),
        )
    assert refused.value.field == "file"
    assert "File:" in refused.value.message
    lesson = services.lesson_save(
        by=staff,
        module=module,
        title="Handout",
        upload=SimpleUploadedFile("Handout 1.pdf", PDF, content_type="application/pdf"),
    )
    saved = Lesson.objects.get(pk=lesson.pk)
    assert saved.file.name.endswith(".pdf") and "Handout" not in saved.file.name
    assert saved.file_name == "Handout 1.pdf"


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ?t=10", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        ("https://example.org/talk.mp4", ""),
        ('https://www.youtube.com/watch?v=bad"id', ""),
    ],
)
def test_a_video_is_embedded_only_from_youtube_and_vimeo(url: str, embed: str) -> None:
    video = selectors.video_of(url)
    assert video is not None
    assert video.embed_url == embed
    assert video.url == url


def test_a_video_of_another_scheme_is_not_shown() -> None:
    assert selectors.video_of("javascript:alert(1)") is None
    assert selectors.video_of("") is None


def test_the_video_partial_shows_a_titled_player_and_a_link() -> None:
    video = selectors.video_of("https://youtu.be/dQw4w9WgXcQ")
    html = render_to_string("mooc/catalogue/_video.html", {"video": video, "title": "Intro"})
    assert '<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'title="Video: Intro (YouTube)"' in html
    assert 'href="https://youtu.be/dQw4w9WgXcQ"' in html
    plain = render_to_string(
        "mooc/catalogue/_video.html",
        {"video": selectors.video_of("https://example.org/v.mp4"), "title": "Intro"},
    )
    assert "<iframe" not in plain and 'href="https://example.org/v.mp4"' in plain


# --- Questions -----------------------------------------------------------------------------------


def _quiz(tenant: Any) -> Quiz:
    return Quiz.objects.get(lesson__module__course=course_with_lessons(tenant))


def test_a_single_choice_question_needs_exactly_one_correct_answer(
    staff: Any, tenant_a: Any
) -> None:
    quiz = _quiz(tenant_a)
    for correct in ([True, True, False], [False, False, False]):
        with pytest.raises(CourseError) as refused:
            services.question_save(
                by=staff,
                quiz=quiz,
                text="Which one is a spreadsheet?",
                kind="single",
                choices=[
                    {"text": f"Answer {n}", "is_correct": flag} for n, flag in enumerate(correct)
                ],
            )
        assert "“Which one is a spreadsheet?” needs exactly one correct answer" in (
            refused.value.message
        )
    assert not Question.objects.filter(text="Which one is a spreadsheet?").exists()


def test_a_multiple_choice_question_needs_a_correct_answer(staff: Any, tenant_a: Any) -> None:
    quiz = _quiz(tenant_a)
    with pytest.raises(CourseError) as refused:
        services.question_save(
            by=staff,
            quiz=quiz,
            text="Which are open formats?",
            kind="multiple",
            choices=[{"text": "ODT"}, {"text": "DOCX"}],
        )
    assert "“Which are open formats?” needs at least one correct answer" in refused.value.message
    question = services.question_save(
        by=staff,
        quiz=quiz,
        text="Which are open formats?",
        kind="multiple",
        choices=[{"text": "ODT", "is_correct": True}, {"text": "ODS", "is_correct": True}],
    )
    assert list(question.choices.values_list("text", "is_correct")) == [
        ("ODT", True),
        ("ODS", True),
    ]


def test_changing_a_question_replaces_its_answers(staff: Any, tenant_a: Any) -> None:
    quiz = _quiz(tenant_a)
    question = Question.objects.get(quiz=quiz, kind="single")
    kept = question.choices.get(is_correct=True)
    services.question_save(
        by=staff,
        quiz=quiz,
        question=question,
        text=question.text,
        kind="single",
        choices=[
            {"id": kept.pk, "text": "A shared calendar", "is_correct": True},
            {"text": "A fax machine", "feedback": "It is not shared online."},
        ],
    )
    assert list(question.choices.order_by("order").values_list("pk", "text")) == [
        (kept.pk, "A shared calendar"),
        (Choice.objects.get(text="A fax machine").pk, "A fax machine"),
    ]
