"""Every background task of the project is a thin wrapper: ids in, one call of one job.

The work (claiming, querying, looping, building e-mails) lives in a ``jobs`` module, which
a way in may also call in place; the task only carries the ids across the queue.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.apps import apps

from socialtech.celery import app as celery_app


def _project_packages() -> set[str]:
    return {config.name.split(".")[0] for config in apps.get_app_configs()} - {"django"}


def _project_tasks() -> dict[str, Any]:
    """Every task the worker registers from the project's apps (autodiscovered)."""
    for config in apps.get_app_configs():
        try:
            importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tasks":
                raise
    celery_app.loader.import_default_modules()
    packages = _project_packages() - {"tests"}
    found = {}
    for name, task in celery_app.tasks.items():
        module = getattr(task.run, "__module__", "") or ""
        if module.split(".")[0] in packages:
            found[name] = task
    return found


def thin_task_problems(function: Callable[..., Any], module: ModuleType) -> list[str]:
    """Why ``function`` (a task's body, defined in ``module``) is not one call of one job.

    Allowed: a docstring, then one statement, ``return job(...)`` or ``job(...)``, where
    ``job`` is a function of a ``jobs`` module and every argument is one of the task's own
    parameters passed on unchanged.
    """
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    definition = tree.body[0]
    if not isinstance(definition, ast.FunctionDef):
        return ["not a plain function"]
    body = list(definition.body)
    if (
        body
        and isinstance(body[0], ast.Expr)
        and isinstance(body[0].value, ast.Constant)
        and isinstance(body[0].value.value, str)
    ):
        body = body[1:]
    if len(body) != 1:
        return [f"{len(body)} statements after the docstring, not one"]
    statement = body[0]
    call = statement.value if isinstance(statement, (ast.Return, ast.Expr)) else None
    if not isinstance(call, ast.Call):
        return ["the statement is not a call (or the return of one)"]
    problems = []
    if not isinstance(call.func, ast.Name):
        problems.append("the call is not of a plain name imported from a jobs module")
    else:
        target = getattr(module, call.func.id, None)
        target_module = getattr(target, "__module__", "") or ""
        if not callable(target) or target_module.rsplit(".", 1)[-1] != "jobs":
            problems.append(f"{call.func.id} is not a function of a jobs module")
    parameters = {
        argument.arg
        for argument in (
            *definition.args.posonlyargs,
            *definition.args.args,
            *definition.args.kwonlyargs,
        )
    }
    values = [*call.args, *(keyword.value for keyword in call.keywords)]
    if any(keyword.arg is None for keyword in call.keywords) or any(
        isinstance(value, ast.Starred) for value in call.args
    ):
        problems.append("arguments are unpacked, not named")
    for value in values:
        if not (isinstance(value, ast.Name) and value.id in parameters):
            problems.append(f"argument {ast.unparse(value)} is not one of the task's parameters")
    return problems


TASKS = _project_tasks()


def test_the_project_registers_its_tasks():
    # The walk below must see the tasks; an empty registry would pass it vacuously.
    assert {"applications.send_receipt", "calls.sync_statuses", "tenancy.fan_out"} <= set(TASKS)
    assert {"evaluations.assign_evaluators", "grants.expire_offers"} <= set(TASKS)


@pytest.mark.parametrize("name", sorted(TASKS))
def test_a_task_is_one_call_of_one_job(name):
    function = TASKS[name].run
    module = importlib.import_module(function.__module__)
    assert thin_task_problems(function, module) == []


# --- the check itself --------------------------------------------------------------------------


def _job(*, thing_id: int) -> int:
    return thing_id


_job.__module__ = "example.jobs"


def _thin(*, thing_id: int, tenant_id: int | None = None) -> int:
    """A docstring is allowed."""
    return thing_send(thing_id=thing_id)  # type: ignore[name-defined]  # noqa: F821


def _fat(*, thing_id: int, tenant_id: int | None = None) -> int:
    rows = [thing_id]
    return thing_send(thing_id=rows[0])  # type: ignore[name-defined]  # noqa: F821


def _loops(*, thing_id: int, tenant_id: int | None = None) -> int:
    for _ in range(2):
        thing_send(thing_id=thing_id)  # type: ignore[name-defined]  # noqa: F821
    return 0


def _computes(*, thing_id: int, tenant_id: int | None = None) -> int:
    return thing_send(thing_id=thing_id + 1)  # type: ignore[name-defined]  # noqa: F821


def _not_a_job(*, thing_id: int, tenant_id: int | None = None) -> int:
    return len([thing_id])


def _module_with_job() -> ModuleType:
    module = ModuleType("example.tasks")
    module.thing_send = _job  # type: ignore[attr-defined]
    return module


def test_the_check_passes_a_thin_task():
    assert thin_task_problems(_thin, _module_with_job()) == []


@pytest.mark.parametrize("fat", [_fat, _loops, _computes, _not_a_job])
def test_the_check_fails_a_task_doing_work_itself(fat):
    assert thin_task_problems(fat, _module_with_job()) != []


def test_the_check_fails_a_call_of_a_service():
    module = ModuleType("example.tasks")

    def thing_send(*, thing_id: int) -> int:
        return thing_id

    thing_send.__module__ = "example.services"
    module.thing_send = thing_send  # type: ignore[attr-defined]
    assert thin_task_problems(_thin, module) == ["thing_send is not a function of a jobs module"]


def _by_name_enqueues() -> list[tuple[str, str]]:
    """(calling module, task name) of every ``enqueue_on_commit_by_name("…")`` in the apps."""
    found = []
    root = Path(__file__).resolve().parent.parent
    for package in sorted(_project_packages() - {"tests"}):
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            module = ".".join(path.relative_to(root).with_suffix("").parts)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "enqueue_on_commit_by_name"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                ):
                    found.append((module, str(node.args[0].value)))
    return found


def test_a_task_is_enqueued_by_name_only_from_an_app_below_its_own():
    enqueues = _by_name_enqueues()
    assert ("calls.amendments.services", "applications.notify_amendment") in enqueues
    for caller, name in enqueues:
        task_app = TASKS[name].run.__module__.split(".")[0]
        assert task_app != caller.split(".")[0], f"{caller} names {name}: import the task"
