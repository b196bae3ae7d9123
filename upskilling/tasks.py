"""Every background task of upskilling, imported for the worker, and their schedules."""

from __future__ import annotations

from socialtech.registry import Schedule
from upskilling.badges.tasks import SCHEDULES as BADGE_SCHEDULES
from upskilling.paths.tasks import SCHEDULES as PATH_SCHEDULES
from upskilling.training.tasks import SCHEDULES as TRAINING_SCHEDULES

SCHEDULES: list[Schedule] = [*PATH_SCHEDULES, *BADGE_SCHEDULES, *TRAINING_SCHEDULES]

__all__ = ["SCHEDULES"]
