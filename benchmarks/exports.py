"""Funding report exports: the engine's CSV and XLSX against a bare ``csv.writer``, in one run.

What runs (``python -m benchmarks exports``):

1. a scratch SQLite database in a temporary directory, migrated, then seeded with
   ``bulk_create``: one programme, one call, 500 organisations in six countries and N
   applications (default 100,000), each with its award (signed, EUR 10,000 to 60,000) and
   submitted answers holding a title, a 60-word public summary and a start date;
2. three exports of the recipient report (all N awards), each in a fresh child process so
   its memory is its own:
   - ``bare``: the report's query (the same ``values()`` with the same annotations, read
     with ``.iterator(chunk_size=2000)``) written by ``csv.writer`` as it comes, the floor;
   - ``csv``: ``reports.exports.writers.csv_response`` (labels, SME status, zoned dates,
     formula neutralising, UTF-8 with BOM), its streamed content written to a file;
   - ``xlsx``: ``reports.exports.writers.xlsx_write`` (write-only workbook, typed cells)
     to a file.

Reported per export: rows, seconds, rows per second, the file's size, and peak memory as
the growth of the child's maximum resident set size (``resource.getrusage(RUSAGE_SELF)
.ru_maxrss``) from just before the export (Django set up, the report built, its first
query not run) to its end; the ratio of each export's time to the bare one. Targets (issue
13, reported, not asserted): peak memory growth below 200 MB for both, CSV at least 20,000
rows per second.

Options (``--name=value``; ``benchmarks/__main__`` takes words without a dash as names):
  --rows=N     applications (default 100000)
  --quick      5,000 rows, a smoke test
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks._summary import exports_rows

DEFAULT_ROWS = 100_000
QUICK_ROWS = 5_000
ORGANISATIONS = 500
BATCH = 5_000
KINDS = ("bare", "csv", "xlsx")
TARGET_MEMORY_MB = 200
TARGET_CSV_ROWS_PER_SECOND = 20_000
COUNTRIES = ("IT", "RO", "SE", "DE", "ES", "BE")
WORDS = [
    "cooperative",
    "care",
    "digital",
    "rural",
    "elders",
    "inclusion",
    "training",
    "platform",
    "energy",
    "community",
    "circular",
    "repair",
    "mobility",
    "youth",
    "jobs",
    "skills",
    "housing",
    "food",
    "network",
    "local",
    "market",
]


def _option(argv: list[str], name: str, default: str) -> str:
    for argument in argv:
        if argument.startswith(f"--{name}="):
            return argument.split("=", 1)[1]
    return default


# --- In the child processes ----------------------------------------------------------------------


def _setup() -> None:
    import django

    django.setup()


def _seed(rows: int) -> dict[str, Any]:
    from datetime import UTC, datetime, timedelta
    from decimal import Decimal

    from django.core.management import call_command

    from applications.models import Application
    from calls.models import Call
    from grants.models import Award
    from organisations.models import Organisation
    from socialtech.accounts.models import User
    from socialtech.tenancy.context import tenant_context
    from socialtech.tenancy.models import Tenant

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    tenant = Tenant.objects.create(name="Benchmark programme", slug="bench", receipt_prefix="BENCH")
    user = User.objects.create(email="bench@example.org", full_name="Bench Applicant")
    organisations = Organisation.objects.bulk_create(
        Organisation(
            legal_name=f"Cooperativa Sociale {number:03d}",
            country=COUNTRIES[number % len(COUNTRIES)],
            legal_form="social_cooperative" if number % 3 else "association",
            social_economy_type="wise" if number % 2 else "social_enterprise",
            registration_number=f"REG-{100000 + number}",
            vat_number=f"IT{number:011d}",
            founding_year=1990 + number % 30,
            staff_headcount=5 + number % 300,
            turnover_band="up_to_2m",
            balance_sheet_band="up_to_2m",
            address_line1="Via Roma 1",
            city="Milano",
            legal_representative_name="Giulia Bianchi",
            legal_representative_role="Presidente",
        )
        for number in range(ORGANISATIONS)
    )
    now = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)
    with tenant_context(tenant):
        call = Call.objects.create(
            tenant=tenant,
            slug="bench-call",
            reference="OC1",
            title={"en": "Benchmark call"},
            opens_at=now - timedelta(days=120),
            deadline=now - timedelta(days=60),
            budget=Decimal(rows) * 60000,
            max_award_per_applicant=Decimal("60000"),
            status="results",
        )
        for start in range(0, rows, BATCH):
            numbers = range(start, min(start + BATCH, rows))
            applications = Application.objects.bulk_create(
                Application(
                    tenant=tenant,
                    call=call,
                    organisation=organisations[number % ORGANISATIONS],
                    created_by=user,
                    status="accepted",
                    published_outcome="main_list",
                    title=f"Project {number}: {' '.join(WORDS[number % 7 : number % 7 + 5])}",
                    requested_amount=Decimal(10000 + number % 50000),
                    submitted_at=now - timedelta(days=61, seconds=number),
                    receipt_number=f"BENCH-OC1-{number + 1:06d}",
                    submitted_answers={
                        "project_summary": " ".join(
                            WORDS[(number + offset) % len(WORDS)] for offset in range(60)
                        ),
                        "start_date": "2027-01-15",
                    },
                )
                for number in numbers
            )
            Award.objects.bulk_create(
                Award(
                    tenant=tenant,
                    application=application,
                    organisation_id=application.organisation_id,
                    call=call,
                    amount=application.requested_amount,
                    amount_requested=application.requested_amount,
                    status="signed",
                    offered_at=now - timedelta(days=30),
                    acceptance_deadline=now - timedelta(days=16),
                    decided_at=now - timedelta(days=20, seconds=index),
                )
                for index, application in enumerate(applications)
            )
    return {
        "migrate_seconds": round(migrated - started, 2),
        "seed_seconds": round(time.perf_counter() - migrated, 2),
    }


def _max_rss_mb() -> float:
    import resource

    # Linux reports kilobytes (macOS bytes; the benchmark is run on Linux).
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _measure(kind: str, output: Path) -> dict[str, Any]:
    import csv

    from reports.exports.selectors import (
        RECIPIENT_FIELDS,
        RecipientColumns,
        awards_for_report,
        filters_from_params,
        recipient_report,
    )
    from reports.exports.writers import csv_response, xlsx_write
    from socialtech.tenancy.context import tenant_context
    from socialtech.tenancy.models import Tenant

    tenant = Tenant.objects.get(slug="bench")
    with tenant_context(tenant):
        filters = filters_from_params({})
        report = recipient_report(filters, language="en")
        before = _max_rss_mb()
        started = time.perf_counter()
        if kind == "bare":
            # The same query the report runs: its values, its annotations, its order.
            queryset = RecipientColumns().annotate(awards_for_report(filters))
            annotations = tuple(queryset.query.annotations)
            rows = 0
            with output.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                for values in (
                    queryset.order_by("call__reference", "organisation__legal_name", "pk")
                    .values_list(*RECIPIENT_FIELDS, *annotations)
                    .iterator(chunk_size=2000)
                ):
                    writer.writerow(values)
                    rows += 1
        elif kind == "csv":
            rows = 0
            with output.open("wb") as handle:
                for block in csv_response(report, filename="bench.csv").streaming_content:
                    handle.write(block)  # type: ignore[arg-type]
                    rows += block.count(b"\n")  # type: ignore[union-attr]
            rows -= 1  # the heading
        else:
            with output.open("wb") as handle:
                rows = xlsx_write([report], handle)
        seconds = time.perf_counter() - started
        after = _max_rss_mb()
    return {
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds) if seconds else 0,
        "file_mb": round(output.stat().st_size / 1024 / 1024, 2),
        "peak_rss_growth_mb": round(after - before, 1),
        "peak_rss_mb": round(after, 1),
    }


def child(argv: list[str]) -> int:
    _setup()
    step = _option(argv, "child", "")
    if step == "prepare":
        result = _seed(int(_option(argv, "rows", str(DEFAULT_ROWS))))
    else:
        result = _measure(step, Path(_option(argv, "output", "")))
    print(json.dumps(result))
    return 0


# --- The run ----------------------------------------------------------------------------------


def run(argv: list[str]) -> dict[str, Any]:
    from benchmarks._server import django_environment, run_child, scratch_directory

    rows = QUICK_ROWS if "--quick" in argv else int(_option(argv, "rows", str(DEFAULT_ROWS)))
    with scratch_directory() as directory:
        environment = django_environment(
            database_url=f"sqlite:///{directory / 'bench.sqlite3'}", directory=directory
        )
        environment["ALLOWED_HOSTS"] = "localhost"

        def step(*arguments: str, what: str) -> dict[str, Any]:
            output = run_child(["-m", "benchmarks.exports", *arguments], environment, what=what)
            return dict(json.loads(output.strip().splitlines()[-1]))

        prepared = step("--child=prepare", f"--rows={rows}", what="seeding")
        print(f"  seeded {rows} applications and awards in {prepared['seed_seconds']} s")
        measured = {
            kind: step(
                f"--child={kind}",
                f"--output={directory / f'report.{kind}'}",
                what=f"the {kind} export",
            )
            for kind in KINDS
        }
    bare = measured["bare"]["seconds"] or 1e-9
    result: dict[str, Any] = {"rows": rows, **prepared, **measured}
    result["csv_time_ratio_to_bare"] = round(measured["csv"]["seconds"] / bare, 2)
    result["xlsx_time_ratio_to_bare"] = round(measured["xlsx"]["seconds"] / bare, 2)
    result["memory_measure"] = "growth of the child's max RSS (getrusage) during the export"
    result["targets"] = {
        "csv_rows_per_second_at_least_20000": measured["csv"]["rows_per_second"]
        >= TARGET_CSV_ROWS_PER_SECOND,
        "csv_peak_memory_below_200_mb": measured["csv"]["peak_rss_growth_mb"] < TARGET_MEMORY_MB,
        "xlsx_peak_memory_below_200_mb": measured["xlsx"]["peak_rss_growth_mb"] < TARGET_MEMORY_MB,
    }
    for kind in KINDS:
        figures = measured[kind]
        print(
            f"  {kind:5} {figures['rows']} rows in {figures['seconds']} s = "
            f"{figures['rows_per_second']} rows/s, {figures['file_mb']} MB, "
            f"peak RSS +{figures['peak_rss_growth_mb']} MB (process {figures['peak_rss_mb']} MB)"
        )
    print(
        f"  time ratio to bare csv.writer: csv {result['csv_time_ratio_to_bare']}, "
        f"xlsx {result['xlsx_time_ratio_to_bare']}"
    )
    for name, met in result["targets"].items():
        print(f"  {'PASS' if met else 'FAIL'} {name}")
    result["summary"] = exports_rows(result)
    return result


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtech.settings")
    sys.exit(child(sys.argv[1:]))
