"""A screener's answer on one rule of a call's eligibility checklist."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ScreeningAnswer:
    """One person's answer on one rule: met or not, and a note (required for "not met")."""

    is_met: bool
    note: str = ""
