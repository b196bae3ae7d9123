"""Rows of the dissemination app, made through its services as staff would."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count
from typing import Any

from django.utils import timezone

from dissemination.events import services as events
from dissemination.models import Event, NewsPost
from dissemination.news import services as news

_numbers = count(1)


def news_post(
    by: Any, *, title: str = "", published: bool = True, slug: str = "", **changes: Any
) -> NewsPost:
    number = next(_numbers)
    post = news.news_save(
        by=by,
        slug=slug or f"post-{number}",
        title=title or f"Post {number}",
        summary=changes.pop("summary", "What the programme did this month."),
        body=changes.pop("body", "<p>Twelve social enterprises joined the programme.</p>"),
        language=changes.pop("language", "en"),
    )
    if published:
        post = news.news_publish(post=post, by=by)
    return post


def event_make(
    by: Any,
    *,
    title: str = "",
    slug: str = "",
    starts_at: datetime | None = None,
    hours: int = 2,
    capacity: int | None = 2,
    format: str = "on_site",
    published: bool = True,
    **changes: Any,
) -> Event:
    number = next(_numbers)
    starts_at = starts_at or timezone.now() + timedelta(days=10)
    event = events.event_save(
        by=by,
        slug=slug or f"event-{number}",
        title=title or f"Event {number}",
        description=changes.pop("description", "<p>A morning on social procurement.</p>"),
        format=format,
        location=changes.pop("location", "Impact Hub, Rue de la Loi 42, Brussels"),
        online_url=changes.pop("online_url", "https://meet.example.org/socialtech"),
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        capacity=capacity,
        registration_closes_at=changes.pop("registration_closes_at", None),
    )
    if published:
        event = events.event_publish(event=event, by=by)
    return event
