"""Courses with their enrolments, and the programme's news items and events."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from demo.bench.people import Programme
from demo.bench.rows import insert, pick
from dissemination.models import Event, NewsPost
from mooc.models import Course, Enrolment

LEVELS = ("beginner", "intermediate", "advanced")
LICENCES = ("cc_by_4", "cc_by_sa_4", "cc_by_nc_4")
TOPICS = ("governance", "finance", "impact", "digital", "marketing", "care")
FORMATS = ("online", "on_site", "hybrid")


def seed_courses(programme: Programme, number: int, courses: int, enrolments: int) -> None:
    """Published courses; the applicants enrol, each in a few, never twice in one."""
    now = timezone.now()
    saved = insert(
        Course,
        (
            Course(
                tenant=programme.tenant,
                slug=f"bench-course-{number + 1}-{index:04d}",
                title=f"Running a social enterprise, part {index + 1}",
                summary="Practical lessons for the people who run cooperatives.",
                level=pick(LEVELS, index),
                language="en",
                topics=[pick(TOPICS, index), pick(TOPICS, index + 1)],
                duration_minutes=30 + index % 8 * 15,
                provider_name=f"Bench Academy {index % 12}",
                licence=pick(LICENCES, index),
                status="published",
                published_at=now - timedelta(days=index % 300),
            )
            for index in range(courses)
        ),
    )
    learners = programme.owners
    if enrolments > len(saved) * len(learners):
        raise ValueError("more enrolments than course and learner pairs")
    rows = []
    for index in range(enrolments):
        # Walk the learners; each pass moves every learner on to another course.
        learner = learners[index % len(learners)]
        course = saved[(index % len(learners) + index // len(learners)) % len(saved)]
        rows.append(
            Enrolment(
                tenant=programme.tenant,
                course=course,
                user=learner,
                enrolled_at=now - timedelta(days=index % 200),
                completed_at=now - timedelta(days=index % 50) if index % 4 == 0 else None,
            )
        )
    insert(Enrolment, rows)


def seed_news_and_events(programme: Programme, number: int, news: int, events: int) -> None:
    now = timezone.now()
    insert(
        NewsPost,
        (
            NewsPost(
                tenant=programme.tenant,
                slug=f"bench-news-{number + 1}-{index:04d}",
                title=f"Programme news {index + 1}",
                summary="What the programme's beneficiaries did this month.",
                body="A longer account of the month, with figures and names. " * 10,
                language="en",
                status="published",
                published_at=now - timedelta(days=index),
                author=programme.staff,
            )
            for index in range(news)
        ),
    )
    insert(
        Event,
        (
            Event(
                tenant=programme.tenant,
                slug=f"bench-event-{number + 1}-{index:04d}",
                title=f"Programme event {index + 1}",
                description="A session for applicants and beneficiaries.",
                format=pick(FORMATS, index),
                location="Brussels" if index % 3 else "",
                online_url="https://meet.example.org/bench" if index % 3 != 1 else "",
                starts_at=now + timedelta(days=index - events // 2, hours=10),
                ends_at=now + timedelta(days=index - events // 2, hours=12),
                capacity=100,
                status="published",
                published_at=now - timedelta(days=60),
            )
            for index in range(events)
        ),
    )
