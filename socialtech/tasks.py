"""Queueing helpers shared by every app.

Outside eager mode a task queued by a write goes through the outbox
(:mod:`socialtech.outbox`): it is stored in the write's transaction and handed to the broker
once that commits, so a broker that is down never fails the write and never loses the task;
the sweeper hands it over when the broker is back. With tasks run eagerly (the test suite)
the task runs in place after the commit, as it always has.
"""

from __future__ import annotations

from typing import Any

from celery import Task
from django.db import transaction


def enqueue_on_commit(task: Task, **kwargs: Any) -> None:
    """Send ``task`` once the current transaction commits, so the worker sees its rows."""
    from socialtech.outbox.services import outbox_enqueue, tasks_run_in_place

    if tasks_run_in_place():
        transaction.on_commit(lambda: task.apply_async(kwargs=kwargs))
        return
    outbox_enqueue(task_name=task.name, kwargs=kwargs)


def enqueue_on_commit_by_name(task_name: str, **kwargs: Any) -> None:
    """Send the task called ``task_name`` after commit, for a task of an app above the caller.

    ``send_task`` ignores eager mode, so with tasks run eagerly (the test suite) the
    registered task runs in place instead of being written to a broker no worker reads.
    """
    from socialtech.celery import app
    from socialtech.outbox.services import outbox_enqueue, tasks_run_in_place

    if not tasks_run_in_place():
        outbox_enqueue(task_name=task_name, kwargs=kwargs)
        return

    def send() -> None:
        if task_name in app.tasks:
            app.tasks[task_name].apply(kwargs=kwargs)
        else:
            app.send_task(task_name, kwargs=kwargs)

    transaction.on_commit(send)
