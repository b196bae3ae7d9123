"""Extension points that let the platform core call into apps without importing them.

Apps register in their ``AppConfig.ready()`` their periodic tasks, installed by
``install_schedules``, and the funding they have paid out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


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


_schedules: dict[str, Schedule] = {}


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
