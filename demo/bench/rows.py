"""Bulk writing helpers shared by the bench seeding modules."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)
BATCH = 2_000


def manager_of(model: type[models.Model]) -> Any:
    """The manager that sees every programme's rows (tenant-scoped models have ``unscoped``)."""
    return getattr(model, "unscoped", None) or model._base_manager


def insert(model: type[M], rows: Iterable[M]) -> list[M]:
    """``bulk_create`` in batches; returns the rows with their primary keys."""
    return list(manager_of(model).bulk_create(list(rows), batch_size=BATCH))


def pick(options: Sequence[Any], index: int) -> Any:
    return options[index % len(options)]
