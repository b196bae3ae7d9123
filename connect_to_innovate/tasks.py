"""Every background task of connect to innovate, imported for the worker (no schedules)."""

from __future__ import annotations

from connect_to_innovate.challenges import tasks as challenges_tasks
from connect_to_innovate.connections import tasks as connections_tasks
from connect_to_innovate.hackathons import tasks as hackathons_tasks
from connect_to_innovate.offers import tasks as offers_tasks

__all__ = ["challenges_tasks", "connections_tasks", "hackathons_tasks", "offers_tasks"]
