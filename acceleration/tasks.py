"""Every background task of the acceleration app, imported for the worker."""

from __future__ import annotations

from acceleration.demoday import tasks as demoday_tasks
from acceleration.introductions import tasks as introduction_tasks

__all__ = ["demoday_tasks", "introduction_tasks"]
