"""Background tasks of this sub-domain: ids in, one job each; safe to run twice."""

from __future__ import annotations

from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = []
