"""Every page of the back office costs the same queries for N and for 3N rows.

The pages are read from ``admin.site._registry``: a newly registered admin gets its
changelist and change page measured here without a line of this file changing (and fails
with a clear message until the perf world holds a row of its model).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

from socialtech.tenancy.models import TenantOwnedModel
from tests.conftest import login
from tests.perf.world import (
    CEILING,
    build_world,
    count_queries,
    grow,
    grow_children,
    kept_world,
    manager_of,
)

pytestmark = pytest.mark.django_db

FEW = 4  # at least; then three times as many of each
MODELS = sorted(admin.site._registry, key=lambda model: model._meta.label)
LABELS = [model._meta.label for model in MODELS]

# Pages that still read a row per listed row, with why the fix is not a few lines.
KNOWN_GROWTH: dict[str, str] = {}


def of_programme(model, tenant) -> dict[str, Any]:
    """The filter that keeps a tenant-owned model's rows to the programme the back office
    shows: a copy made for another row's inline may belong to a copied programme (a unique
    set with the tenant in it), and must neither count nor serve as the row to copy."""
    return {"tenant": tenant} if issubclass(model, TenantOwnedModel) else {}


def changelist_url(model) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def change_url(model, pk) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])


def measure(
    client: Client, *, warm: bool, opened: dict[str, Any], children: int
) -> dict[str, tuple[int, int]]:
    """Queries and listed rows of every changelist, and queries of one row's change page
    once that row has ``children`` rows in each of its one-to-many relations. ``opened``
    keeps the row first listed on the first pass, to open the same row on the next."""
    found = {}
    for model in MODELS:
        label = model._meta.label
        queries, response = count_queries(client, changelist_url(model), warm=warm)
        found[f"{label} changelist"] = (queries, response.context["cl"].result_count)
        first = response.context["cl"].result_list[:1]
        row = opened.setdefault(label, first[0] if first else None)
        if row is not None:
            grow_children(row, children)
            queries, _ = count_queries(client, change_url(model, row.pk), warm=warm)
            found[f"{label} change"] = (queries, 1)
    return found


@pytest.fixture(scope="module")
def measured(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    backend = "django.core.mail.backends.locmem.EmailBackend"
    with (
        override_settings(MEDIA_ROOT=media, EMAIL_BACKEND=backend, DEMO_MODE=False),
        kept_world(django_db_blocker),
    ):
        cache.clear()
        world = build_world()
        client = login(Client(), world["superuser"])
        tenant = world["tenant"]
        counts = {model: grow(model, FEW, **of_programme(model, tenant)) for model in MODELS}
        opened: dict[str, Any] = {}
        few = measure(client, warm=True, opened=opened, children=FEW)
        for model in MODELS:
            grow(model, 3 * counts[model], **of_programme(model, tenant))
        many = measure(client, warm=False, opened=opened, children=3 * FEW)
        rows = {model._meta.label: manager_of(model).count() for model in MODELS}
        cache.clear()
        yield {"few": few, "many": many, "rows": rows}


def expect(label: str):
    reason = KNOWN_GROWTH.get(label)
    return [pytest.mark.xfail(strict=True, reason=reason)] if reason else []


@pytest.mark.parametrize(
    "label", [pytest.param(label, marks=expect(f"{label} changelist")) for label in LABELS]
)
def test_every_changelist_costs_the_same_queries_for_n_and_3n_rows(measured, label):
    few_queries, few_rows = measured["few"][f"{label} changelist"]
    many_queries, many_rows = measured["many"][f"{label} changelist"]
    assert many_rows > few_rows, f"{label}: the changelist lists no more rows after growing"
    assert many_queries == few_queries, f"{label}: {few_queries} → {many_queries} queries"
    assert many_queries <= CEILING, f"{label}: {many_queries} queries"


@pytest.mark.parametrize(
    "label", [pytest.param(label, marks=expect(f"{label} change")) for label in LABELS]
)
def test_every_change_page_costs_the_same_queries_for_n_and_3n_rows(measured, label):
    assert f"{label} change" in measured["many"], f"{label}: no row to open"
    few_queries, _ = measured["few"][f"{label} change"]
    many_queries, _ = measured["many"][f"{label} change"]
    assert many_queries == few_queries, f"{label}: {few_queries} → {many_queries} queries"
    assert many_queries <= CEILING, f"{label}: {many_queries} queries"


def test_the_world_holds_many_rows_of_every_registered_model(measured):
    assert all(rows >= 3 * FEW for rows in measured["rows"].values()), measured["rows"]
    assert set(measured["rows"]) == set(LABELS)
