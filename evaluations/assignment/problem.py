"""The assignment problem and its answer: what the solver is given and what it returns.

:class:`AssignmentProblem` validates one call's problem on creation and derives the loads,
the pairs that may carry a review and the evaluators' country ids; :class:`Reason` carries
a worded reason with its untranslated template, so a view can show it in the user's
language.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

# Affinities become integer arc costs: cost = -round(affinity × SCALE). The rounding moves
# the objective by at most 0.5 / SCALE per chosen pair.
SCALE = 1_000_000
MAX_ABS_AFFINITY = 1_000_000.0


def gettext_noop(message: str) -> str:
    """Marks a template for ``makemessages`` without importing Django (the module stays pure)."""
    return message


class Reason(str):
    """A worded reason, with its untranslated ``template`` and ``values`` kept for gettext.

    ``str(reason)`` is the English sentence with thousands separators; a view shows
    ``gettext(reason.template) % reason.values`` instead.
    """

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Reason:
        shown = {
            name: f"{value:,}" if isinstance(value, int) else value
            for name, value in values.items()
        }
        reason = super().__new__(cls, template % shown)
        reason.template = template
        reason.values = values
        return reason

    def __getnewargs_ex__(self) -> tuple[tuple[str], dict[str, Any]]:
        return (self.template,), self.values


class InfeasibleAssignment(Exception):
    """No assignment meets every constraint; ``reasons`` says why in words and numbers."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons


@dataclass(frozen=True, kw_only=True)
class AssignmentProblem:
    """One call's assignment problem, validated on creation.

    ``affinity[a, e]`` scores evaluator ``e`` for application ``a`` (higher is better);
    ``conflicts[a, e]`` is True when ``e`` may not review ``a``. Loads are an integer
    for everyone or one per evaluator; ``max_load=None`` means no limit. Countries
    (ISO codes or ``None`` for unknown) are needed by ``one_per_country`` (evaluator
    countries) and ``exclude_same_country`` (both). An evaluator without a country never
    shares one with anybody.

    Refuses (ValueError naming the field): shapes that do not match, duplicate keys, k < 1,
    negative loads, a minimum above a maximum, non-finite or huge affinities on allowed
    pairs, missing countries for a country rule.
    """

    applications: Sequence[Hashable]
    evaluators: Sequence[Hashable]
    affinity: np.ndarray
    conflicts: np.ndarray | None = None
    k: int = 3
    min_load: int | Sequence[int] | np.ndarray = 0
    max_load: int | Sequence[int] | np.ndarray | None = None
    application_countries: Sequence[str | None] | None = None
    evaluator_countries: Sequence[str | None] | None = None
    one_per_country: bool = False
    exclude_same_country: bool = False
    alternates: int = 3
    # Derived on creation.
    minimum_loads: np.ndarray = field(init=False, repr=False)
    maximum_loads: np.ndarray = field(init=False, repr=False)
    may_review: np.ndarray = field(init=False, repr=False)
    evaluator_country_ids: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        n, m = len(self.applications), len(self.evaluators)
        _refuse_duplicates("applications", self.applications)
        _refuse_duplicates("evaluators", self.evaluators)
        affinity = np.asarray(self.affinity, dtype=np.float64)
        if affinity.shape != (n, m):
            raise ValueError(
                f"affinity: shape {affinity.shape} should be (applications, evaluators) = ({n}, {m})"
            )
        conflicts = (
            np.zeros((n, m), dtype=bool)
            if self.conflicts is None
            else np.asarray(self.conflicts, dtype=bool)
        )
        if conflicts.shape != (n, m):
            raise ValueError(f"conflicts: shape {conflicts.shape} should be ({n}, {m})")
        if not self.k >= 1:
            raise ValueError(f"k: needs at least 1 evaluator per application, got {self.k}")
        if self.alternates < 0:
            raise ValueError(f"alternates: cannot be negative, got {self.alternates}")
        minimum = _loads("min_load", self.min_load, m, default=0)
        maximum = _loads("max_load", self.max_load, m, default=n)
        if (wrong := np.flatnonzero(minimum > maximum)).size:
            e = int(wrong[0])
            raise ValueError(
                f"min_load: evaluator {self.evaluators[e]} has a minimum load of {minimum[e]} "
                f"above the maximum load of {maximum[e]}"
            )
        evaluator_countries = self._countries("evaluator_countries", self.evaluator_countries, m)
        if self.one_per_country and evaluator_countries is None:
            raise ValueError("evaluator_countries: required by one_per_country")
        may_review = ~conflicts
        if self.exclude_same_country:
            application_countries = self._countries(
                "application_countries", self.application_countries, n
            )
            if application_countries is None or evaluator_countries is None:
                raise ValueError(
                    "application_countries, evaluator_countries: both required by exclude_same_country"
                )
            application_codes = np.array([country or "" for country in application_countries])
            evaluator_codes = np.array([country or "" for country in evaluator_countries])
            same = (application_codes[:, None] == evaluator_codes[None, :]) & (
                evaluator_codes != ""
            )[None, :]
            may_review &= ~same
        allowed_values = affinity[may_review]
        if not np.all(np.isfinite(allowed_values)) or np.any(
            np.abs(allowed_values) > MAX_ABS_AFFINITY
        ):
            raise ValueError(
                f"affinity: must be finite and within ±{MAX_ABS_AFFINITY:,.0f} on every pair without a conflict"
            )
        object.__setattr__(self, "affinity", affinity)
        object.__setattr__(self, "conflicts", conflicts)
        object.__setattr__(self, "minimum_loads", minimum)
        object.__setattr__(self, "maximum_loads", maximum)
        object.__setattr__(self, "may_review", may_review)
        object.__setattr__(self, "evaluator_country_ids", _country_ids(evaluator_countries, m))

    @staticmethod
    def _countries(
        name: str, countries: Sequence[str | None] | None, size: int
    ) -> Sequence[str | None] | None:
        if countries is not None and len(countries) != size:
            raise ValueError(f"{name}: {len(countries)} entries for {size}")
        return countries

    @property
    def reviews_needed(self) -> int:
        return len(self.applications) * self.k

    @cached_property
    def available(self) -> np.ndarray:
        """Pairs that can carry a review: no conflict and an evaluator with capacity."""
        return self.may_review & (self.maximum_loads > 0)[None, :]


@dataclass(frozen=True)
class AssignmentResult:
    """An optimal proposal: ``pairs`` grouped by application, best affinity first."""

    pairs: list[tuple[Hashable, Hashable]]
    total_affinity: float
    load: dict[Hashable, int]
    alternates: dict[Hashable, list[Hashable]]
    status: str = "optimal"

    def evaluators_of(self, application: Hashable) -> list[Hashable]:
        return [evaluator for assigned, evaluator in self.pairs if assigned == application]


def _refuse_duplicates(name: str, keys: Sequence[Hashable]) -> None:
    if len(set(keys)) != len(keys):
        raise ValueError(f"{name}: keys must be unique")


def _loads(
    name: str, loads: int | Sequence[int] | np.ndarray | None, size: int, *, default: int
) -> np.ndarray:
    values = np.full(size, default if loads is None else 0, dtype=np.int64)
    if loads is not None:
        given = np.asarray(loads)
        if given.ndim == 0:
            given = np.full(size, given)
        if given.shape != (size,):
            raise ValueError(f"{name}: {given.size} values for {size} evaluators")
        if not np.array_equal(given, np.round(given)) or np.any(given < 0):
            raise ValueError(f"{name}: loads must be whole numbers of 0 or more")
        values[:] = given
    return values


def _country_ids(countries: Sequence[str | None] | None, size: int) -> np.ndarray:
    """One integer per evaluator: equal ids mean the same country; an unknown country is unique."""
    codes: dict[str, int] = {}
    for country in countries or []:
        if country:
            codes.setdefault(country, len(codes))
    ids = len(codes) + np.arange(size, dtype=np.int64)
    for position, country in enumerate(countries or []):
        if country:
            ids[position] = codes[country]
    return ids
