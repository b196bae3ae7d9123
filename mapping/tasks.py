"""Every background task of mapping, imported for the worker, and their schedules (none yet)."""

from __future__ import annotations

from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = []

__all__ = ["SCHEDULES"]
