"""Soak: the mixed workload for half an hour; errors and the memory of web and worker processes.

What runs (``python -m benchmarks soak``, ``--minutes=30`` by default):

1. a scratch PostgreSQL database (``<BENCH_DATABASE_NAME>_soak``) with the demo and enough
   applicants with complete drafts for ``--submits-per-minute`` submissions all along;
2. gunicorn (2 workers × 4 threads, ``DEBUG`` off) and one Celery worker on Redis
   (``BENCH_REDIS_URL``, databases ``BENCH_REDIS_DBS``, default ``14,15``);
3. ``--concurrency`` clients (default 8), each pausing ``--think`` seconds (default 0.1)
   between requests, send for ``--minutes``: public pages (home, call list, call page),
   applicants' *My applications* and drafts, draft saves through the API (each with the
   version the last save returned), a submission every ``60 / submits-per-minute`` seconds
   (the receipt goes to the Celery worker: PDF, stored, e-mailed), the staff application
   list and the API lists;
4. the resident memory (``VmRSS``) of the gunicorn workers and of the Celery worker, once
   the first tenth of the run (at least 30 s) has warmed them up and then every minute to
   the end; every receipt must have been e-mailed by then.

Targets: no errors; memory at the end within 10 % of the warmed-up start for web and
worker alike. ``--minutes`` accepts fractions (``--minutes=0.5`` for a quick check).
"""

from __future__ import annotations

import json
import math
import os
import threading
import time
from itertools import count
from typing import Any

from benchmarks._mixed import (
    Call,
    Tally,
    cycle,
    percentile,
    read_calls,
    receipts_emailed,
    run_for,
    save_call,
    submit_calls,
)
from benchmarks._processes import (
    flush_redis,
    growth,
    gunicorn_master,
    memory_snapshot,
    seeded_redis_environment,
    web_and_workers,
)
from benchmarks._server import run_child, scratch_database, scratch_directory
from benchmarks.scale_out import redis_databases

MEMORY_GROWTH_TARGET = 0.10
SAVE_WINDOW = 40  # drafts saved round-robin, ahead of the next one to be submitted


def _option(argv: list[str], name: str, default: str) -> str:
    for argument in argv:
        if argument.startswith(f"{name}="):
            return argument.split("=", 1)[1]
    return default


class Mix:
    """Picks the next request: a submission when one is due, else reads and saves 3 : 1."""

    def __init__(self, plan: dict[str, Any], *, submit_every: float) -> None:
        self.reads = cycle(read_calls(plan), seed=7)
        self.drafts = plan["applications"]
        self.submits = submit_calls(self.drafts)
        self.field = plan["save_field"]
        self.submit_every = submit_every
        self.next_submit_at = time.monotonic() + submit_every
        self.submitted = 0
        self.ticks = count()
        self.saves = count()

    def __call__(self) -> Call:
        now = time.monotonic()
        if now >= self.next_submit_at and self.submitted < len(self.submits):
            self.next_submit_at += self.submit_every
            call = self.submits[self.submitted]
            self.submitted += 1
            return call
        if next(self.ticks) % 4 == 3:
            # Drafts well ahead of the next submission, so a save never meets a submitted one.
            start = self.submitted + SAVE_WINDOW
            window = self.drafts[start : start + SAVE_WINDOW]
            if window:
                return save_call(window[next(self.saves) % len(window)], self.field)
        return self.reads()


def growth_rows(memory: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for part, label in (("web", "gunicorn workers"), ("worker", "Celery worker")):
        start, end = memory["start"][f"{part}_kib"], memory["end"][f"{part}_kib"]
        change = growth(start, end)
        rows.append(
            {
                "measure": f"soak: memory of the {label} at the end",
                "value": round(end / 1024, 1),
                "unit": "MiB",
                "baseline": "the same after warm-up",
                "ratio": None if change is None else round(end / start, 3),
                "target": f"growth <= {MEMORY_GROWTH_TARGET:.0%}",
                "met": None if change is None else change <= MEMORY_GROWTH_TARGET,
            }
        )
    return rows


def run(argv: list[str]) -> dict[str, Any]:
    minutes = float(_option(argv, "--minutes", "30"))
    concurrency = int(_option(argv, "--concurrency", "8"))
    think = float(_option(argv, "--think", "0.1"))
    per_minute = float(_option(argv, "--submits-per-minute", "20"))
    keep = "--keep-database" in argv
    seconds = minutes * 60
    warm_up = max(30.0, seconds / 10)
    applicants = math.ceil(minutes * per_minute) + SAVE_WINDOW * 2 + 5
    database = os.environ.get("BENCH_DATABASE_NAME", "socialtech_bench") + "_soak"
    broker_db, cache_db = redis_databases()
    samples: list[dict[str, Any]] = []
    with scratch_directory() as directory, scratch_database(database, keep=keep) as url:
        environment = seeded_redis_environment(
            database_url=url, directory=directory, broker_db=broker_db, cache_db=cache_db
        )
        plan_path = directory / "plan.json"
        run_child(
            ["-m", "benchmarks._mixed", "prepare", str(applicants), str(plan_path)],
            environment,
            what="preparing the applicants",
        )
        plan = json.loads(plan_path.read_text())
        flush_redis(environment)
        with web_and_workers(environment, web=2, threads=4, workers=1, directory=directory) as (
            server,
            workers,
        ):
            master = gunicorn_master(server)
            before = receipts_emailed(url)
            tally = Tally()
            mix = Mix(plan, submit_every=60 / per_minute)
            stop = threading.Event()
            began = time.monotonic()

            def sample() -> None:
                moments = [warm_up + 60 * n for n in range(int(seconds // 60) + 1)]
                for moment in moments:
                    if moment >= seconds or stop.wait(max(0.0, began + moment - time.monotonic())):
                        return
                    samples.append(
                        {
                            "second": round(time.monotonic() - began),
                            **memory_snapshot(master, workers),
                        }
                    )

            sampler = threading.Thread(target=sample)
            sampler.start()
            wall = run_for(
                server.base_url,
                mix,
                concurrency=concurrency,
                seconds=seconds,
                tally=tally,
                think=think,
            )
            stop.set()
            sampler.join()
            submitted = mix.submitted
            deadline = time.monotonic() + 300
            emailed = receipts_emailed(url) - before
            while emailed < submitted and time.monotonic() < deadline:
                time.sleep(1)
                emailed = receipts_emailed(url) - before
            end = {"second": round(time.monotonic() - began), **memory_snapshot(master, workers)}
    start = samples[0] if samples else end
    memory = {"start": start, "end": end, "samples": [*samples, end]}
    latencies = [value for values in tally.latencies.values() for value in values]
    errors = sum(tally.errors.values())
    figures = {
        "minutes": minutes,
        "requests": len(latencies),
        "per_second": round(len(latencies) / wall, 1) if wall else 0.0,
        "errors": errors,
        "statuses": dict(tally.statuses),
        "by_kind": {
            kind: {"requests": len(values), "p95_ms": round(percentile(values, 0.95) * 1000, 1)}
            for kind, values in tally.latencies.items()
        },
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "submitted": submitted,
        "receipts_emailed": emailed,
        "memory": memory,
        "web_growth": growth(start["web_kib"], end["web_kib"]),
        "worker_growth": growth(start["worker_kib"], end["worker_kib"]),
        "warm_up_seconds": warm_up,
        "load_average": os.getloadavg()[0],
    }
    _print(figures)
    rows = growth_rows(memory)
    rows.append(
        {
            "measure": f"soak: errors in {minutes:g} min ({len(latencies):,} requests)",
            "value": float(errors + (submitted - emailed)),
            "unit": "errors",
            "baseline": "every request and receipt",
            "ratio": None,
            "target": "0",
            "met": errors == 0 and emailed == submitted,
        }
    )
    figures["summary"] = rows
    return figures


def _print(figures: dict[str, Any]) -> None:
    memory = figures["memory"]
    print(
        f"{figures['minutes']:g} min, {figures['requests']:,} requests ({figures['per_second']}/s), "
        f"errors {figures['errors']}, p95 {figures['p95_ms']} ms; submitted {figures['submitted']}, "
        f"receipts e-mailed {figures['receipts_emailed']}; load average {figures['load_average']:.2f}"
    )
    for kind, numbers in sorted(figures["by_kind"].items()):
        print(f"  {kind:10} {numbers['requests']:>7,} requests, p95 {numbers['p95_ms']} ms")
    print(f"{'second':>7} {'web MiB':>8} {'worker MiB':>10}")
    for sample in memory["samples"]:
        print(
            f"{sample['second']:>7} {sample['web_kib'] / 1024:>8.1f} {sample['worker_kib'] / 1024:>10.1f}"
        )
    for part in ("web", "worker"):
        change = figures[f"{part}_growth"]
        verdict = (
            "n/a" if change is None else ("PASS" if change <= MEMORY_GROWTH_TARGET else "FAIL")
        )
        shown = "–" if change is None else f"{change:+.1%}"
        print(f"{verdict:>5}  {part} memory growth after warm-up: {shown} (target <= 10 %)")
    if figures["errors"]:
        print(f"  answers: {figures['statuses']}")
