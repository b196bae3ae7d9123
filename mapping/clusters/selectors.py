"""Reads of the cluster registry: the published clusters, filtered, and their count per
country for the map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from mapping.models import Cluster, ClusterScope, ClusterSector, ClusterStatus
from organisations.countries import ELIGIBLE_COUNTRIES


@dataclass(frozen=True)
class RegistryFilters:
    country: str = ""
    sector: str = ""
    scope: str = ""
    words: str = ""

    @property
    def any(self) -> bool:
        return bool(self.country or self.sector or self.scope or self.words)


def read_filters(params: Any) -> tuple[RegistryFilters, dict[str, str]]:
    """The registry's filters from the query string, and a message per refused filter
    (naming it and the rule)."""
    problems: dict[str, str] = {}
    country = str(params.get("country") or "").strip().upper()
    if country and country not in ELIGIBLE_COUNTRIES:
        problems["country"] = _("Country: choose one of the listed countries.")
    sector = str(params.get("sector") or "").strip()
    if sector and sector not in ClusterSector.values:
        problems["sector"] = _("Sector: choose one of the listed sectors.")
    scope = str(params.get("scope") or "").strip()
    if scope and scope not in ClusterScope.values:
        problems["scope"] = _("Scope: choose one of the listed scopes.")
    words = str(params.get("q") or "").strip()
    if len(words) > 200:
        problems["q"] = _("Words: at most 200 characters.")
    return RegistryFilters(country, sector, scope, words[:200]), problems


def clusters_published(filters: RegistryFilters | None = None) -> QuerySet[Cluster]:
    """The programme's published clusters, by name, narrowed by ``filters``."""
    clusters = Cluster.objects.filter(status=ClusterStatus.PUBLISHED)
    if filters is not None:
        if filters.country:
            clusters = clusters.filter(country=filters.country)
        if filters.sector:
            # A JSON list of keys: matched on the quoted key (portable across databases).
            clusters = clusters.filter(sectors__icontains=f'"{filters.sector}"')
        if filters.scope:
            clusters = clusters.filter(scope=filters.scope)
        for word in filters.words.split()[:8]:
            clusters = clusters.filter(
                Q(name__icontains=word) | Q(region__icontains=word) | Q(description__icontains=word)
            )
    return clusters.order_by("name", "pk")


def counts_by_country() -> dict[str, int]:
    """Published clusters per country code (one query)."""
    rows = (
        Cluster.objects.filter(status=ClusterStatus.PUBLISHED)
        .values("country")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return {str(row["country"]): int(row["total"]) for row in rows}


def cluster_public(*, slug: str) -> Cluster:
    """A published cluster; 404 otherwise."""
    cluster = Cluster.objects.filter(slug=slug, status=ClusterStatus.PUBLISHED).first()
    if cluster is None:
        raise Http404
    return cluster
