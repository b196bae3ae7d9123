"""Helpers for benchmarks that need a real server: a scratch PostgreSQL database, Django
management steps in child processes, and gunicorn.

The process that runs a benchmark never configures Django itself: every step that touches
the database runs in a child process with the scratch database in its environment, so a
benchmark cannot write to the database of ``DATABASE_URL`` by mistake, and any number of
benchmarks can run in one ``python -m benchmarks``.

Run as ``python -m benchmarks._server prepare|verify ...`` it is that child process for
the deadline rush (see :mod:`benchmarks.deadline_rush`).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/postgres"


# --- Scratch database ---------------------------------------------------------------------


def server_url() -> str:
    """The PostgreSQL server to use: the one of ``DATABASE_URL``, else the local default."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return DEFAULT_SERVER_URL
    return url


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def _maintenance(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as connection:
        connection.execute(statement)


@contextmanager
def scratch_database(name: str, *, keep: bool = False) -> Iterator[str]:
    """Create an empty database ``name`` on :func:`server_url`'s server; drop it afterwards.

    An existing database of that name is dropped first (it is a scratch database by name).
    """
    if not name.replace("_", "").isalnum():
        raise ValueError(f"not a plain database name: {name!r}")
    url = server_url()
    _maintenance(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _maintenance(url, f'CREATE DATABASE "{name}"')
    try:
        yield with_database(url, name)
    finally:
        if not keep:
            _maintenance(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def scratch_directory() -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix="socialtech-bench-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def django_environment(
    *, database_url: str, directory: Path, debug: bool = False
) -> dict[str, str]:
    """Environment for child processes: the scratch database, files under ``directory``.

    The server runs as in production (``DEBUG`` off) unless ``debug``; the task queue is
    kombu's in-memory transport, so receipts queued by submissions stay in the server
    process instead of reaching a real broker or the embedded runner's folder under var/.
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"CELERY_BROKER_URL", "CELERY_RESULT_BACKEND", "CACHE_URL"}
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "socialtech.settings",
            "DATABASE_URL": database_url,
            "VAR_DIR": str(directory / "var"),
            "MEDIA_ROOT": str(directory / "media"),
            "CELERY_BROKER_URL": "memory://",
            "CELERY_RESULT_BACKEND": "cache+memory://",
            "DEBUG": "1" if debug else "0",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SECURE_SSL_REDIRECT": "0",
            "DEMO_MODE": "0",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(BASE_DIR),
        }
    )
    return environment


def run_child(arguments: list[str], environment: dict[str, str], *, what: str) -> str:
    """Run ``python <arguments>`` in the project directory; return its output or explain."""
    completed = subprocess.run(
        [sys.executable, *arguments],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"{what} failed (exit {completed.returncode}):\n{completed.stdout[-3000:]}"
            f"\n{completed.stderr[-3000:]}"
        )
    return completed.stdout


# --- gunicorn -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Server:
    base_url: str
    workers: int
    threads: int
    log: Path


@contextmanager
def gunicorn(
    environment: dict[str, str], *, workers: int, threads: int, host: str, log: Path
) -> Iterator[Server]:
    """gunicorn with ``workers`` processes of ``threads`` threads on a free local port.

    Waits until ``GET /health/`` with ``Host: host`` answers 200; stops the server (TERM,
    then KILL after ten seconds) on exit.
    """
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "socialtech.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log),
    ]
    process = subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    server = Server(f"http://127.0.0.1:{port}", workers, threads, log)
    try:
        _wait_until_ready(server, process, host)
        yield server
    finally:
        _stop(process)


def _wait_until_ready(server: Server, process: subprocess.Popen[bytes], host: str) -> None:
    deadline = time.monotonic() + 90
    request = urllib.request.Request(f"{server.base_url}/health/", headers={"Host": host})
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited at start:\n{_tail(server.log)}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /health/ within 90 s:\n{_tail(server.log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _tail(path: Path, size: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-size:]
    except OSError:
        return "(no log)"


# --- Child-process steps for the deadline rush --------------------------------------------

RUSH_EMAIL = "rush-{index:05d}@bench.example.org"
RUSH_COUNTRIES = ("IT", "ES", "FR", "DE", "RO", "SE", "BE", "PT", "NL", "AT", "PL", "IE")
RUSH_FORMS = ("social_cooperative", "cooperative", "association", "foundation", "mutual")


def prepare(applicants: int, output: Path) -> None:
    """N applicants, each with an organisation, a complete draft on the open call and a token.

    Drafts go through the services (start, autosave, two uploads) so they are exactly what
    an applicant leaves before pressing submit. Writes ``[{"application", "token"}]``.
    """
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password

    from applications.services import application_attach, application_save_draft, application_start
    from calls.models import Call
    from demo.applications import OC1_PROJECTS, OPEN_CALL_SLUG, project_answers, project_files
    from organisations.services import organisation_create
    from socialtech.accounts.models import ApiToken, User, hash_token
    from socialtech.tenancy.context import tenant_context
    from socialtech.tenancy.models import Tenant

    tenant = Tenant.objects.get(slug="socialtech4eu")
    users = User.objects.bulk_create(
        [
            # No usable password: the applicants use pre-issued tokens, and hashing 200
            # passwords would take longer than the rush itself.
            User(
                email=RUSH_EMAIL.format(index=index),
                full_name=f"Rush applicant {index}",
                password=make_password(None),
            )
            for index in range(applicants)
        ]
    )
    plan = []
    with tenant_context(tenant):
        call = Call.objects.get(slug=OPEN_CALL_SLUG)
        start = (call.deadline + timedelta(days=75)).date().replace(day=1)
        tokens = []
        for index, user in enumerate(users):
            organisation = organisation_create(
                created_by=user,
                legal_name=f"Rush Benchmark Cooperative {index:05d}",
                country=RUSH_COUNTRIES[index % len(RUSH_COUNTRIES)],
                legal_form=RUSH_FORMS[index % len(RUSH_FORMS)],
                social_economy_type="social_enterprise",
                founding_year=2000 + index % 25,
                staff_headcount=5 + index % 40,
                turnover_band="up_to_2m",
                balance_sheet_band="up_to_2m",
                address_line1=f"Benchmark Street {index + 1}",
                city="Brussels",
                legal_representative_name=f"Rush applicant {index}",
                legal_representative_role="Chair",
            )
            project = OC1_PROJECTS[index % len(OC1_PROJECTS)]
            draft = application_start(call=call, organisation=organisation, user=user)
            draft = application_save_draft(
                application=draft,
                user=user,
                answers=project_answers(
                    project=project, organisation=organisation, start=start, seed=index
                ),
                version=draft.version,
            )
            for field_key, upload in project_files(
                project=project, organisation=organisation
            ).items():
                application_attach(application=draft, user=user, field_key=field_key, upload=upload)
            key = ApiToken.generate_key()
            tokens.append(
                ApiToken(tenant=tenant, user=user, key_hash=hash_token(key), prefix=key[:8])
            )
            plan.append({"application": draft.pk, "token": key})
        ApiToken.unscoped.bulk_create(tokens)
        counter = Call.objects.get(pk=call.pk).submission_counter
    output.write_text(json.dumps({"applications": plan, "counter_before": counter}))


def verify(plan_path: Path, responses_path: Path) -> dict[str, Any]:
    """What the database says after the rush, checked against what the clients were told."""
    from applications.models import Application, ApplicationStatus, SubmissionAttempt
    from calls.models import Call
    from demo.applications import OPEN_CALL_SLUG
    from socialtech.tenancy.context import tenant_context
    from socialtech.tenancy.models import Tenant

    plan = json.loads(plan_path.read_text())
    # {application id: [[status, receipt or None], ...]} as the clients saw it
    answers: dict[str, list[list[Any]]] = json.loads(responses_path.read_text())
    ids = [entry["application"] for entry in plan["applications"]]
    with tenant_context(Tenant.objects.get(slug="socialtech4eu")):
        rows = {
            row["pk"]: row
            for row in Application.objects.filter(pk__in=ids).values(
                "pk", "status", "receipt_number", "submitted_at"
            )
        }
        attempts: dict[int, int] = {}
        for application_id in SubmissionAttempt.objects.filter(
            application_id__in=ids, outcome="submitted"
        ).values_list("application_id", flat=True):
            attempts[application_id] = attempts.get(application_id, 0) + 1
        counter_after = Call.objects.get(slug=OPEN_CALL_SLUG).submission_counter

    told_ok_not_submitted = []
    errored_not_submitted = []
    receipt_mismatches = []
    double_clicks = 0
    double_clicks_same_receipt = 0
    attempts_wrong = 0
    for application_id in ids:
        row = rows[application_id]
        submitted = row["status"] == ApplicationStatus.SUBMITTED and bool(row["receipt_number"])
        # One "submitted" attempt per submitted application, however often it was pressed.
        attempts_wrong += attempts.get(application_id, 0) != (1 if submitted else 0)
        seen = answers.get(str(application_id), [])
        ok_receipts = [receipt for status, receipt in seen if status == 200]
        if not submitted:
            if ok_receipts:
                told_ok_not_submitted.append(application_id)
            else:
                errored_not_submitted.append(application_id)
        elif any(receipt != row["receipt_number"] for receipt in ok_receipts):
            receipt_mismatches.append(application_id)
        if len(seen) > 1:
            double_clicks += 1
            if len(ok_receipts) == len(seen) and len(set(ok_receipts)) == 1:
                double_clicks_same_receipt += 1
    receipts = [row["receipt_number"] for row in rows.values() if row["receipt_number"]]
    numbers = sorted(int(receipt.rsplit("-", 1)[1]) for receipt in receipts)
    first = plan["counter_before"] + 1
    return {
        "applications": len(ids),
        "submitted": len(receipts),
        "lost": len(told_ok_not_submitted) + len(errored_not_submitted),
        "lost_after_200": len(told_ok_not_submitted),
        "lost_after_error": len(errored_not_submitted),
        "receipts_unique": len(set(receipts)) == len(receipts),
        "receipts_consecutive": numbers == list(range(first, first + len(numbers))),
        "receipt_mismatches": len(receipt_mismatches),
        "counter_advanced_by": counter_after - plan["counter_before"],
        "attempts_recorded_once": attempts_wrong == 0,
        "double_clicks": double_clicks,
        "double_clicks_same_receipt": double_clicks_same_receipt,
        "first_receipt": min(receipts) if receipts else None,
        "last_receipt": max(receipts) if receipts else None,
    }


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtech.settings")
    django.setup()


def main(argv: list[str]) -> int:
    step = argv[0] if argv else ""
    if step == "prepare" and len(argv) == 3:
        _django()
        prepare(int(argv[1]), Path(argv[2]))
        return 0
    if step == "verify" and len(argv) == 3:
        _django()
        print(json.dumps(verify(Path(argv[1]), Path(argv[2]))))
        return 0
    print("usage: python -m benchmarks._server prepare N PLAN.json | verify PLAN.json ANSWERS.json")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
