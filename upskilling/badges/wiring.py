"""How badges join the course engine: a completed course may complete a path."""

from __future__ import annotations


def register() -> None:
    """Register the badges' check as a callback of every course completion."""
