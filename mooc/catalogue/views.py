"""The course library's public pages: the catalogue of published courses (anyone, no
sign-in) and a course's page with its modules and lessons, where a signed-in person enrols
or, once enrolled, continues where they left off.

A draft or archived course is not found (404) except by the programme's staff, who see it
as a learner would (their preview).
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from mooc import conditions
from mooc.catalogue import selectors
from mooc.catalogue.forms import CatalogueFilterForm
from mooc.models import Course, CourseStatus, Topic
from socialtech.public_cache.pages import public_page

PAGE_SIZE = 20
TOPIC_LABELS = dict(Topic.choices)


def _url(name: str, *args: Any) -> str:
    """The address of a page of another part of the library, or "" while it is not there."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _topics(course: Course) -> list[str]:
    return [str(TOPIC_LABELS.get(topic, topic)) for topic in course.topics or []]


def _entry(course: Course) -> dict[str, Any]:
    return {
        "course": course,
        "topics": _topics(course),
        "language": selectors.language_name(course.language),
    }


@public_page
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """The programme's published courses, found by words and filtered, 20 a page."""
    form = CatalogueFilterForm(request.GET or None)
    status = 200
    page = None
    entries: list[dict[str, Any]] = []
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        paginator = Paginator(selectors.catalogue_courses(**form.filters()), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        entries = [_entry(course) for course in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    is_filtered = any(request.GET.get(key) for key in ("q", "topic", "level", "language"))
    return render(
        request,
        "mooc/catalogue/catalogue.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "filter_query": query.urlencode(),
            "is_filtered": is_filtered,
        },
        status=status,
    )


@public_page
@require_GET
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A course: what it teaches, its modules and lessons in order, and enrolment."""
    try:
        course = selectors.course_for_viewer(user=request.user, slug=slug)
    except Course.DoesNotExist:
        raise Http404(_("No published course has this address.")) from None
    enrolment = selectors.enrolment_of(user=request.user, course=course)
    continue_url = ""
    if enrolment is not None:
        lesson = selectors.resume_lesson(enrolment=enrolment, course=course)
        if lesson is not None:
            continue_url = _url("mooc_lesson", course.slug, lesson.pk)
    condition = None
    if enrolment is None and course.status == CourseStatus.PUBLISHED:
        condition = conditions.enrolment_condition(course=course, user=request.user)
    modules = [
        {"module": module, "lessons": list(module.lessons.all())} for module in course.modules.all()
    ]
    return render(
        request,
        "mooc/catalogue/course.html",
        {
            **_entry(course),
            "modules": modules,
            "is_preview": course.status != CourseStatus.PUBLISHED,
            "enrolment": enrolment,
            "condition": condition,
            "continue_url": continue_url,
            "enrol_url": _url("mooc_enrol", course.slug),
        },
    )
