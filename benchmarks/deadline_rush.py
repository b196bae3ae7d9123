"""Deadline rush: every applicant presses submit in the last minute, against a real server.

What runs (``python -m benchmarks deadline_rush``):

1. a scratch PostgreSQL database, migrated and loaded with the demo (``seed_demo``);
2. N applicants (default 1,000), each with an organisation, a complete draft on Open Call 2
   (answers saved and two PDFs uploaded through the services) and a pre-issued API token;
3. gunicorn (4 workers × 4 threads, gthread, ``DEBUG`` off) on a free port of 127.0.0.1;
4. the baseline: ``GET /health/`` (one ``SELECT 1``) by the same concurrent clients, at least
   1,000 requests;
5. the rush: ``POST /api/v1/applications/{id}/submit/`` for all N applications from C
   concurrent clients (threads with urllib, a new connection per request as browsers of
   different applicants would), with ``Host: socialtech4eu.localhost`` and
   ``Authorization: Token …``; a share of them (default 10 %) is sent twice at the same
   moment, as a double click;
6. the database afterwards: an application is *lost* if the client was told 200 and it is
   not submitted, or if every request for it failed and left no submission. Receipts must
   be unique and consecutive, a double click must get the same receipt twice, and each
   submission must be recorded once.

Timings are reported as latency percentiles and throughput; submit throughput is also given
as a ratio of the /health/ throughput of the same server in the same run. Nothing is
compared with fixed numbers except the rule of the scenario: all N submissions must be
answered within one minute.

Database: ``DATABASE_URL`` only names the PostgreSQL *server* (its database is never
touched); without it the server is ``postgres://postgres@127.0.0.1:5432``. The benchmark
creates the database ``socialtech_bench`` (or ``BENCH_DATABASE_NAME``) there, dropping any
earlier one of that name, and drops it at the end unless ``--keep-database``. Files and
the server's log go to a temporary directory; receipts queued by submissions go to an
in-memory task queue.

Options (``--name=value``; ``benchmarks/__main__`` treats words without a dash as names):
  --applicants=N        applicants and submissions (default 1000)
  --concurrency=C       concurrent clients for both the baseline and the rush (default 32)
  --workers=W           gunicorn worker processes (default 4)
  --threads=T           threads per worker (default 4)
  --double-clicks=F     share of applications submitted twice at once (default 0.1)
  --debug               run the server with DEBUG on
  --keep-database       keep the scratch database for inspection
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks._server import (
    django_environment,
    gunicorn,
    run_child,
    scratch_database,
    scratch_directory,
    server_url,
)

HOST = "socialtech4eu.localhost"
RUSH_WINDOW_SECONDS = 60
MINIMUM_BASELINE_REQUESTS = 1000


def _option(argv: list[str], name: str, default: str) -> str:
    for argument in argv:
        if argument.startswith(f"{name}="):
            return argument.split("=", 1)[1]
    return default


@dataclass(frozen=True)
class Outcome:
    key: int  # application id, or the request number for the baseline
    status: int  # HTTP status, 0 when the connection failed
    latency: float  # seconds
    receipt: str | None = None
    error: str = ""


def _request(url: str, *, method: str, token: str = "") -> urllib.request.Request:
    headers = {"Host": HOST, "Accept": "application/json", "Connection": "close"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = b"" if method == "POST" else None
    if data is not None:
        headers["Content-Type"] = "application/json"
    return urllib.request.Request(url, data=data, headers=headers, method=method)


def _send(key: int, request: urllib.request.Request) -> Outcome:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body = error.read()
        status = error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
        return Outcome(key, 0, time.perf_counter() - started, error=type(error).__name__)
    latency = time.perf_counter() - started
    receipt = None
    detail = ""
    try:
        payload = json.loads(body or b"null")
    except ValueError:
        payload = None
    if isinstance(payload, dict):
        receipt = payload.get("receipt_number")
        detail = str(payload.get("code") or "")
    return Outcome(key, status, latency, receipt, detail if status != 200 else "")


def _fire(
    requests: list[tuple[int, urllib.request.Request]], concurrency: int
) -> tuple[list[Outcome], float]:
    """Send ``requests`` from ``concurrency`` client threads; returns outcomes and wall time."""
    start = threading.Barrier(concurrency + 1)
    queue = iter(requests)
    lock = threading.Lock()
    outcomes: list[Outcome] = []

    def client() -> None:
        start.wait()
        while True:
            with lock:
                item = next(queue, None)
            if item is None:
                return
            outcome = _send(*item)
            with lock:
                outcomes.append(outcome)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(client) for _ in range(concurrency)]
        start.wait()
        began = time.perf_counter()
        for future in futures:
            future.result()
        wall = time.perf_counter() - began
    return outcomes, wall


def _percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile; ``share`` in 0..1."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _summary(outcomes: list[Outcome], wall: float) -> dict[str, Any]:
    latencies = [outcome.latency for outcome in outcomes]
    statuses = Counter(outcome.status for outcome in outcomes)
    return {
        "requests": len(outcomes),
        "errors": sum(count for status, count in statuses.items() if status != 200),
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "error_codes": dict(Counter(o.error for o in outcomes if o.status != 200 and o.error)),
        "wall_seconds": round(wall, 3),
        "throughput_per_second": round(len(outcomes) / wall, 1) if wall else None,
        "p50_ms": round(_percentile(latencies, 0.50) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(_percentile(latencies, 0.99) * 1000, 1),
        "max_ms": round(max(latencies, default=0) * 1000, 1),
    }


def _plan_requests(
    base_url: str, plan: list[dict[str, Any]], double_click_share: float
) -> list[tuple[int, urllib.request.Request]]:
    """One submit per application; every ``1 / share``-th one twice, back to back."""
    every = round(1 / double_click_share) if double_click_share > 0 else 0
    requests = []
    for index, entry in enumerate(plan):
        url = f"{base_url}/api/v1/applications/{entry['application']}/submit/"
        times = 2 if every and index % every == every - 1 else 1
        for _ in range(times):
            requests.append(
                (entry["application"], _request(url, method="POST", token=entry["token"]))
            )
    return requests


def _print_table(
    *, baseline: dict[str, Any], rush: dict[str, Any], checks: dict[str, Any], setup: dict[str, Any]
) -> None:
    print(
        f"{setup['applicants']} applicants, {rush['requests']} submit requests "
        f"({checks['double_clicks']} double clicks), {setup['concurrency']} concurrent clients; "
        f"gunicorn {setup['workers']} workers × {setup['threads']} threads; "
        f"{setup['cpus']} CPUs; PostgreSQL at {setup['server']}"
    )
    print(
        f"{'':24}{'requests':>9}{'errors':>8}{'wall s':>9}{'req/s':>9}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}"
    )
    for name, figures in (("GET /health/ (baseline)", baseline), ("POST …/submit/", rush)):
        print(
            f"{name:24}{figures['requests']:>9}{figures['errors']:>8}"
            f"{figures['wall_seconds']:>9.2f}{figures['throughput_per_second']:>9.1f}"
            f"{figures['p50_ms']:>9.1f}{figures['p95_ms']:>9.1f}{figures['p99_ms']:>9.1f}"
            f"{figures['max_ms']:>9.1f}"
        )
    if rush["errors"]:
        print(f"  submit answers: {rush['statuses']} {rush['error_codes']}")
    print(f"submit throughput / health throughput: {setup['throughput_ratio']:.3f}")
    print(
        f"submitted {checks['submitted']} of {checks['applications']}; lost: {checks['lost']} "
        f"(after a 200: {checks['lost_after_200']}, after errors: {checks['lost_after_error']}); "
        f"receipts unique: {_yes(checks['receipts_unique'])}, consecutive: "
        f"{_yes(checks['receipts_consecutive'])} ({checks['first_receipt']} … "
        f"{checks['last_receipt']}); answered receipt = stored receipt: "
        f"{_yes(checks['receipt_mismatches'] == 0)}; double clicks with one receipt: "
        f"{checks['double_clicks_same_receipt']}/{checks['double_clicks']}; "
        f"one submission record each: {_yes(checks['attempts_recorded_once'])}"
    )
    print(
        f"{'PASS' if setup['within_window'] else 'FAIL'}  all submissions answered within "
        f"{RUSH_WINDOW_SECONDS} s: {rush['wall_seconds']:.1f} s"
    )
    print(f"{'PASS' if setup['passed'] else 'FAIL'}  no submission lost, receipts unique")


def _yes(value: bool) -> str:
    return "yes" if value else "NO"


def run(argv: list[str]) -> dict[str, Any]:
    applicants = int(_option(argv, "--applicants", "1000"))
    concurrency = int(_option(argv, "--concurrency", "32"))
    workers = int(_option(argv, "--workers", "4"))
    threads = int(_option(argv, "--threads", "4"))
    double_click_share = float(_option(argv, "--double-clicks", "0.1"))
    debug = "--debug" in argv
    keep = "--keep-database" in argv
    database_name = os.environ.get("BENCH_DATABASE_NAME", "socialtech_bench")
    timings: dict[str, float] = {}

    with scratch_directory() as directory, scratch_database(database_name, keep=keep) as url:
        environment = django_environment(database_url=url, directory=directory, debug=debug)
        began = time.perf_counter()
        run_child(["manage.py", "migrate", "--noinput"], environment, what="migrate")
        timings["migrate_seconds"] = time.perf_counter() - began
        began = time.perf_counter()
        run_child(["manage.py", "seed_demo"], environment, what="seed_demo")
        timings["seed_seconds"] = time.perf_counter() - began
        if not debug:  # production serves the collected static files only
            run_child(
                ["manage.py", "collectstatic", "--noinput"], environment, what="collectstatic"
            )
        began = time.perf_counter()
        plan_path = directory / "plan.json"
        run_child(
            ["-m", "benchmarks._server", "prepare", str(applicants), str(plan_path)],
            environment,
            what="preparing the applicants",
        )
        timings["prepare_seconds"] = time.perf_counter() - began
        plan = json.loads(plan_path.read_text())["applications"]

        with gunicorn(
            environment, workers=workers, threads=threads, host=HOST, log=directory / "server.log"
        ) as server:
            health = f"{server.base_url}/health/"
            _fire(
                [(n, _request(health, method="GET")) for n in range(concurrency * 2)], concurrency
            )
            baseline_count = max(MINIMUM_BASELINE_REQUESTS, applicants)
            baseline_outcomes, baseline_wall = _fire(
                [(n, _request(health, method="GET")) for n in range(baseline_count)], concurrency
            )
            rush_outcomes, rush_wall = _fire(
                _plan_requests(server.base_url, plan, double_click_share), concurrency
            )
            server_log = Path(server.log).read_text(errors="replace")[-2000:]

        answers: dict[str, list[list[Any]]] = {}
        for outcome in rush_outcomes:
            answers.setdefault(str(outcome.key), []).append([outcome.status, outcome.receipt])
        answers_path = directory / "answers.json"
        answers_path.write_text(json.dumps(answers))
        checks = json.loads(
            run_child(
                ["-m", "benchmarks._server", "verify", str(plan_path), str(answers_path)],
                environment,
                what="checking the database",
            )
        )

    baseline = _summary(baseline_outcomes, baseline_wall)
    rush = _summary(rush_outcomes, rush_wall)
    ratio = (
        rush["throughput_per_second"] / baseline["throughput_per_second"]
        if baseline["throughput_per_second"]
        else 0.0
    )
    within_window = rush_wall <= RUSH_WINDOW_SECONDS
    passed = (
        checks["lost"] == 0
        and checks["receipts_unique"]
        and checks["receipt_mismatches"] == 0
        and checks["double_clicks_same_receipt"] == checks["double_clicks"]
    )
    setup = {
        "applicants": applicants,
        "concurrency": concurrency,
        "workers": workers,
        "threads": threads,
        "cpus": os.cpu_count(),
        "server": server_url().rsplit("@", 1)[-1].split("/", 1)[0],
        "debug": debug,
        "throughput_ratio": round(ratio, 3),
        "within_window": within_window,
        "passed": passed,
        **{key: round(value, 1) for key, value in timings.items()},
    }
    _print_table(baseline=baseline, rush=rush, checks=checks, setup=setup)
    if rush["errors"] and server_log.strip():
        print("server log (last lines):\n" + server_log)
    from benchmarks._summary import deadline_rush_rows

    result = {
        "setup": setup,
        "baseline": baseline,
        "rush": rush,
        "checks": checks,
        "lost": checks["lost"],
        "throughput_ratio": round(ratio, 3),
        "passed": passed and within_window,
    }
    return {**result, "summary": deadline_rush_rows(result)}
