"""Queueing helpers shared by every app."""

from __future__ import annotations

from typing import Any

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task, **kwargs: Any) -> None:
    """Send ``task`` once the current transaction commits, so the worker sees its rows."""
    transaction.on_commit(lambda: task.apply_async(kwargs=kwargs))


def enqueue_on_commit_by_name(task_name: str, **kwargs: Any) -> None:
    """Send the task called ``task_name`` after commit, for a task of an app above the caller.

    ``send_task`` ignores eager mode, so with tasks run eagerly (the test suite) the
    registered task runs in place instead of being written to a broker no worker reads.
    """
    from socialtech.celery import app

    def send() -> None:
        if app.conf.task_always_eager and task_name in app.tasks:
            app.tasks[task_name].apply(kwargs=kwargs)
        else:
            app.send_task(task_name, kwargs=kwargs)

    transaction.on_commit(send)
