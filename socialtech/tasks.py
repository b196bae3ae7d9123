"""Queueing helpers shared by every app."""

from __future__ import annotations

from typing import Any

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task, **kwargs: Any) -> None:
    """Send ``task`` once the current transaction commits, so the worker sees its rows."""
    transaction.on_commit(lambda: task.apply_async(kwargs=kwargs))


def enqueue_on_commit_by_name(task_name: str, **kwargs: Any) -> None:
    """Send the task called ``task_name`` after commit, for a task of an app above the caller."""
    from socialtech.celery import app

    transaction.on_commit(lambda: app.send_task(task_name, kwargs=kwargs))
