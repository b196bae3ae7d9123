"""The demo, seeded once for every test of this package.

``demo_output`` runs ``seed_demo`` twice (a real run's after-commit work, such as the
certificates' tasks, runs after the first) inside one transaction that is rolled back after
the package's last test; each test runs in its own savepoint on top, so what a test changes
is gone before the next. The fixture gives both runs' printed output. Seeding the demo is
the slowest thing the suite does; doing it once here instead of once a test keeps CI short.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings


@pytest.fixture(scope="package")
def _demo_media(tmp_path_factory: Any) -> Path:
    return Path(tmp_path_factory.mktemp("demo-media"))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, _demo_media: Path) -> None:
    # The demo's files (PDFs) stay readable by every test of the package.
    settings.MEDIA_ROOT = _demo_media


@pytest.fixture(scope="package")
def demo_output(django_db_setup: Any, django_db_blocker: Any, _demo_media: Path) -> Iterator[str]:
    out = io.StringIO()
    backend = "django.core.mail.backends.locmem.EmailBackend"
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=_demo_media, EMAIL_BACKEND=backend, DEMO_MODE=False),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            from django.core.cache import cache

            cache.clear()
            with TestCase.captureOnCommitCallbacks(execute=True):
                call_command("seed_demo", stdout=out)
            call_command("seed_demo", stdout=out)
            cache.clear()
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def seeded_demo(demo_output: str, db: None) -> str:
    """The demo as seeded for the package (see the module), for one test; both runs' output."""
    return demo_output
