"""Writing tasks to the outbox and handing them to the broker.

``outbox_enqueue`` stores the task in the caller's transaction and, once it commits, hands
it over at once. A hand-over holds the row's lock (``select_for_update(skip_locked=True)``)
until the row is marked sent, so the commit hook and a sweeper never both send one row.
A broker that is down leaves the row unsent with its error; the sweeper
(:mod:`socialtech.outbox.jobs`) tries again.

Delivery is at least once: a process that dies between the broker's answer and the commit
marking the row sent leaves it to be sent again, so every task stays safe to run twice
(the tasks claim their e-mails and documents).
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from socialtech.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

# Kept with the row: enough of the error to tell a refused connection from a bad task.
ERROR_LENGTH = 2000


def tasks_run_in_place() -> bool:
    """True where tasks run eagerly, in the caller's process (the test suite)."""
    from socialtech.celery import app

    return bool(app.conf.task_always_eager)


def outbox_enqueue(*, task_name: str, kwargs: dict[str, Any]) -> OutboxMessage:
    """Store ``task_name(**kwargs)`` in the current transaction; hand it over on commit."""
    message = OutboxMessage.objects.create(task_name=task_name, kwargs=kwargs)
    transaction.on_commit(lambda: outbox_publish(message_id=message.pk))
    return message


def _hand_over(message: OutboxMessage) -> None:
    from socialtech.celery import app

    if app.conf.task_always_eager and message.task_name in app.tasks:
        # ``send_task`` ignores eager mode: run the registered task in place.
        app.tasks[message.task_name].apply(kwargs=message.kwargs, task_id=message.task_id)
        return
    # No retry here: the request that committed must not wait for a broker that is down;
    # the sweeper tries again.
    app.send_task(message.task_name, kwargs=message.kwargs, task_id=message.task_id, retry=False)


def outbox_attempt(message: OutboxMessage) -> bool:
    """Hand ``message`` (locked by the caller, in its transaction) over; True when sent."""
    message.attempts += 1
    try:
        with transaction.atomic():
            _hand_over(message)
    except Exception as error:  # any failure of the broker or the task: kept, tried again
        message.last_error = f"{type(error).__name__}: {error}"[:ERROR_LENGTH]
        message.save(update_fields=["attempts", "last_error"])
        logger.warning(
            "Task %s (outbox %s) not handed over: %s",
            message.task_name,
            message.pk,
            message.last_error,
        )
        return False
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["attempts", "last_error", "sent_at"])
    return True


def outbox_publish(*, message_id: int) -> bool:
    """Hand the outbox row ``message_id`` over if nobody else holds it and it is unsent."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, sent_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        return outbox_attempt(message)
