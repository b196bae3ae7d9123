"""The kinds of isolation entry a route can have (see test_isolation.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Public:
    """Anyone may open it; it shows only the host's own programme."""

    reason: str


@dataclass(frozen=True)
class OwnAccount:
    """Acts on the signed-in user's own account only."""

    reason: str


@dataclass(frozen=True)
class OwnList:
    """A list of the requesting user's own rows: programme A's marker must not show."""

    marker: Callable[[dict[str, Any]], str]


@dataclass(frozen=True)
class ObjectPage:
    """A page about one object of programme A: a user of programme B gets 404 on B's host."""

    kwargs: Callable[[dict[str, Any]], dict[str, Any]]
    method: str = "get"
