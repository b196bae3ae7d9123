"""Demo news and events, made through the dissemination services as staff and visitors
would: three published news posts and a draft, an upcoming webinar the applicant is
registered for, a full on-site workshop with a waiting list (the demo experts), and a past
meeting; five newsletter subscribers (three confirmed, one pending, one unsubscribed).

Idempotent: a post or an event is made once (looked up by its slug), and its registrations
only when it is made; a second run changes nothing.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from demo.dissemination.content import PAST_EVENT, POSTS, WEBINAR, WORKSHOP, EventSpec, PostSpec
from demo.dissemination.newsletter import seed_subscribers
from demo.evaluations.constants import STAFF_EMAIL
from demo.evaluations.experts import demo_user
from demo.organisations import APPLICANT_EMAIL
from dissemination.events.services import event_publish, event_register, event_save
from dissemination.models import Event, NewsPost
from dissemination.news.services import news_publish, news_save
from socialtech.tenancy.context import tenant_context

__all__ = ["seed"]

EXPERTS = tuple(f"evaluator{number}@example.org" for number in range(1, 6))


def _post(spec: PostSpec, *, staff: Any) -> bool:
    if NewsPost.objects.filter(slug=spec.slug).exists():
        return False
    post = news_save(
        by=staff,
        slug=spec.slug,
        title=spec.title,
        summary=spec.summary,
        body=spec.body,
        language=spec.language,
    )
    if spec.published:
        news_publish(post=post, by=staff)
    return True


def _event(spec: EventSpec, *, staff: Any, zone: str) -> Event | None:
    """The event of ``spec``, made and published when new; ``None`` when it was there."""
    if Event.objects.filter(slug=spec.slug).exists():
        return None
    day = timezone.localdate(timezone.now(), ZoneInfo(zone)) + timedelta(days=spec.days_from_today)
    starts_at = datetime.combine(day, time(spec.start_hour), tzinfo=ZoneInfo(zone))
    event = event_save(
        by=staff,
        slug=spec.slug,
        title=spec.title,
        description=spec.description,
        format=spec.format,
        location=spec.location,
        online_url=spec.online_url,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=spec.hours),
        capacity=spec.capacity,
        registration_closes_at=starts_at - timedelta(days=1) if spec.capacity else None,
    )
    return event_publish(event=event, by=staff)


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    """The news posts and events of the programme; returns a one-line summary."""
    socialtech = tenants.get("socialtech4eu")
    staff = demo_user(users, STAFF_EMAIL)
    applicant = demo_user(users, APPLICANT_EMAIL)
    if socialtech is None or staff is None or applicant is None:
        return ""
    with tenant_context(socialtech):
        posts = sum(1 for spec in POSTS if _post(spec, staff=staff))
        zone = socialtech.default_timezone
        made = 0
        webinar = _event(WEBINAR, staff=staff, zone=zone)
        if webinar is not None:
            made += 1
            event_register(event=webinar, user=applicant)
        workshop = _event(WORKSHOP, staff=staff, zone=zone)
        if workshop is not None:
            made += 1
            # Three seats: the first three experts take them, the other two wait.
            for email in EXPERTS:
                expert = demo_user(users, email)
                if expert is not None:
                    event_register(event=workshop, user=expert)
        if _event(PAST_EVENT, staff=staff, zone=zone) is not None:
            made += 1
        subscribers = seed_subscribers(programme=socialtech)
    return (
        f"{len(POSTS)} news posts ({posts} new, one a draft); 3 events ({made} new): a webinar "
        f"{APPLICANT_EMAIL} is registered for, a full workshop with a waiting list, a past "
        f"meeting; 5 newsletter subscribers ({subscribers} new: 3 confirmed, 1 pending, "
        "1 unsubscribed)"
    )
