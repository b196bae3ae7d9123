"""The public list of beneficiaries on the programme's site, and its open data (CSV, JSON).

Anyone may read them; each shows the host's own programme only. The open data has stable
English keys (``selectors.OPEN_DATA_KEYS``), the amount as a decimal string in EUR, and is
streamed as it is read (one query for the rows, whatever their number).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET
from django_countries import countries

from reports.beneficiaries import selectors
from reports.beneficiaries.forms import BeneficiaryFilterForm
from reports.exports.columns import Column, ColumnType, Report
from reports.exports.writers import csv_response
from socialtech.public_cache.pages import public_page

PAGE_SIZE = 50
OPEN_DATA_LANGUAGE = "en"  # the call titles of the open data: stable whatever the visitor reads


def _filters(request: HttpRequest) -> selectors.BeneficiaryFilters:
    return selectors.filters_from_params(request.GET)


@public_page
@require_GET
def beneficiary_list(request: HttpRequest) -> HttpResponse:
    """Who received funding from the programme: filtered by call and country, paginated,
    with the totals of what the filters keep."""
    form = BeneficiaryFilterForm(request.GET or None)
    status = 200
    filters = selectors.BeneficiaryFilters()
    page = None
    entries: list[dict[str, Any]] = []
    totals = selectors.Totals(grants=0, amount=selectors.ZERO.value)
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        try:
            filters = _filters(request)
        except ValidationError:
            status = 400
    if status == 200:
        zone = selectors.programme_zone()
        today = timezone.localdate(timezone.now(), zone)
        totals = selectors.beneficiary_totals(filters, today=today, zone=zone)
        paginator = Paginator(
            selectors.beneficiary_rows(filters, today=today, zone=zone), PAGE_SIZE
        )
        # The totals counted the rows already: the paginator need not count them again.
        paginator.count = totals.grants  # type: ignore[misc]
        page = paginator.get_page(request.GET.get("page"))
        names = dict(countries)
        entries = [
            selectors.public_entry(row, zone=zone, language=get_language())
            for row in page.object_list
        ]
        for entry in entries:
            entry["country_name"] = str(names.get(entry["country"], entry["country"]))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "reports/beneficiaries/list.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "totals": totals,
            "filter_query": query.urlencode(),
            "open_data_query": urlencode(filters.params()),
            "is_filtered": bool(filters.params()),
        },
        status=status,
    )


def _refusal(error: ValidationError) -> JsonResponse:
    return JsonResponse(
        {"detail": " ".join(error.messages), "code": "invalid", "errors": error.message_dict},
        status=400,
    )


@require_GET
def beneficiary_open_data_csv(request: HttpRequest) -> HttpResponseBase:
    """The published grants as CSV (UTF-8, the open data's keys as headings), streamed."""
    try:
        filters = _filters(request)
    except ValidationError as error:
        return _refusal(error)
    entries = selectors.public_entries(filters, language=OPEN_DATA_LANGUAGE)
    types = {"amount": ColumnType.MONEY, "award_year": ColumnType.INTEGER}
    report = Report(
        name="beneficiaries",
        title="Beneficiaries",
        columns=[
            Column(key, key, types.get(key, ColumnType.TEXT)) for key in selectors.OPEN_DATA_KEYS
        ],
        rows=entries,
    )
    return csv_response(report, filename="beneficiaries.csv")


def _json_lines(entries: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    yield b"["
    first = True
    for entry in entries:
        entry["amount"] = f"{entry['amount']:.2f}"
        text = json.dumps(entry, ensure_ascii=False)
        yield (text if first else "," + text).encode("utf-8")
        first = False
    yield b"]"


@require_GET
def beneficiary_open_data_json(request: HttpRequest) -> HttpResponseBase:
    """The published grants as a JSON list of objects with stable English keys, streamed."""
    try:
        filters = _filters(request)
    except ValidationError as error:
        return _refusal(error)
    entries = selectors.public_entries(filters, language=OPEN_DATA_LANGUAGE)
    response = StreamingHttpResponse(_json_lines(entries), content_type="application/json")
    response["Content-Disposition"] = 'inline; filename="beneficiaries.json"'
    # An opt-out or a removal takes effect at once: no copy is kept on the way.
    response["Cache-Control"] = "no-store"
    return response
