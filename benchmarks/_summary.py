"""Summary rows of the benchmarks (one table for ``python -m benchmarks``).

A row is ``{"measure", "value", "unit", "baseline", "ratio", "target", "met"}``: the
absolute figure, what it is compared with in the same run, the ratio, the target in words,
and whether it was met (``None`` where there is no target).
"""

from __future__ import annotations

from typing import Any

COLUMNS = ("measure", "value", "unit", "baseline", "ratio", "target", "met")


def row(
    measure: str,
    value: float,
    unit: str,
    *,
    baseline: str = "",
    ratio: float | None = None,
    target: str = "",
    met: bool | None = None,
) -> dict[str, Any]:
    return {
        "measure": measure,
        "value": float(value),
        "unit": unit,
        "baseline": baseline,
        "ratio": None if ratio is None else float(ratio),
        "target": target,
        "met": met,
    }


def agreements_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    ratio = result["overhead_ratio"]
    return [
        row(
            f"Agreement PDF ({result['agreements']} agreements)",
            result["platform_seconds_per_agreement"],
            "s each",
            baseline="bare WeasyPrint, same HTML",
            ratio=ratio,
            target="<= 1.2",
            met=ratio <= 1.2,
        )
    ]


def exports_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    targets = result["targets"]
    rows = []
    for kind, met in (
        (
            "csv",
            targets["csv_rows_per_second_at_least_20000"]
            and targets["csv_peak_memory_below_200_mb"],
        ),
        ("xlsx", targets["xlsx_peak_memory_below_200_mb"]),
    ):
        figures = result[kind]
        rows.append(
            row(
                f"{kind.upper()} export, {result['rows']:,} rows "
                f"(+{figures['peak_rss_growth_mb']} MB)",
                figures["rows_per_second"],
                "rows/s",
                baseline="bare csv.writer (time)",
                ratio=result[f"{kind}_time_ratio_to_bare"],
                target=(">= 20,000 rows/s, " if kind == "csv" else "") + "< 200 MB",
                met=met,
            )
        )
    return rows


def deadline_rush_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    setup, rush, checks = result["setup"], result["rush"], result["checks"]
    ratio = result["throughput_ratio"]
    return [
        row(
            f"Deadline rush, {setup['applicants']} submissions",
            rush["throughput_per_second"] or 0.0,
            "req/s",
            baseline="GET /health/ same server",
            ratio=ratio,
            target=">= 0.25",
            met=ratio >= 0.25,
        ),
        row("Deadline rush p95", rush["p95_ms"], "ms"),
        row(
            "Deadline rush: lost, receipts unique and consecutive",
            checks["lost"],
            "lost",
            target="0 lost, unique, consecutive",
            met=checks["lost"] == 0
            and bool(checks["receipts_unique"])
            and bool(checks["receipts_consecutive"]),
        ),
    ]


def assignment_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for figures in result["sizes"]:
        label = f"{figures['applications']:,} × {figures['evaluators']:,}"
        checks = [check for check in result["targets"] if check["target"].startswith(label)]
        statuses = {check["status"] for check in checks} - {"n/a"}
        rows.append(
            row(
                f"Assignment {label}",
                figures["ours_seconds"],
                "s",
                baseline="SciPy LP, same problem",
                ratio=None if figures["speedup"] is None else 1 / figures["speedup"],
                target="; ".join(check["target"].removeprefix(label).strip() for check in checks),
                met=None if not statuses else statuses == {"PASS"},
            )
        )
    return rows


def table(rows_by_benchmark: dict[str, list[dict[str, Any]]]) -> str:
    """The rows of every benchmark as one plain-text table."""
    header = ("benchmark", "measure", "value", "unit", "ratio", "baseline", "target", "met")
    lines = [header]
    for name, rows in rows_by_benchmark.items():
        for item in rows:
            ratio = item["ratio"]
            lines.append(
                (
                    name,
                    item["measure"],
                    f"{item['value']:,.4g}" if item["value"] < 10 else f"{item['value']:,.1f}",
                    item["unit"],
                    "" if ratio is None else f"{ratio:.3g}",
                    item["baseline"],
                    item["target"],
                    {True: "yes", False: "NO", None: "–"}[item["met"]],
                )
            )
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in lines
    )
