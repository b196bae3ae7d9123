"""Every background task of the privacy app, imported for the worker, and their schedules."""

from __future__ import annotations

from privacy.retention.tasks import SCHEDULES as RETENTION_SCHEDULES
from privacy.retention.tasks import purge_retained_records
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [*RETENTION_SCHEDULES]

__all__ = ["SCHEDULES", "purge_retained_records"]
