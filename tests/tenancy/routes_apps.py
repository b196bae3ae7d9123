"""Isolation entries for the apps' routes; see test_isolation.py for what each kind means."""

from __future__ import annotations

from typing import Any

ROUTES: dict[str, Any] = {}
