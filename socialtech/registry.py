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
# A source may also answer for many organisations at once (``amounts(tenant=, organisations=)``
# returning ``{organisation id: amount}``), so a page listing organisations asks it once.
_funding_sources_many: dict[str, Callable[..., Any]] = {}


def register_funding_source(
    name: str, amount: Callable[..., Any], *, amounts: Callable[..., Any] | None = None
) -> None:
    _funding_sources[name] = amount
    if amounts is not None:
        _funding_sources_many[name] = amounts
    else:
        _funding_sources_many.pop(name, None)


def funding_received(*, tenant: Any, organisation: Any) -> Any:
    from decimal import Decimal

    return sum(
        (source(tenant=tenant, organisation=organisation) for source in _funding_sources.values()),
        Decimal("0.00"),
    )


def funding_received_by_organisation(*, tenant: Any, organisations: Any) -> dict[int, Any]:
    """:func:`funding_received` for each of ``organisations``, by organisation id.

    A source registered with ``amounts=`` is asked once for all of them; any other source
    once per organisation.
    """
    from decimal import Decimal

    organisations = list(organisations)
    totals = {organisation.pk: Decimal("0.00") for organisation in organisations}
    for name, source in _funding_sources.items():
        many = _funding_sources_many.get(name)
        if many is not None:
            amounts = many(tenant=tenant, organisations=organisations)
            for pk in totals:
                totals[pk] += amounts.get(pk, Decimal("0.00"))
        else:
            for organisation in organisations:
                totals[organisation.pk] += source(tenant=tenant, organisation=organisation)
    return totals


# --- What follows an application ---------------------------------------------------------------
# An app that takes an application further (grants: the award, its agreement and tranches)
# registers what the applicant's API shows of it under ``name``: ``read(application)`` gives
# the section or None, and ``load(queryset)`` adds to the applications' query what ``read``
# needs, so a list of applications costs the same queries however long it is.


@dataclass(frozen=True)
class ApplicationSection:
    name: str
    read: Callable[[Any], Any]
    load: Callable[[Any], Any] = field(default=lambda queryset: queryset)


_application_sections: dict[str, ApplicationSection] = {}


def register_application_section(section: ApplicationSection) -> None:
    _application_sections[section.name] = section


def application_section(name: str) -> ApplicationSection | None:
    return _application_sections.get(name)


def application_sections() -> list[ApplicationSection]:
    return list(_application_sections.values())


# --- Checks before an offer ---------------------------------------------------------------------
# An app that follows the money of a call (reports: the programme budget) registers a check
# that the grants' make-offer page runs before an offer is made: ``check(call, amount)``
# returns the warnings (whole sentences, already translated) staff read before confirming.
# A warning does not refuse the offer.
_offer_checks: dict[str, Callable[[Any, Any], list[str]]] = {}


def register_offer_check(name: str, check: Callable[[Any, Any], list[str]]) -> None:
    _offer_checks[name] = check


def offer_check_warnings(call: Any, amount: Any) -> list[str]:
    """Every registered check's warnings about offering ``amount`` in ``call``, in order of
    registration."""
    return [warning for check in _offer_checks.values() for warning in check(call, amount)]


# --- Public figures ------------------------------------------------------------------------------
# An app whose counts the programme publishes (upskilling: badges, mapping: surveys answered)
# registers ``count()`` under ``key``; the public figures page of dissemination, which may not
# import those apps, reads them here. ``count`` reads the active programme and runs one query.


@dataclass(frozen=True)
class PublicFigure:
    key: str
    label: Any
    count: Callable[[], int]
    definition: Any = ""


_public_figures: dict[str, PublicFigure] = {}


def register_public_figure(
    key: str, label: Any, count_callable: Callable[[], int], *, definition: Any = ""
) -> None:
    _public_figures[key] = PublicFigure(
        key=key, label=label, count=count_callable, definition=definition
    )


def public_figures() -> list[PublicFigure]:
    """The registered figures, in order of registration."""
    return list(_public_figures.values())
