"""Background work of the evaluation: the assignment solver with progress, reminders."""

from __future__ import annotations

from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = []
