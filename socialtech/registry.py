"""Extension points that let the platform core call into apps without importing them.

Apps register in their ``AppConfig.ready()``:

- demo seeders, run in order by ``seed_demo``;
- periodic tasks, installed by ``install_schedules``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class DemoSeeder:
    name: str
    order: int
    seed: Callable[..., Any]


@dataclass(frozen=True)
class Schedule:
    """A periodic task: ``every`` seconds, or a crontab dict (minute, hour, ...).

    With ``per_tenant`` the schedule runs ``tenancy.fan_out``, which queues ``task`` once
    for each active tenant with its ``tenant_id``.
    """

    name: str
    task: str
    every: int | None = None
    crontab: dict[str, str] = field(default_factory=dict)
    description: str = ""
    per_tenant: bool = True


_demo_seeders: dict[str, DemoSeeder] = {}
_schedules: dict[str, Schedule] = {}


def register_demo_seeder(name: str, seed: Callable[..., Any], *, order: int) -> None:
    _demo_seeders[name] = DemoSeeder(name=name, order=order, seed=seed)


def demo_seeders() -> list[DemoSeeder]:
    return sorted(_demo_seeders.values(), key=lambda seeder: (seeder.order, seeder.name))


def register_schedule(schedule: Schedule) -> None:
    if bool(schedule.every) == bool(schedule.crontab):
        raise ValueError(f"Schedule {schedule.name}: give either every= or crontab=")
    _schedules[schedule.name] = schedule


def schedules() -> list[Schedule]:
    return sorted(_schedules.values(), key=lambda schedule: schedule.name)


# --- Funding already received -----------------------------------------------------------------
# Apps that pay money (grants, vouchers) register a function returning what an organisation
# has received in a tenant; eligibility and the cap per recipient add them up.
_funding_sources: dict[str, Callable[..., Any]] = {}


def register_funding_source(name: str, amount: Callable[..., Any]) -> None:
    _funding_sources[name] = amount


def funding_received(*, tenant: Any, organisation: Any) -> Any:
    from decimal import Decimal

    return sum(
        (source(tenant=tenant, organisation=organisation) for source in _funding_sources.values()),
        Decimal("0.00"),
    )
