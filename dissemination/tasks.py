"""Every background task of the dissemination app, imported for the worker, and their schedules."""

from __future__ import annotations

from dissemination.events.tasks import SCHEDULES as EVENT_SCHEDULES
from dissemination.newsletter import tasks as newsletter_tasks
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [*EVENT_SCHEDULES]

__all__ = ["SCHEDULES", "newsletter_tasks"]
