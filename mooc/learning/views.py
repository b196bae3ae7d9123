"""The learner's pages: enrol, read a lesson (with the course's outline and where one is),
download its file, answer its quiz, and "My learning" with every course's progress.

A lesson, its file (except for staff) and its quiz are found only through the person's own
enrolment: anyone else gets a 404, as for a lesson that does not exist, and never sees
another learner's progress or attempts.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mooc.catalogue.selectors import video_of
from mooc.errors import CourseError
from mooc.learning import selectors, services
from mooc.learning.forms import QuizForm
from mooc.models import Course, Enrolment, Lesson, Quiz, QuizAttempt
from socialtech.accounts.roles import is_programme_staff
from socialtech.documents.responses import serve_protected_file


def _enrolment_or_404(request: HttpRequest, slug: str) -> Enrolment:
    try:
        return selectors.enrolment_for_slug(request.user, slug)
    except Enrolment.DoesNotExist:
        raise Http404(_("You are not enrolled on this course.")) from None


def _lesson_or_404(enrolment: Enrolment, pk: int) -> Lesson:
    try:
        return selectors.lesson_of_course(enrolment.course_id, pk)
    except Lesson.DoesNotExist:
        raise Http404(_("This course has no such lesson.")) from None


@require_POST
def enrol(request: HttpRequest, slug: str) -> HttpResponseBase:
    """Enrol the signed-in person on a published course, then open the lesson to resume."""
    if not request.user.is_authenticated:
        # Back to the course page (this path without "enrol/"), where the form is.
        return redirect_to_login(request.path.removesuffix("enrol/"))
    try:
        course = selectors.published_course(slug)
    except Course.DoesNotExist:
        raise Http404(_("No published course has this address.")) from None
    try:
        enrolment = services.enrol(course=course, user=request.user)
    except CourseError as error:
        messages.error(request, error.message)
        return redirect("mooc_my_learning")
    lesson = selectors.resume_lesson(enrolment)
    if lesson is None:
        messages.info(request, _("You are enrolled. The course has no lessons yet."))
        return redirect("mooc_my_learning")
    return redirect("mooc_lesson", slug=course.slug, pk=lesson.pk)


def _outline(lessons: list[Lesson], seen: set[int], current: Lesson) -> list[dict[str, Any]]:
    modules: list[dict[str, Any]] = []
    for lesson in lessons:
        if not modules or modules[-1]["module"].pk != lesson.module_id:
            modules.append({"module": lesson.module, "lessons": []})
        modules[-1]["lessons"].append(
            {"lesson": lesson, "seen": lesson.pk in seen, "current": lesson.pk == current.pk}
        )
    return modules


@login_required
@require_GET
def lesson(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A lesson of a course the person is enrolled on; opening it counts it as seen."""
    enrolment = _enrolment_or_404(request, slug)
    current = _lesson_or_404(enrolment, pk)
    services.lesson_open(enrolment=enrolment, lesson=current)
    lessons = selectors.course_lessons(enrolment.course_id)
    position = next(index for index, item in enumerate(lessons) if item.pk == current.pk)
    context: dict[str, Any] = {
        "course": enrolment.course,
        "enrolment": enrolment,
        "lesson": current,
        "has_quiz": lessons[position].has_quiz,  # type: ignore[attr-defined]
        "outline": _outline(lessons, selectors.seen_lesson_ids(enrolment), current),
        "previous": lessons[position - 1] if position > 0 else None,
        "next": lessons[position + 1] if position + 1 < len(lessons) else None,
        "progress": selectors.course_progress(enrolment),
        "video": video_of(current.video_url),
    }
    return render(request, "mooc/learning/lesson.html", context)


@login_required
@require_GET
def lesson_file(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    """A lesson's file, for the course's learners and the programme's staff; 404 otherwise."""
    if is_programme_staff(request.user):
        try:
            current = Lesson.objects.get(pk=pk, module__course__slug=slug)
        except Lesson.DoesNotExist:
            raise Http404(_("This course has no such lesson.")) from None
    else:
        current = _lesson_or_404(_enrolment_or_404(request, slug), pk)
    if not current.file:
        raise Http404(_("This lesson has no file."))
    stored = current.file.name or ""
    filename = current.file_name or stored.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(stored)[0] or "application/octet-stream"
    return serve_protected_file(current.file, filename=filename, content_type=content_type)


def _quiz_page(
    request: HttpRequest,
    enrolment: Enrolment,
    quiz: Quiz,
    *,
    form: QuizForm | None = None,
    shown: QuizAttempt | None = None,
    status: int = 200,
) -> HttpResponse:
    attempts = selectors.attempts_of(enrolment, quiz)
    passed = any(attempt.passed for attempt in attempts)
    attempts_left = max(quiz.max_attempts - len(attempts), 0)
    if shown is None and form is None and attempts:
        shown = attempts[-1]
    may_try = not passed and attempts_left > 0
    context: dict[str, Any] = {
        "course": enrolment.course,
        "lesson": quiz.lesson,
        "quiz": quiz,
        "form": form or (QuizForm(quiz) if may_try else None),
        "may_try": may_try,
        "passed": passed,
        "attempts_used": len(attempts),
        "attempts_left": attempts_left,
        "shown": shown,
        "review": selectors.attempt_review(shown, quiz) if shown else [],
        "completed": enrolment.completed_at is not None,
    }
    return render(request, "mooc/learning/quiz.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def quiz(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The quiz of a lesson: answer it, and read the score and the feedback of each attempt.
    ``?attempt=n`` shows the learner's own attempt n (404 for any other)."""
    enrolment = _enrolment_or_404(request, slug)
    current = _lesson_or_404(enrolment, pk)
    try:
        the_quiz = selectors.quiz_with_questions(selectors.quiz_of_lesson(current))
    except Quiz.DoesNotExist:
        raise Http404(_("This lesson has no quiz.")) from None
    if request.method != "POST":
        shown = None
        number = request.GET.get("attempt", "")
        if number:
            try:
                shown = selectors.attempt_of(enrolment, the_quiz, int(number))
            except (ValueError, QuizAttempt.DoesNotExist):
                raise Http404(_("You have no such attempt at this quiz.")) from None
        return _quiz_page(request, enrolment, the_quiz, shown=shown)
    form = QuizForm(the_quiz, request.POST)
    if not form.is_valid():
        return _quiz_page(request, enrolment, the_quiz, form=form, status=400)
    try:
        attempt = services.quiz_submit(enrolment=enrolment, quiz=the_quiz, answers=form.answers())
    except CourseError as error:
        form.show_refusal(error)
        return _quiz_page(request, enrolment, the_quiz, form=form, status=409)
    if attempt.passed:
        messages.success(request, _("You passed the quiz."))
    if enrolment.completed_at is not None:
        messages.success(
            request,
            _("You have completed the course “%(course)s”.") % {"course": enrolment.course.title},
        )
    return redirect(f"{request.path}?attempt={attempt.number}")


@login_required
@require_GET
def my_learning(request: HttpRequest) -> HttpResponse:
    """The person's courses with their progress, where to resume, and when completed."""
    page = Paginator(selectors.my_enrolments(request.user), selectors.MY_LEARNING_PAGE_SIZE)
    page_object = page.get_page(request.GET.get("page"))
    rows = [
        {
            "enrolment": enrolment,
            "course": enrolment.course,
            "progress": selectors.progress_of_row(enrolment),
            "resume_lesson_id": enrolment.last_lesson_id or enrolment.first_lesson_id,  # type: ignore[attr-defined]
        }
        for enrolment in page_object
    ]
    return render(request, "mooc/learning/my_learning.html", {"rows": rows, "page": page_object})
