"""The programme's public pages under /programme/: its figures and its results."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django_countries import countries

from dissemination.figures import selectors
from reports.beneficiaries import selectors as beneficiaries
from socialtech.public_cache.pages import public_page

# How many of the latest funded projects the results page lists (the rest: the beneficiaries).
LATEST_PROJECTS = 10
SURVEYS_KEY = "surveys_answered"


@public_page
@require_GET
def programme_figures(request: HttpRequest) -> HttpResponse:
    """The programme's key figures, each with what it counts."""
    return render(
        request,
        "dissemination/figures/figures.html",
        {"figures": selectors.programme_figures(), "counted_at": timezone.now()},
    )


@require_GET
def programme_results(request: HttpRequest) -> HttpResponse:
    """The programme's results: the funded projects of the public list of beneficiaries
    (their number, the money they keep and the latest ones), the courses completed and the
    surveys answered."""
    zone = beneficiaries.programme_zone()
    today = timezone.localdate(timezone.now(), zone)
    filters = beneficiaries.BeneficiaryFilters()
    totals = beneficiaries.beneficiary_totals(filters, today=today, zone=zone)
    names = dict(countries)
    projects: list[dict[str, Any]] = []
    for row in beneficiaries.beneficiary_rows(filters, today=today, zone=zone)[:LATEST_PROJECTS]:
        entry = beneficiaries.public_entry(row, zone=zone, language=get_language())
        entry["country_name"] = str(names.get(entry["country"], entry["country"]))
        projects.append(entry)
    surveys = selectors.registered_figure(SURVEYS_KEY)
    return render(
        request,
        "dissemination/figures/results.html",
        {
            "totals": totals,
            "projects": projects,
            "courses_completed": selectors.courses_completed(),
            "surveys": surveys,
        },
    )
