"""Background work of the applications app (receipts, amendment notices, reminders)."""

from __future__ import annotations

from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = []
