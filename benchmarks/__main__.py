"""Run the benchmarks: ``python -m benchmarks [name ...] [--quick] [--option=value ...]``.

Each benchmark module defines ``run(argv: list[str]) -> dict`` and prints its own figures;
its result holds ``"summary"``, rows of the one table printed at the end (see
:mod:`benchmarks._summary`). Timings are never compared with fixed numbers: every figure is
a ratio to a baseline measured in the same run on the same machine.

``--quick`` makes every benchmark short (a smoke run); the results go to
``benchmarks/results/latest.json`` (or ``BENCH_OUT``).
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

from benchmarks._summary import table

# What --quick means for the benchmarks whose own options say it differently.
QUICK = {
    "assignment": ["--sizes=200x40", "--repeats=1"],
    "deadline_rush": ["--applicants=40"],
}
DEFAULT_OUT = Path(__file__).resolve().parent / "results" / "latest.json"


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtech.settings")
    os.environ.setdefault("DEBUG", "1")
    package_dir = Path(__file__).parent
    available = sorted(
        module.name
        for module in pkgutil.iter_modules([str(package_dir)])
        if not module.name.startswith("_")
    )
    wanted = [name for name in argv if not name.startswith("-")] or available
    unknown = sorted(set(wanted) - set(available))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}")
        return 2
    options = [arg for arg in argv if arg.startswith("-")]
    quick = "--quick" in options
    results = {}
    started = time.perf_counter()
    for name in wanted:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}")
        results[name] = module.run(options + (QUICK.get(name, []) if quick else []))
    summary = {name: result.get("summary", []) for name, result in results.items()}
    print("\n== summary")
    print(table(summary))
    out = Path(os.environ.get("BENCH_OUT", DEFAULT_OUT))
    out.parent.mkdir(parents=True, exist_ok=True)
    # Each benchmark's result under its name (as before), with the run and the table.
    document = {
        **results,
        "run": {
            "command": "python -m benchmarks " + " ".join(argv),
            "made_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "seconds": round(time.perf_counter() - started, 1),
        },
        "summary_table": summary,
    }
    out.write_text(json.dumps(document, indent=2, default=str))
    print(f"results written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
