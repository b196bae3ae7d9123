"""A Celery worker for tests/test_faults_worker_process.py, run as its own process.

With ``SLOW_RENDER`` set (seconds), every PDF the agreements render takes that much longer,
so the test can kill the worker while a batch is half made. Not a test module.
"""

from __future__ import annotations

import os
import time
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtech.settings")
django.setup()

from grants.agreements import jobs  # noqa: E402
from socialtech.celery import app  # noqa: E402

if os.environ.get("SLOW_RENDER"):
    real_render = jobs.document_render
    pause = float(os.environ["SLOW_RENDER"])

    def slow_render(**options: Any) -> Any:
        document = real_render(**options)
        time.sleep(pause)
        return document

    jobs.document_render = slow_render

if __name__ == "__main__":
    app.worker_main(
        [
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ]
    )
