"""Run the benchmarks: ``python -m benchmarks [name ...]``.

Each benchmark module defines ``run(argv: list[str]) -> dict`` and prints its own figures.
Timings are never compared with fixed numbers: every figure is a ratio to a baseline
measured in the same run on the same machine.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import sys
from pathlib import Path


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
    results = {}
    for name in wanted:
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"== {name}")
        results[name] = module.run(options)
    out = Path(os.environ.get("BENCH_OUT", "var/bench-results.json"))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(f"results written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
