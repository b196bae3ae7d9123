"""Dependencies are chosen, not collected: every runtime dependency is used by the code.

A package only named in the settings (an installed app or a middleware nobody's pages
rely on) does not count as used: some module must import it, unless
it is one of the few that work by being named (a server command, a driver loaded from a
URL, an app that only serves files or tables), each listed below with the reason.
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIPPED_FOLDERS = {".venv", "tests", "migrations", "var", "node_modules", "build"}

# Used by being named, not imported; the reason is the proof that it is needed.
USED_BY_NAME = {
    "redis": "the Redis client that Celery's broker and Django's cache load from their URLs",
    "gunicorn": "the production web server the Dockerfile and the benchmarks start",
    "drf-spectacular-sidecar": "serves the API documentation's scripts from static files",
    "django-celery-beat": "the schedule tables the worker reads (install_schedules)",
    "openpyxl": "the XLSX funding-report exports",
    "django-storages": "the S3 file storage the settings select when AWS_STORAGE_BUCKET_NAME is set",
    "whitenoise": "the middleware that serves the collected static files",
}


def requirement_name(requirement: str) -> str:
    return re.split(r"[\[<>=!~ ;]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def top_level_modules() -> dict[str, set[str]]:
    modules: dict[str, set[str]] = {}
    for module, distributions in importlib.metadata.packages_distributions().items():
        for distribution in distributions:
            modules.setdefault(requirement_name(distribution), set()).add(module)
    return modules


def project_code() -> str:
    texts = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if SKIPPED_FOLDERS & set(relative.parts):
            continue
        texts.append(path.read_text(encoding="utf-8", errors="ignore"))
    return "\n".join(texts)


def test_every_runtime_dependency_is_imported_by_the_code_or_named_with_its_reason():
    with (ROOT / "pyproject.toml").open("rb") as handle:
        requirements = tomllib.load(handle)["project"]["dependencies"]
    modules = top_level_modules()
    code = project_code()

    def imported(module: str) -> bool:
        return re.search(rf"^\s*(import|from)\s+{re.escape(module)}\b", code, re.M) is not None

    unused = [
        name
        for name in map(requirement_name, requirements)
        if name not in USED_BY_NAME and not any(imported(m) for m in modules.get(name, ()))
    ]
    assert unused == []


def test_the_named_exceptions_are_still_dependencies():
    with (ROOT / "pyproject.toml").open("rb") as handle:
        requirements = tomllib.load(handle)["project"]["dependencies"]
    assert set(USED_BY_NAME) <= set(map(requirement_name, requirements))
