"""The tenant lock has one door, and only the modules listed here may open it.

Every tenant-owned model's default manager filters by the active tenant and raises without
one. Two things step around it: the ``unscoped`` manager and ``no_tenant_scope()``. This
test reads every Python module of the project (tests and migrations aside) and fails when
one of them opens a door without being on the list below, or when a listed module no
longer does (so the list never outlives its reason).

``Model.unscoped.none()`` reads no row (forms and API views use it as a placeholder built
when no tenant is active), so it is not a door.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_DIRECTORIES = {"tests", "migrations", ".venv", "node_modules", "build", "static"}

UNSCOPED = "unscoped manager"
NO_SCOPE = "no_tenant_scope()"

# module -> (the doors it may open, why it must read across the active tenant)
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "socialtech.accounts.api_auth": (
        frozenset({UNSCOPED}),
        "an API token is found before its programme is known; the token names the tenant",
    ),
    "socialtech.accounts.data_export": (
        frozenset({UNSCOPED, NO_SCOPE}),
        "a person's data export gathers their rows in every programme",
    ),
    "socialtech.accounts.roles": (
        frozenset({UNSCOPED}),
        "roles are read for an explicit tenant, filtered by it",
    ),
    "socialtech.accounts.services": (
        frozenset({UNSCOPED}),
        "memberships and tokens are made for an explicit tenant (operator commands)",
    ),
    "socialtech.documents.jobs": (
        frozenset({UNSCOPED}),
        "document codes are unique across every programme",
    ),
    "benchmarks._pages_child": (
        frozenset({UNSCOPED}),
        "the page benchmark picks its showcase rows in its own scratch database, naming the "
        "programme explicitly, before it signs anyone in",
    ),
    "benchmarks._mixed": (
        frozenset({UNSCOPED}),
        "the scale-out and soak benchmarks find their applicants by API token in their own "
        "scratch database, before any programme is active",
    ),
    "privacy.export.selectors": (
        frozenset({NO_SCOPE}),
        "a person's data export gathers their rows in every programme (staff's export is "
        "then filtered by their programme)",
    ),
    "privacy.erasure.services": (
        frozenset({NO_SCOPE}),
        "an erasure reaches the person's rows in every programme",
    ),
    "calls.filters": (
        frozenset({NO_SCOPE}),
        "the public call filters list countries across programmes",
    ),
    "evaluations.admin.pool": (
        frozenset({UNSCOPED}),
        "filters applications by an explicit tenant",
    ),
    "evaluations.conflicts": (
        frozenset({UNSCOPED}),
        "conflict declarations are checked across programmes",
    ),
    "evaluations.selectors": (
        frozenset({UNSCOPED}),
        "the evaluator pool is read for an explicit tenant, filtered by it",
    ),
    "grants.offers.selectors": (
        frozenset({UNSCOPED}),
        "the money awarded to an organisation is read for an explicit tenant, filtered by it "
        "(the funding source the call's eligibility rule asks)",
    ),
    "grants.duplicates.selectors": (
        frozenset({UNSCOPED}),
        "near duplicates are looked for in every programme: band hashes and signatures are "
        "read across programmes (ids and numbers, never a text) by the duplicate jobs only",
    ),
    "grants.duplicates.jobs": (
        frozenset({UNSCOPED}),
        "each programme holds its own side of a pair of near duplicates: the job writes the "
        "other programme's side as that programme's row",
    ),
    "vouchers.issuance.selectors": (
        frozenset({UNSCOPED}),
        "voucher codes are unique across every programme: a new code is checked against "
        "every programme's vouchers (whether it is taken, never a row)",
    ),
    "benchmarks._server": (
        frozenset({UNSCOPED}),
        "the benchmark server seeds tokens for several programmes at once",
    ),
}


def doors_in(source: str) -> list[tuple[int, str]]:
    """The lines of ``source`` that step around the tenant scope, and how."""
    tree = ast.parse(source)
    harmless: set[int] = set()
    for node in ast.walk(tree):
        # X.unscoped.none(): an empty queryset, no row read
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "none"
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "unscoped"
        ):
            harmless.add(id(node.func.value))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "unscoped" and id(node) not in harmless:
            found.append((node.lineno, UNSCOPED))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name == "no_tenant_scope":
                found.append((node.lineno, NO_SCOPE))
    return sorted(found)


def project_modules() -> dict[str, Path]:
    modules: dict[str, Path] = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED_DIRECTORIES or part.startswith(".") for part in relative.parts):
            continue
        parts = list(relative.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


# modules that define the doors themselves
DEFINING = {"socialtech.tenancy.models", "socialtech.tenancy.context"}


def doors_by_module() -> dict[str, dict[str, list[int]]]:
    result: dict[str, dict[str, list[int]]] = {}
    for module, path in project_modules().items():
        if module in DEFINING:
            continue
        for line, door in doors_in(path.read_text(encoding="utf-8")):
            result.setdefault(module, {}).setdefault(door, []).append(line)
    return result


def test_only_allow_listed_modules_step_around_the_tenant_scope():
    unexpected = {
        f"{module}:{line} uses the {door}"
        for module, doors in doors_by_module().items()
        for door, lines in doors.items()
        if door not in ALLOWED.get(module, (frozenset(), ""))[0]
        for line in lines
    }
    assert sorted(unexpected) == [], (
        "Query through the scoped manager (Model.objects) inside the active tenant, or add "
        "the module to ALLOWED with the reason it must read across programmes."
    )


def test_the_allow_list_names_only_modules_that_still_open_the_door():
    found = doors_by_module()
    stale = sorted(
        f"{module}: {door}"
        for module, (doors, _reason) in ALLOWED.items()
        for door in doors
        if door not in found.get(module, {})
    )
    assert stale == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Membership.unscoped.filter(user=user)", [(1, UNSCOPED)]),
        ("rows = Call.unscoped\nrows.all()", [(1, UNSCOPED)]),
        ("with no_tenant_scope():\n    pass", [(1, NO_SCOPE)]),
        ("with context.no_tenant_scope():\n    pass", [(1, NO_SCOPE)]),
        ("Call.unscoped.none()", []),
        ("Call.objects.filter(pk=1)", []),
        ("Call.unscoped.none().union(Call.unscoped.all())", [(1, UNSCOPED)]),
    ],
)
def test_the_scanner_sees_every_door(source, expected):
    assert doors_in(source) == expected


def test_a_new_module_opening_the_door_is_refused(tmp_path, monkeypatch):
    new_module = tmp_path / "organisations_extra.py"
    new_module.write_text("def rows(Organisation):\n    return Organisation.unscoped.all()\n")
    monkeypatch.setattr(
        sys.modules[__name__], "project_modules", lambda: {"organisations.extra": new_module}
    )
    with pytest.raises(AssertionError):
        test_only_allow_listed_modules_step_around_the_tenant_scope()
