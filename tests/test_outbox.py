"""The broker is down while an applicant submits: the submission succeeds, its tasks wait in
the outbox, and once the broker is back the sweeper sends them: the receipt e-mail goes
once, however often the sweeper runs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from applications.models import Application
from socialtech.celery import app
from socialtech.outbox.jobs import outbox_sweep
from socialtech.outbox.models import OutboxMessage
from tests.applications.conftest import answers, call_a, organisation  # noqa: F401
from tests.applications.test_views import applicant_client, draft, ready  # noqa: F401

# A Redis address nothing listens on: every connection is refused at once.
DEAD_BROKER = "redis://127.0.0.1:1/0"
RECEIPT_TASK = "applications.send_receipt"


def _reset_pools() -> None:
    """Forget the broker connections made so far, so the next send dials the new URL."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Tasks go to a broker (not run in place) and the broker refuses every connection."""
    # Celery reads the broker from this variable before its settings.
    monkeypatch.setenv("CELERY_BROKER_URL", DEAD_BROKER)
    saved = {
        key: app.conf[key]
        for key in (
            "task_always_eager",
            "broker_url",
            "broker_write_url",
            "broker_transport",
            "broker_transport_options",
        )
    }
    app.conf.update(
        task_always_eager=False,
        broker_url=DEAD_BROKER,
        broker_write_url=None,
        broker_transport=None,
        broker_transport_options={},
    )
    _reset_pools()
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_pools()


def broker_back() -> None:
    """The broker answers again (here: tasks run in place, as the test suite's broker)."""
    app.conf.task_always_eager = True


def receipts_sent(application: Application) -> list[Any]:
    return [m for m in mail.outbox if application.receipt_number in m.subject + m.body]


def age(seconds: int) -> None:
    """Make every outbox row look ``seconds`` old (the sweeper leaves fresh rows alone)."""
    for message in OutboxMessage.objects.all():
        OutboxMessage.objects.filter(pk=message.pk).update(
            created=message.created - timedelta(seconds=seconds)
        )


def test_a_submission_succeeds_while_the_broker_is_down_and_its_receipt_goes_once_later(
    applicant_client: Any,  # noqa: F811
    ready: Application,  # noqa: F811
    broker_down: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant_client.post(reverse("application_submit", args=[ready.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("application_confirmation", args=[ready.pk])
    ready.refresh_from_db()
    assert ready.status == "submitted" and ready.receipt_number
    waiting = OutboxMessage.objects.get(task_name=RECEIPT_TASK)
    assert waiting.sent_at is None
    assert waiting.attempts == 1
    assert waiting.kwargs["application_id"] == ready.pk
    assert "refused" in waiting.last_error.lower() or "connect" in waiting.last_error.lower()
    assert receipts_sent(ready) == []

    # Still down: the sweeper tries, keeps the row and its error.
    age(60)
    assert outbox_sweep()["sent"] == 0
    waiting.refresh_from_db()
    assert (waiting.sent_at, waiting.attempts) == (None, 2)

    broker_back()
    with django_capture_on_commit_callbacks(execute=True):
        first = outbox_sweep()
    assert first["sent"] == OutboxMessage.objects.count() >= 1
    assert len(receipts_sent(ready)) == 1
    waiting.refresh_from_db()
    assert waiting.sent_at is not None and waiting.last_error == ""

    # Swept again (beat and the command): nothing is sent twice.
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_sweep()["sent"] == 0
        call_command("outbox_sweep", "--grace=0", stdout=None)
    assert len(receipts_sent(ready)) == 1


def test_the_sweeper_leaves_a_row_its_commit_is_still_handing_over(
    db: None, broker_down: None
) -> None:
    OutboxMessage.objects.create(task_name=RECEIPT_TASK, kwargs={})
    broker_back()
    assert outbox_sweep() == {"sent": 0, "failed": 0, "deleted": 0}
    assert OutboxMessage.objects.get().attempts == 0


def test_a_row_sent_is_not_handed_over_again(
    db: None, broker_down: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialtech.outbox import services
    from socialtech.outbox.services import outbox_publish

    message = OutboxMessage.objects.create(task_name=RECEIPT_TASK, kwargs={"application_id": 1})
    handed: list[str] = []
    monkeypatch.setattr(services, "_hand_over", lambda row: handed.append(row.task_id))

    assert outbox_publish(message_id=message.pk) is True
    assert outbox_publish(message_id=message.pk) is False
    age(60)
    assert outbox_sweep()["sent"] == 0
    assert handed == [f"outbox-{message.pk}"]
