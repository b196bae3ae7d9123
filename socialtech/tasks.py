"""Queueing helpers shared by every app."""

from __future__ import annotations

from typing import Any

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task, **kwargs: Any) -> None:
    """Send ``task`` once the current transaction commits, so the worker sees its rows."""
    transaction.on_commit(lambda: task.apply_async(kwargs=kwargs))
