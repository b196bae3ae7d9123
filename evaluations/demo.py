"""Demo evaluation data for seed_demo."""

from __future__ import annotations

from typing import Any


def seed(*, tenants: dict[str, Any], users: dict[str, Any]) -> str:
    return ""
