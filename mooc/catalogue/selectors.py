"""Reads of the course library: the public catalogue with its filters, one course with its
modules and lessons in order, the learner's enrolment on it, the video a lesson embeds, and
the enrolment and completion statistics of a course per country.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django_countries import countries

from mooc.models import Course, CourseStatus, Enrolment, Lesson, Module
from organisations.models import OrganisationMember
from socialtech.accounts.roles import is_programme_staff

UNKNOWN_COUNTRY = "unknown"


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


# --- The catalogue --------------------------------------------------------------------------


def _with_topic(courses: QuerySet[Course], topic: str) -> QuerySet[Course]:
    if connection.features.supports_json_field_contains:
        return courses.filter(topics__contains=[topic])
    # SQLite cannot look inside a JSON list: match the quoted value in its text.
    return courses.filter(topics__icontains=f'"{topic}"')


def catalogue_courses(
    *,
    text: str = "",
    topic: str | None = None,
    level: str | None = None,
    language: str | None = None,
) -> QuerySet[Course]:
    """The programme's published courses found by ``text`` in the title or the summary and
    filtered by topic, level and language, by title. A page of them needs no further query."""
    courses = Course.objects.filter(status=CourseStatus.PUBLISHED)
    text = text.strip()
    if text:
        courses = courses.filter(Q(title__icontains=text) | Q(summary__icontains=text))
    if topic:
        courses = _with_topic(courses, topic)
    if level:
        courses = courses.filter(level=level)
    if language:
        courses = courses.filter(language=language)
    return courses.order_by("title", "pk")


def course_for_viewer(*, user: Any, slug: str) -> Course:
    """One course with its modules and their lessons in order; a draft or archived course
    only for staff (their preview). ``Course.DoesNotExist`` for anyone else, so a visitor
    cannot tell a draft exists."""
    courses = Course.objects.all()
    if not is_programme_staff(user):
        courses = courses.filter(status=CourseStatus.PUBLISHED)
    return courses.prefetch_related(
        Prefetch(
            "modules",
            queryset=Module.objects.order_by("order", "pk").prefetch_related(
                Prefetch("lessons", queryset=Lesson.objects.order_by("order", "pk"))
            ),
        )
    ).get(slug=slug)


def enrolment_of(*, user: Any, course: Course) -> Enrolment | None:
    """``user``'s enrolment on ``course``, with the lesson last opened; ``None`` when not
    enrolled or not signed in."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Enrolment.objects.filter(course=course, user=user)
        .select_related("last_lesson__module")
        .first()
    )


def first_lesson(course: Course) -> Lesson | None:
    """The first lesson of the first module (from the modules already loaded)."""
    for module in course.modules.all():
        for lesson in module.lessons.all():
            return lesson
    return None


def resume_lesson(*, enrolment: Enrolment, course: Course) -> Lesson | None:
    """Where the learner continues: the lesson last opened, else the course's first."""
    last = enrolment.last_lesson
    if last is not None and last.module.course_id == course.pk:
        return last
    return first_lesson(course)


# --- The video of a lesson ------------------------------------------------------------------

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})
YOUTUBE_SHORT_HOSTS = frozenset({"youtu.be", "www.youtu.be"})
VIMEO_HOSTS = frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"})
YOUTUBE_EMBED = "https://www.youtube-nocookie.com/embed/{id}"
VIMEO_EMBED = "https://player.vimeo.com/video/{id}?dnt=1"


@dataclass(frozen=True)
class Video:
    """A lesson's video: the link as written, and for YouTube and Vimeo the player's
    address on the privacy-friendly host (built from the video's id, never taken as given)."""

    url: str
    embed_url: str
    provider: str


def _youtube_id(parts: Any) -> str:
    host = (parts.hostname or "").lower()
    path = [piece for piece in parts.path.split("/") if piece]
    if host in YOUTUBE_SHORT_HOSTS:
        return path[0] if path else ""
    if host in YOUTUBE_HOSTS:
        if path[:1] == ["watch"]:
            return (parse_qs(parts.query).get("v") or [""])[0]
        if len(path) >= 2 and path[0] in {"embed", "shorts", "live", "v"}:
            return path[1]
    return ""


def _vimeo_id(parts: Any) -> str:
    host = (parts.hostname or "").lower()
    path = [piece for piece in parts.path.split("/") if piece]
    if host not in VIMEO_HOSTS or not path:
        return ""
    if host == "player.vimeo.com":
        return path[1] if len(path) >= 2 and path[0] == "video" else ""
    return path[-1] if VIMEO_ID.match(path[-1]) else path[0]


def video_of(url: str) -> Video | None:
    """The video at ``url`` (an http or https link), with the embedded player's address for
    YouTube and Vimeo; ``None`` for no link or a link of another scheme."""
    url = (url or "").strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    youtube = _youtube_id(parts)
    if YOUTUBE_ID.match(youtube):
        return Video(url=url, embed_url=YOUTUBE_EMBED.format(id=youtube), provider="YouTube")
    vimeo = _vimeo_id(parts)
    if VIMEO_ID.match(vimeo):
        return Video(url=url, embed_url=VIMEO_EMBED.format(id=vimeo), provider="Vimeo")
    return Video(url=url, embed_url="", provider="")


# --- Statistics -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountryRow:
    country: str  # an ISO code, or UNKNOWN_COUNTRY
    name: str
    enrolments: int
    completions: int


def country_label(code: str) -> str:
    if code == UNKNOWN_COUNTRY:
        return _("unknown")
    return str(countries.name(code)) or code


def course_statistics(course: Course) -> list[CountryRow]:
    """Enrolments and completions of ``course`` per country of the learner, in one query.

    A learner's country is the country of their first organisation (the one they joined
    first); ``unknown`` when they belong to none. Rows by country name, ``unknown`` last."""
    first_country = (
        OrganisationMember.objects.filter(user_id=OuterRef("user_id"))
        .order_by("created_at", "pk")
        .values("organisation__country")[:1]
    )
    rows = (
        Enrolment.objects.filter(course=course)
        .annotate(country=Subquery(first_country))
        .order_by()
        .values("country")
        .annotate(
            enrolments=Count("pk"), completions=Count("pk", filter=Q(completed_at__isnull=False))
        )
    )
    totals: dict[str, list[int]] = {}
    for row in rows:
        code = str(row["country"] or "") or UNKNOWN_COUNTRY
        counts = totals.setdefault(code, [0, 0])
        counts[0] += row["enrolments"]
        counts[1] += row["completions"]
    result = [
        CountryRow(
            country=code, name=country_label(code), enrolments=counts[0], completions=counts[1]
        )
        for code, counts in totals.items()
    ]
    return sorted(result, key=lambda row: (row.country == UNKNOWN_COUNTRY, row.name, row.country))


def audit_trail(course: Course) -> QuerySet[Any]:
    """The course's audit events, newest first."""
    from django.contrib.contenttypes.models import ContentType

    from socialtech.audit.models import AuditEvent

    return AuditEvent.objects.filter(
        object_type=ContentType.objects.get_for_model(Course), object_id=str(course.pk)
    ).order_by("-at", "-pk")
