"""Pages: every page people wait for, against the trivial endpoint of the same server.

What runs (``python -m benchmarks pages``):

1. a scratch PostgreSQL database, migrated and loaded with ``seed_bench`` (20,000
   applications at full size; ``--scale`` for less, ``--quick`` for a short run);
2. a child process (:mod:`benchmarks._pages_child`) signs in an applicant with four
   applications, an evaluator, a staff member and a coordinator (sessions made for them),
   names the pages and counts each page's queries with Django's test client;
3. gunicorn (2 workers × 4 threads, gthread, ``DEBUG`` off) on a free local port;
4. the baseline: ``GET /health/`` (one ``SELECT 1``) by C concurrent clients;
5. each page the same way: R requests from C clients, each client on one kept-alive
   connection, as a browser would.

Reported per page: requests per second, median and p95 latency, queries, and two ratios
against ``/health/`` of the same run: throughput (target for public pages: at least 0.5)
and median latency (target for staff and applicant pages: at most 10). No page may read
more than 15 queries.

Options: ``--quick`` (scale 0.05, fewer requests), ``--scale=S`` (default 1),
``--requests=R`` (default 200), ``--concurrency=C`` (default 8), ``--workers=W`` (2),
``--threads=T`` (4), ``--keep-database``, ``--reuse-database`` (skip migrate and seed when
the scratch database already holds the bench data). The database is ``socialtech_bench_pages``
(or ``BENCH_PAGES_DATABASE``) on the server of ``DATABASE_URL``.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from benchmarks._server import (
    django_environment,
    gunicorn,
    run_child,
    scratch_database,
    scratch_directory,
    server_url,
    with_database,
)

MAX_QUERIES = 15
PUBLIC_THROUGHPUT_TARGET = 0.5
STAFF_MEDIAN_TARGET = 10.0
BASELINE = "GET /health/ same server"


def _option(argv: list[str], name: str, default: str) -> str:
    for argument in argv:
        if argument.startswith(f"--{name}="):
            return argument.split("=", 1)[1]
    return default


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def load(
    base_url: str, *, path: str, host: str, session: str, requests: int, concurrency: int
) -> dict[str, Any]:
    """``requests`` GETs of ``path`` from ``concurrency`` clients on kept-alive connections."""
    parts = urlsplit(base_url)
    headers = {"Host": host, "Accept": "text/html,application/json"}
    if session:
        headers["Cookie"] = f"sessionid={session}"
    shares = [
        requests // concurrency + (1 if n < requests % concurrency else 0)
        for n in range(concurrency)
    ]

    def client(count: int) -> tuple[list[float], list[int]]:
        latencies, statuses = [], []
        connection = http.client.HTTPConnection(
            parts.hostname or "127.0.0.1", parts.port, timeout=120
        )
        try:
            for _ in range(count):
                started = time.perf_counter()
                try:
                    connection.request("GET", path, headers=headers)
                    response = connection.getresponse()
                    response.read()
                    statuses.append(response.status)
                    if response.getheader("Connection", "").lower() == "close":
                        connection.close()
                except (OSError, http.client.HTTPException):
                    connection.close()
                    statuses.append(0)
                latencies.append(time.perf_counter() - started)
        finally:
            connection.close()
        return latencies, statuses

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(client, [share for share in shares if share]))
    wall = time.perf_counter() - started
    latencies = [value for result in results for value in result[0]]
    statuses = [value for result in results for value in result[1]]
    return {
        "requests": len(latencies),
        "errors": sum(1 for status in statuses if status != 200),
        "statuses": sorted(set(statuses)),
        "throughput_per_second": round(len(latencies) / wall, 1) if wall else 0.0,
        "median_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(_percentile(latencies, 0.95) * 1000, 1),
    }


@contextmanager
def _database(name: str, *, keep: bool, reuse: bool) -> Any:
    if reuse:
        yield with_database(server_url(), name)
        return
    with scratch_database(name, keep=keep) as url:
        yield url


def _has_bench_data(environment: dict[str, str]) -> bool:
    try:
        output = run_child(
            [
                "manage.py",
                "shell",
                "-c",
                "from demo.bench import bench_counts; print(bench_counts()['applications'])",
            ],
            environment,
            what="looking for the bench data",
        )
    except RuntimeError:
        return False
    return output.strip().splitlines()[-1:] != ["0"]


def _rows(baseline: dict[str, Any], pages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The summary rows (see summary_shape): per page, its ratio against the baseline."""
    rows: list[dict[str, Any]] = [
        {
            "measure": "GET /health/ (baseline)",
            "value": baseline["throughput_per_second"],
            "unit": "req/s",
            "baseline": "",
            "ratio": None,
            "target": "",
            "met": None,
        }
    ]
    for page in pages:
        public = page["audience"] == "public"
        within = page["queries"] <= MAX_QUERIES and page["errors"] == 0
        if public:
            ratio = page["throughput_ratio"]
            met = within and ratio >= PUBLIC_THROUGHPUT_TARGET
            value, unit, target = page["throughput_per_second"], "req/s", ">= 0.5 throughput"
        else:
            ratio = page["median_ratio"]
            met = within and ratio <= STAFF_MEDIAN_TARGET
            value, unit, target = page["median_ms"], "ms median", "<= 10x median"
        rows.append(
            {
                "measure": f"{page['name']} ({page['queries']} queries)",
                "value": value,
                "unit": unit,
                "baseline": BASELINE,
                "ratio": ratio,
                "target": f"{target}, <= {MAX_QUERIES} queries",
                "met": met,
            }
        )
    return rows


def run(argv: list[str]) -> dict[str, Any]:
    quick = "--quick" in argv
    scale = float(_option(argv, "scale", "0.05" if quick else "1"))
    requests = int(_option(argv, "requests", "40" if quick else "200"))
    concurrency = int(_option(argv, "concurrency", "8"))
    workers = int(_option(argv, "workers", "2"))
    threads = int(_option(argv, "threads", "4"))
    keep = "--keep-database" in argv
    reuse = "--reuse-database" in argv
    name = os.environ.get("BENCH_PAGES_DATABASE", "socialtech_bench_pages")
    timings: dict[str, float] = {}

    with scratch_directory() as directory, _database(name, keep=keep, reuse=reuse) as url:
        environment = django_environment(database_url=url, directory=directory)
        if not (reuse and _has_bench_data(environment)):
            began = time.perf_counter()
            run_child(["manage.py", "migrate", "--noinput"], environment, what="migrate")
            timings["migrate_seconds"] = round(time.perf_counter() - began, 1)
            began = time.perf_counter()
            run_child(
                ["manage.py", "seed_bench", f"--scale={scale}"], environment, what="seed_bench"
            )
            timings["seed_seconds"] = round(time.perf_counter() - began, 1)
        run_child(["manage.py", "collectstatic", "--noinput"], environment, what="collectstatic")
        plan_path = directory / "pages.json"
        run_child(
            ["-m", "benchmarks._pages_child", str(plan_path)], environment, what="naming pages"
        )
        pages: list[dict[str, Any]] = json.loads(plan_path.read_text())["pages"]
        host = pages[0]["host"]
        with gunicorn(
            environment, workers=workers, threads=threads, host=host, log=directory / "server.log"
        ) as server:

            def measure(path: str, session: str, count: int) -> dict[str, Any]:
                options = {"host": host, "session": session, "concurrency": concurrency}
                load(server.base_url, path=path, requests=concurrency * 2, **options)  # warm
                return load(server.base_url, path=path, requests=count, **options)

            baseline = measure("/health/", "", max(requests, 500))
            for page in pages:
                page.update(measure(page["path"], page.pop("session"), requests))
                page["throughput_ratio"] = round(
                    page["throughput_per_second"] / baseline["throughput_per_second"], 3
                )
                page["median_ratio"] = round(page["median_ms"] / baseline["median_ms"], 2)
            server_log = Path(server.log).read_text(errors="replace")[-2000:]

    setup = {
        "scale": scale,
        "requests_per_page": requests,
        "concurrency": concurrency,
        "workers": workers,
        "threads": threads,
        "cpus": os.cpu_count(),
        **timings,
    }
    _print(baseline, pages, setup)
    if any(page["errors"] for page in pages) and server_log.strip():
        print("server log (last lines):\n" + server_log)
    summary = _rows(baseline, pages)
    return {
        "setup": setup,
        "baseline": baseline,
        "pages": pages,
        "max_queries": max(page["queries"] for page in pages),
        "passed": all(row["met"] is not False for row in summary),
        "summary": summary,
    }


def _print(baseline: dict[str, Any], pages: list[dict[str, Any]], setup: dict[str, Any]) -> None:
    print(f"  setup: {setup}")
    print(
        f"  {'page':42} {'who':10} {'q':>3} {'req/s':>7} {'x base':>7} "
        f"{'median':>8} {'x base':>7} {'p95':>8} err"
    )
    print(
        f"  {'GET /health/ (baseline)':42} {'':10} {1:>3} "
        f"{baseline['throughput_per_second']:>7} {'':>7} {baseline['median_ms']:>6}ms "
        f"{'':>7} {baseline['p95_ms']:>6}ms {baseline['errors']}"
    )
    for page in pages:
        print(
            f"  {page['name'][:42]:42} {page['audience']:10} {page['queries']:>3} "
            f"{page['throughput_per_second']:>7} {page['throughput_ratio']:>7} "
            f"{page['median_ms']:>6}ms {page['median_ratio']:>7} {page['p95_ms']:>6}ms "
            f"{page['errors']}"
        )
