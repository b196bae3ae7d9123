"""Background tasks of this sub-domain."""

from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = []
