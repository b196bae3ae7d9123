"""The processes under a benchmark's load: Celery workers on Redis next to gunicorn, and
what ``/proc`` says about them (resident memory, CPU seconds), the database backends too.

Shared by the scale-out and soak benchmarks (:mod:`benchmarks._mixed` holds the workload).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks._server import BASE_DIR, Server, django_environment, gunicorn, run_child

HOST = "socialtech4eu.localhost"


# --- Environment: a real broker and cache ------------------------------------------------


def redis_environment(
    *, database_url: str, directory: Path, broker_db: int, cache_db: int
) -> dict[str, str]:
    """The production shape on this machine: PostgreSQL, Redis as broker, results and cache.

    ``BENCH_REDIS_URL`` names the Redis server (default ``redis://127.0.0.1:6379``); the two
    database numbers keep this benchmark's keys apart from anything else on that server.
    """
    redis = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
    environment = django_environment(database_url=database_url, directory=directory)
    environment.update(
        {
            "CELERY_BROKER_URL": f"{redis}/{broker_db}",
            "CELERY_RESULT_BACKEND": f"{redis}/{broker_db}",
            "CACHE_URL": f"{redis}/{cache_db}",
            "EMAIL_URL": "console:",
        }
    )
    return environment


def seeded_redis_environment(
    *, database_url: str, directory: Path, broker_db: int, cache_db: int
) -> dict[str, str]:
    """:func:`redis_environment` over a migrated scratch database holding the demo, with the
    static files collected (the web processes run with ``DEBUG`` off)."""
    environment = redis_environment(
        database_url=database_url, directory=directory, broker_db=broker_db, cache_db=cache_db
    )
    run_child(["manage.py", "migrate", "--noinput"], environment, what="migrate")
    run_child(["manage.py", "seed_demo"], environment, what="seed_demo")
    run_child(["manage.py", "collectstatic", "--noinput"], environment, what="collectstatic")
    return environment


def flush_redis(environment: dict[str, str]) -> None:
    """Empty this benchmark's two Redis databases (left-over tasks would skew a run)."""
    import redis

    for key in ("CELERY_BROKER_URL", "CACHE_URL"):
        redis.Redis.from_url(environment[key]).flushdb()


@contextmanager
def celery_workers(
    environment: dict[str, str], *, count: int, directory: Path
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """``count`` Celery worker processes (one task at a time each) on the environment's broker."""
    processes = []
    try:
        for number in range(count):
            log = directory / f"worker-{number}.log"
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "socialtech",
                        "worker",
                        "--pool=solo",
                        "--concurrency=1",
                        "--without-gossip",
                        "--without-mingle",
                        "--without-heartbeat",
                        "-n",
                        f"bench{number}-{os.getpid()}@%h",
                        "--loglevel=WARNING",
                        f"--logfile={log}",
                    ],
                    cwd=BASE_DIR,
                    env=environment,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


@contextmanager
def web_and_workers(
    environment: dict[str, str], *, web: int, threads: int, workers: int, directory: Path
) -> Iterator[tuple[Server, list[subprocess.Popen[bytes]]]]:
    with ExitStack() as stack:
        server = stack.enter_context(
            gunicorn(
                environment,
                workers=web,
                threads=threads,
                host=HOST,
                log=directory / f"server-{web}.log",
            )
        )
        processes = stack.enter_context(
            celery_workers(environment, count=workers, directory=directory)
        )
        yield server, processes


# --- Memory -------------------------------------------------------------------------------


def rss_kib(pid: int) -> int:
    """Resident memory of one process in KiB (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        return 0
    return 0


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(part) for part in text.split()]


def process_tree(pid: int) -> list[int]:
    found = [pid]
    for child in children(pid):
        found.extend(process_tree(child))
    return found


def gunicorn_master(server: Server) -> int:
    """The pid of the gunicorn master serving ``server`` (the child of our Popen)."""
    port = server.base_url.rsplit(":", 1)[1]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"gunicorn" in b" ".join(command) and f"127.0.0.1:{port}".encode() in command:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            if parent == 1 or b"gunicorn" not in _cmdline(parent):
                return int(entry.name)
    raise RuntimeError("gunicorn master not found")


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def memory_snapshot(master: int, workers: list[subprocess.Popen[bytes]]) -> dict[str, int]:
    """Resident memory in KiB: the gunicorn workers (master excluded) and the Celery processes."""
    web = sum(rss_kib(pid) for pid in children(master))
    worker = sum(rss_kib(pid) for process in workers for pid in process_tree(process.pid))
    return {"web_kib": web, "worker_kib": worker}


def growth(start: int, end: int) -> float | None:
    """Relative growth from ``start`` to ``end`` (0.05 for 5 %); None without a start."""
    return (end - start) / start if start else None


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of one process (all its threads) so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    # After the command: state is field 3, utime and stime are fields 14 and 15.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_backends(database: str) -> list[int]:
    """PostgreSQL backends connected to ``database`` on this machine (by process title)."""
    marker = f" {database} ".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            title = _cmdline(int(entry.name))
            if title.startswith(b"postgres: ") and marker in title:
                found.append(int(entry.name))
    return found


@dataclass
class CpuMeter:
    """CPU seconds spent by the web workers, the Celery workers and the database backends.

    Backends are found by their process title; one that ends between two readings takes its
    CPU time with it, so the database figure is a lower bound.
    """

    master: int
    workers: list[subprocess.Popen[bytes]]
    database: str
    start: dict[str, dict[int, float]] = field(default_factory=dict)

    def _read(self) -> dict[str, dict[int, float]]:
        return {
            "web": {pid: cpu_seconds(pid) for pid in children(self.master)},
            "worker": {
                pid: cpu_seconds(pid)
                for process in self.workers
                for pid in process_tree(process.pid)
            },
            "database": {pid: cpu_seconds(pid) for pid in database_backends(self.database)},
        }

    def begin(self) -> None:
        self.start = self._read()

    def spent(self) -> dict[str, float]:
        now = self._read()
        return {
            part: round(
                sum(seconds - self.start[part].get(pid, 0.0) for pid, seconds in now[part].items()),
                3,
            )
            for part in now
        }
