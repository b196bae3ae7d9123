"""Scale-out: 1 and then 2 web processes and Celery workers on one PostgreSQL and one Redis.

What runs (``python -m benchmarks scale_out``):

1. a scratch PostgreSQL database (``<BENCH_DATABASE_NAME>_scale``), migrated, the demo
   loaded, and ``levels × submits`` applicants with complete drafts (the deadline rush's);
2. Redis as broker, result store and cache (``BENCH_REDIS_URL``, default
   ``redis://127.0.0.1:6379``, databases ``BENCH_REDIS_DBS``, default ``14,15``, emptied
   before each level);
3. for each level L (default 1 then 2): gunicorn with L worker processes of 4 threads and
   L Celery worker processes (one task at a time each), then
   - the baseline ``GET /health/`` from the same clients;
   - the mixed read workload for ``--read-seconds``: half public pages (home, call list,
     call page), half signed in (an applicant's *My applications* and draft, the staff
     application list, the API's application and call lists);
   - a submit rush of ``--submits`` fresh drafts, and the time until the Celery workers
     have e-mailed every receipt (PDF rendered and stored, e-mail sent);
   - the CPU seconds the web workers, the Celery workers and the database backends spent
     on each phase, from ``/proc`` (per request: the per-core figure).
4. the ratio of level 2 to level 1 for each throughput, and a capacity table for 10,000
   applicants in the last hour before a deadline, from the measured CPU per request
   (:func:`capacity` states its assumptions).

On a 2-core machine two web processes cannot double anything: the clients, PostgreSQL
and Redis share the same two cores. The ratios say how much of the second process turns
into throughput here; the CPU per request is what carries over to a larger machine.

Options (``--name=value``): ``--levels=1,2``, ``--submits=150`` (per level),
``--read-seconds=20``, ``--concurrency=16``, ``--threads=4``, ``--keep-database``.
"""

from __future__ import annotations

import json
import math
import os
import time
from dataclasses import asdict, dataclass
from typing import Any

from benchmarks._mixed import (
    Call,
    Tally,
    cycle,
    percentile,
    read_calls,
    receipts_emailed,
    run_for,
    submit_calls,
)
from benchmarks._processes import (
    HOST,
    CpuMeter,
    flush_redis,
    gunicorn_master,
    seeded_redis_environment,
    web_and_workers,
)
from benchmarks._server import run_child, scratch_database, scratch_directory

RECEIPT_WAIT_SECONDS = 600


def _option(argv: list[str], name: str, default: str) -> str:
    for argument in argv:
        if argument.startswith(f"{name}="):
            return argument.split("=", 1)[1]
    return default


def redis_databases() -> tuple[int, int]:
    broker, cache = os.environ.get("BENCH_REDIS_DBS", "14,15").split(",")
    return int(broker), int(cache)


# --- Capacity arithmetic ------------------------------------------------------------------


@dataclass(frozen=True)
class Assumptions:
    """What the last hour before a deadline looks like; every figure can be changed."""

    applicants: int = 10_000
    # Share of the applicants who submit in the last hour (many leave it to the end).
    submit_share_last_hour: float = 0.5
    # The busiest minute against the hour's average (submissions bunch up at the end).
    peak_factor: float = 3.0
    # Pages and saves per submission in that hour: the draft opened, autosaves every
    # few seconds of typing, the review page, My applications, the call page.
    page_views_per_submit: float = 40.0
    # Keep each core at most this busy at the peak, for headroom and bursts.
    utilisation: float = 0.6


@dataclass(frozen=True)
class CpuCosts:
    """CPU seconds per request, measured: by the web worker, the database, the Celery worker."""

    web_per_view: float
    web_per_submit: float
    database_per_view: float
    database_per_submit: float
    worker_per_receipt: float


def capacity(costs: CpuCosts, assumptions: Assumptions = Assumptions()) -> dict[str, Any]:
    """Cores for the busiest minute of the last hour; receipts may trail by a few minutes.

    Peak rates = hour's rate × ``peak_factor``; cores for a part = Σ rate × CPU per request
    ÷ ``utilisation``, rounded up. Receipts are queued, so workers are sized for the hour's
    average rate rather than the peak (the queue drains in the minutes after).
    """
    submits_per_hour = assumptions.applicants * assumptions.submit_share_last_hour
    submits_per_second = submits_per_hour / 3600 * assumptions.peak_factor
    views_per_second = submits_per_second * assumptions.page_views_per_submit
    receipts_per_second = submits_per_hour / 3600
    busy = {
        "web": views_per_second * costs.web_per_view + submits_per_second * costs.web_per_submit,
        "database": views_per_second * costs.database_per_view
        + submits_per_second * costs.database_per_submit,
        "worker": receipts_per_second * costs.worker_per_receipt,
    }
    cores = {
        part: max(1, math.ceil(seconds / assumptions.utilisation)) for part, seconds in busy.items()
    }
    return {
        "assumptions": asdict(assumptions),
        "costs": asdict(costs),
        "peak_submits_per_second": round(submits_per_second, 3),
        "peak_views_per_second": round(views_per_second, 2),
        "receipts_per_second": round(receipts_per_second, 3),
        "busy_cores": {part: round(seconds, 3) for part, seconds in busy.items()},
        "cores": cores,
        "total_cores": sum(cores.values()),
    }


def costs_from(level: dict[str, Any]) -> CpuCosts:
    """Per-request CPU from one level's phases."""
    reads, submits = level["reads"], level["submits"]
    return CpuCosts(
        web_per_view=reads["cpu"]["web"] / max(1, reads["requests"]),
        web_per_submit=submits["cpu"]["web"] / max(1, submits["requests"]),
        database_per_view=reads["cpu"]["database"] / max(1, reads["requests"]),
        database_per_submit=submits["cpu"]["database"] / max(1, submits["requests"]),
        worker_per_receipt=submits["cpu"]["worker"] / max(1, submits["receipts"]),
    )


# --- Phases -------------------------------------------------------------------------------


def _figures(tally: Tally, wall: float, kinds: list[str] | None = None) -> dict[str, Any]:
    latencies = [
        value
        for kind, values in tally.latencies.items()
        if kinds is None or kind in kinds
        for value in values
    ]
    return {
        "requests": len(latencies),
        "errors": sum(tally.errors.values()),
        "statuses": dict(tally.statuses),
        "wall_seconds": round(wall, 2),
        "per_second": round(len(latencies) / wall, 1) if wall else 0.0,
        "p50_ms": round(percentile(latencies, 0.5) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
    }


def measure_level(
    *,
    environment: dict[str, str],
    directory: Any,
    database: str,
    database_url: str,
    level: int,
    threads: int,
    concurrency: int,
    read_seconds: float,
    plan: dict[str, Any],
    entries: list[dict[str, Any]],
) -> dict[str, Any]:
    flush_redis(environment)
    with web_and_workers(
        environment, web=level, threads=threads, workers=level, directory=directory
    ) as (server, workers):
        meter = CpuMeter(gunicorn_master(server), workers, database)
        reads = read_calls(plan)
        run_for(
            server.base_url,
            cycle(reads, seed=level),
            concurrency=concurrency,
            seconds=3,
            tally=Tally(),
        )

        health = Tally()
        health_calls = iter([Call("health", "GET", "/health/")] * 1000)
        wall = run_for(
            server.base_url, lambda: next(health_calls, None), concurrency=concurrency, tally=health
        )
        baseline = _figures(health, wall)

        tally = Tally()
        meter.begin()
        wall = run_for(
            server.base_url,
            cycle(reads, seed=level),
            concurrency=concurrency,
            seconds=read_seconds,
            tally=tally,
        )
        read_figures = _figures(tally, wall) | {"cpu": meter.spent()}
        read_figures["by_kind"] = {
            kind: {"requests": len(values), "p95_ms": round(percentile(values, 0.95) * 1000, 1)}
            for kind, values in tally.latencies.items()
        }

        before = receipts_emailed(database_url)
        submits = iter(submit_calls(entries))
        tally = Tally()
        meter.begin()
        began = time.perf_counter()
        wall = run_for(
            server.base_url, lambda: next(submits, None), concurrency=concurrency, tally=tally
        )
        submit_figures = _figures(tally, wall)
        emailed = 0
        while time.perf_counter() - began < RECEIPT_WAIT_SECONDS:
            emailed = receipts_emailed(database_url) - before
            if emailed >= len(entries):
                break
            time.sleep(0.5)
        receipts_wall = time.perf_counter() - began
        submit_figures |= {
            "cpu": meter.spent(),
            "receipts": emailed,
            "receipts_wall_seconds": round(receipts_wall, 2),
            "receipts_per_second": round(emailed / receipts_wall, 2) if receipts_wall else 0.0,
        }
    return {
        "web_processes": level,
        "celery_workers": level,
        "threads": threads,
        "baseline": baseline,
        "reads": read_figures,
        "submits": submit_figures,
    }


def _ratio(levels: list[dict[str, Any]], *path: str) -> float | None:
    if len(levels) < 2:
        return None
    first: Any = levels[0]
    last: Any = levels[-1]
    for key in path:
        first, last = first[key], last[key]
    return round(last / first, 3) if first else None


def summary_rows(levels: list[dict[str, Any]], plan: dict[str, Any]) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    if not levels:
        return rows
    top = levels[-1]
    label = f"{levels[0]['web_processes']}→{top['web_processes']} processes"
    for measure, path, unit in (
        ("scale-out: mixed reads", ("reads", "per_second"), "req/s"),
        ("scale-out: submits", ("submits", "per_second"), "req/s"),
        ("scale-out: receipts issued", ("submits", "receipts_per_second"), "receipts/s"),
    ):
        value: Any = top
        for key in path:
            value = value[key]
        rows.append(
            {
                "measure": f"{measure} ({top['web_processes']} web, {top['celery_workers']} workers)",
                "value": float(value),
                "unit": unit,
                "baseline": f"the same with {levels[0]['web_processes']} ({label})",
                "ratio": _ratio(levels, *path),
                "target": "reported",
                "met": None,
            }
        )
    rows.append(
        {
            "measure": "scale-out: cores for 10,000 applicants, last hour",
            "value": float(plan["total_cores"]),
            "unit": "cores",
            "baseline": "measured CPU per request",
            "ratio": None,
            "target": "reported",
            "met": None,
        }
    )
    errors = sum(level["reads"]["errors"] + level["submits"]["errors"] for level in levels)
    rows.append(
        {
            "measure": "scale-out: errors",
            "value": float(errors),
            "unit": "requests",
            "baseline": "all requests of every level",
            "ratio": None,
            "target": "0",
            "met": errors == 0,
        }
    )
    return rows


def _print(levels: list[dict[str, Any]], plan: dict[str, Any]) -> None:
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; Host: {HOST}")
    print(
        f"{'web+workers':>11} {'health/s':>9} {'reads/s':>8} {'p95 ms':>7} {'submits/s':>9} "
        f"{'p95 ms':>7} {'receipts/s':>10} {'errors':>6}  CPU s/read web+db, s/submit web+db, s/receipt"
    )
    for level in levels:
        reads, submits = level["reads"], level["submits"]
        costs = costs_from(level)
        print(
            f"{level['web_processes']:>5} + {level['celery_workers']:<3} "
            f"{level['baseline']['per_second']:>9.1f} {reads['per_second']:>8.1f} {reads['p95_ms']:>7.0f} "
            f"{submits['per_second']:>9.1f} {submits['p95_ms']:>7.0f} {submits['receipts_per_second']:>10.2f} "
            f"{reads['errors'] + submits['errors']:>6}  "
            f"{costs.web_per_view:.4f}+{costs.database_per_view:.4f}, "
            f"{costs.web_per_submit:.4f}+{costs.database_per_submit:.4f}, {costs.worker_per_receipt:.3f}"
        )
    for name, path in (
        ("reads", ("reads", "per_second")),
        ("submits", ("submits", "per_second")),
        ("receipts", ("submits", "receipts_per_second")),
    ):
        ratio = _ratio(levels, *path)
        if ratio is not None:
            print(
                f"ratio {levels[-1]['web_processes']} / {levels[0]['web_processes']} processes, {name}: {ratio:.2f}"
            )
    print(
        f"capacity, 10,000 applicants ({plan['peak_submits_per_second']} submits/s and "
        f"{plan['peak_views_per_second']} pages/s at the peak): {plan['cores']} → {plan['total_cores']} cores"
    )


def run(argv: list[str]) -> dict[str, Any]:
    levels_wanted = [int(part) for part in _option(argv, "--levels", "1,2").split(",")]
    submits = int(_option(argv, "--submits", "150"))
    read_seconds = float(_option(argv, "--read-seconds", "20"))
    concurrency = int(_option(argv, "--concurrency", "16"))
    threads = int(_option(argv, "--threads", "4"))
    keep = "--keep-database" in argv
    database = os.environ.get("BENCH_DATABASE_NAME", "socialtech_bench") + "_scale"
    broker_db, cache_db = redis_databases()
    levels: list[dict[str, Any]] = []
    with scratch_directory() as directory, scratch_database(database, keep=keep) as url:
        environment = seeded_redis_environment(
            database_url=url, directory=directory, broker_db=broker_db, cache_db=cache_db
        )
        plan_path = directory / "plan.json"
        run_child(
            [
                "-m",
                "benchmarks._mixed",
                "prepare",
                str(submits * len(levels_wanted)),
                str(plan_path),
            ],
            environment,
            what="preparing the applicants",
        )
        plan = json.loads(plan_path.read_text())
        for number, level in enumerate(levels_wanted):
            entries = plan["applications"][number * submits : (number + 1) * submits]
            levels.append(
                measure_level(
                    environment=environment,
                    directory=directory,
                    database=database,
                    database_url=url,
                    level=level,
                    threads=threads,
                    concurrency=concurrency,
                    read_seconds=read_seconds,
                    plan=plan,
                    entries=entries,
                )
            )
    # Per-request CPU from the single-process level: one web process is one core's worth.
    plan_figures = capacity(costs_from(levels[0]))
    _print(levels, plan_figures)
    return {
        "levels": levels,
        "ratios": {
            "reads": _ratio(levels, "reads", "per_second"),
            "submits": _ratio(levels, "submits", "per_second"),
            "receipts": _ratio(levels, "submits", "receipts_per_second"),
        },
        "capacity": plan_figures,
        "load_average": os.getloadavg()[0],
        "summary": summary_rows(levels, plan_figures),
    }
