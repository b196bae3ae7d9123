"""The public cluster registry under /clusters/: the published clusters with filters
(country, sector, scope, words), a map of Europe coloured by clusters per country with a
table of the same figures, and one cluster's page. A refused filter gets a 400 naming it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET
from django_countries import countries

from mapping.clusters import countrymap, selectors
from mapping.models import ClusterScope, ClusterSector
from organisations.countries import ELIGIBLE_COUNTRIES

PAGE_SIZE = 20


def _country_label(name: str, count: int) -> str:
    return ngettext("%(country)s: %(count)s cluster", "%(country)s: %(count)s clusters", count) % {
        "country": name,
        "count": count,
    }


@require_GET
def cluster_list(request: HttpRequest) -> HttpResponse:
    """The registry: filters, the country map and its table, the paged clusters."""
    filters, problems = selectors.read_filters(request.GET)
    status = 400 if problems else 200
    if problems:
        filters = selectors.RegistryFilters()
    clusters = selectors.clusters_published(filters)
    page = Paginator(clusters, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.counts_by_country()
    base = reverse("mapping_clusters")
    svg = countrymap.country_map(
        counts=counts,
        link=lambda code: f"{base}?{urlencode({'country': code})}#results",
        title=_("Map of Europe: clusters per country"),
        selected=filters.country,
        label=_country_label,
    )
    table = sorted(
        ((code, str(countries.name(code)), total) for code, total in counts.items()),
        key=lambda row: (-row[2], row[1]),
    )
    query = {
        key: value
        for key, value in (
            ("country", filters.country),
            ("sector", filters.sector),
            ("scope", filters.scope),
            ("q", filters.words),
        )
        if value
    }
    context = {
        "page": page,
        "filters": filters,
        "problems": problems,
        "filter_query": urlencode(query),
        # Every text in it is escaped by the map's builder.
        "map_svg": mark_safe(svg),
        "legend": countrymap.legend(countrymap.steps(max(counts.values(), default=0))),
        "no_cluster_colour": countrymap.NO_CLUSTER,
        "country_table": table,
        "country_choices": sorted(
            ((code, str(countries.name(code))) for code in ELIGIBLE_COUNTRIES),
            key=lambda pair: pair[1],
        ),
        "sector_choices": ClusterSector.choices,
        "scope_choices": ClusterScope.choices,
    }
    return render(request, "mapping/clusters/list.html", context, status=status)


@require_GET
def cluster_page(request: HttpRequest, slug: str) -> HttpResponse:
    """One published cluster."""
    cluster = selectors.cluster_public(slug=slug)
    return render(request, "mapping/clusters/detail.html", {"cluster": cluster})
