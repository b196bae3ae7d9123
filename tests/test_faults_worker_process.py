"""A real worker process is killed (SIGKILL) half-way through an agreement batch: the
broker gives the unacknowledged task to the next worker, which finishes the batch. The
result is what one clean run makes: one agreement and one PDF per award, each beneficiary
e-mailed once.

Runs on PostgreSQL with a Redis broker (``DATABASE_URL`` and ``CELERY_BROKER_URL``), where
a separate worker process can share the test database; skipped elsewhere.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from grants.models import Agreement, AgreementBatch
from socialtech.celery import app
from socialtech.documents.models import StoredDocument
from tests.calls.factories import CallFactory
from tests.grants.test_agreements import accepted_award

BROKER = os.environ.get("CELERY_BROKER_URL", "")
pytestmark = [
    pytest.mark.broker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not BROKER.startswith("redis://"),
        reason="a real worker process needs PostgreSQL and a Redis broker",
    ),
]
ROOT = Path(__file__).resolve().parents[1]
VISIBILITY_SECONDS = 2
AWARDS = 3


def wait_for(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def worker(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    started: list[subprocess.Popen[bytes]] = []
    import redis

    redis.Redis.from_url(BROKER).flushdb()  # no message of an earlier run

    def start(*, slow_render: float = 0) -> subprocess.Popen[bytes]:
        db = connection.settings_dict
        env = {
            **os.environ,
            "DEBUG": "1",
            "PYTHONUNBUFFERED": "1",  # the console e-mails reach the log at once
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db.get('PASSWORD') or ''}@"
                f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
            ),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_SECONDS),
            "SLOW_RENDER": str(slow_render) if slow_render else "",
        }
        log = (tmp_path / f"worker{len(started)}.log").open("wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults_worker"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def agreement_mails(folder: Path) -> int:
    """The agreement notices the workers sent (the console backend prints them)."""
    return sum(
        1
        for log in folder.glob("worker*.log")
        for line in log.read_text(errors="replace").splitlines()
        if line.startswith("Subject:") and "grant agreement" in line
    )


def test_a_worker_killed_mid_batch_is_replaced_and_the_batch_ends_as_a_clean_run(
    in_tenant_a: Any,
    alice: Any,
    worker: Callable[..., subprocess.Popen[bytes]],
    tmp_path: Path,
) -> None:
    call = CallFactory(tenant=in_tenant_a, status="results")
    awards = [accepted_award(call, title=f"Project {n}") for n in range(AWARDS)]
    batch = AgreementBatch.objects.create(
        call=call, award_ids=[a.pk for a in awards], total=AWARDS, started_by=alice
    )

    first = worker(slow_render=8)
    app.send_task(
        "grants.generate_agreement_batch",
        kwargs={"batch_id": batch.pk, "tenant_id": in_tenant_a.pk},
    )
    wait_for(
        lambda: Agreement.objects.exists() or first.poll() is not None,
        seconds=180,
        what="the first agreement",
    )
    assert first.poll() is None, "the worker stopped by itself (see its log)"
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    assert Agreement.objects.count() < AWARDS  # killed half-way

    time.sleep(VISIBILITY_SECONDS + 1)
    worker()
    wait_for(
        lambda: AgreementBatch.objects.filter(pk=batch.pk, status="done").exists(),
        seconds=240,
        what="the batch to finish on the second worker",
    )

    assert sorted(Agreement.objects.values_list("award_id", flat=True)) == sorted(
        a.pk for a in awards
    )
    assert StoredDocument.objects.count() == AWARDS
    batch.refresh_from_db()
    assert (batch.done, batch.total) == (AWARDS, AWARDS)
    # Each beneficiary is told once, by the worker that finished the batch.
    wait_for(lambda: agreement_mails(tmp_path) >= AWARDS, seconds=60, what="the notices")
    time.sleep(1)
    assert agreement_mails(tmp_path) == AWARDS
