"""Agreements: the cost of the platform's PDF path against bare WeasyPrint, in one run.

What runs (``python -m benchmarks agreements``), with no database:

1. N agreements (default 200) made as the generation job makes them, minus the storing:
   the default template's text in English filled with a made-up award's values (a
   different project title each time), then ``socialtech.documents.pdf.render_pdf``
   (the Django template, the safe URL fetcher serving fonts and the emblem from the static
   files, tagged PDF/UA-1);
2. the baseline: the same N HTML strings rendered by WeasyPrint directly, with the same
   PDF options and a fetcher that hands over the same files from memory with no checks.

Reported: seconds per agreement and pages per second for both, and the overhead as the
ratio of the two (issue 12 targets at most 1.2). Storing (SHA-256, file, rows) is not
measured here: it is small next to rendering and needs a database.

Options: ``--agreements=N`` (default 200); ``--quick`` for 10.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from benchmarks._summary import agreements_rows


def _option(argv: list[str], name: str, default: int) -> int:
    for arg in argv:
        if arg.startswith(f"--{name}="):
            return int(arg.split("=", 1)[1])
    return default


def _values(number: int) -> dict[str, Any]:
    from grants.agreements import selectors

    amount = Decimal("40000.00") + number
    return {
        "programme": "Programme Alpha",
        "call_title": "Open Call 2",
        "call_reference": "OC2",
        "organisation_name": f"Cooperativa {number}",
        "organisation_country": "Italy",
        "project_title": f"Care robots for rural elders, phase {number}",
        "application_reference": f"ALPHA-OC2-{number:06d}",
        "award_reference": f"OC2-{number:05d}",
        "amount": f"EUR {amount:,.2f}",
        "payment_plan": selectors.payment_plan_html(amount),
        "bank_account_holder": f"Cooperativa {number}",
        "iban": "DE89 3704 0044 0532 0130 00",
        "bic": "COBADEFFXXX",
        "date": "7 December 2026",
        "eu_emblem": selectors.emblem_html(),
    }


def run(argv: list[str]) -> dict[str, Any]:
    import django

    django.setup()
    from django.utils import translation
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    from grants.agreements.jobs import TEMPLATE_NAME, default_body
    from grants.placeholders import placeholders_fill
    from socialtech.documents.fetcher import SafeURLFetcher
    from socialtech.documents.pdf import PDF_OPTIONS, render_html, render_pdf, require_weasyprint
    from socialtech.documents.pdf_origin import INTERNAL_BASE_URL

    require_weasyprint()
    count = _option(argv, "agreements", 10 if "--quick" in argv else 200)
    translation.activate("en")
    body = default_body("en")
    contexts = [
        {
            "title": f"Grant agreement OC2-{n:05d}",
            "body": placeholders_fill(body, _values(n)),
            "document_code": "D7K2-9XQ4-MT3P",
            "verify_link": "https://alpha.example.org/documents/verify/?code=D7K2-9XQ4-MT3P",
        }
        for n in range(count)
    ]
    htmls = [render_html(TEMPLATE_NAME, context) for context in contexts]

    # The files the safe fetcher serves, fetched once, for the bare baseline.
    loaded: dict[str, tuple[bytes, str]] = {}
    probe = SafeURLFetcher()
    HTML(string=htmls[0], base_url=INTERNAL_BASE_URL, url_fetcher=probe).render()
    for url in list(probe.served):
        response = probe.fetch(url)
        loaded[url] = (response.read(), response.headers.get("Content-Type", ""))

    class MemoryFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            content, kind = loaded[url]
            return URLFetcherResponse(url, body=content, headers={"Content-Type": kind})

    render_pdf(TEMPLATE_NAME, contexts[0])  # warm both paths once (fonts, caches)
    HTML(string=htmls[0], base_url=INTERNAL_BASE_URL, url_fetcher=MemoryFetcher()).render()
    started = time.perf_counter()
    for context in contexts:
        render_pdf(TEMPLATE_NAME, context)
    platform_seconds = time.perf_counter() - started

    memory = MemoryFetcher()
    pages = 0  # the same HTML makes the same pages either way
    started = time.perf_counter()
    for html in htmls:
        document = HTML(string=html, base_url=INTERNAL_BASE_URL, url_fetcher=memory).render(
            **PDF_OPTIONS
        )
        document.write_pdf(**PDF_OPTIONS)
        pages += len(document.pages)
    bare_seconds = time.perf_counter() - started

    result = {
        "agreements": count,
        "pages": pages,
        "platform_seconds_per_agreement": round(platform_seconds / count, 4),
        "bare_seconds_per_agreement": round(bare_seconds / count, 4),
        "platform_pages_per_second": round(pages / platform_seconds, 2),
        "bare_pages_per_second": round(pages / bare_seconds, 2),
        "overhead_ratio": round(platform_seconds / bare_seconds, 3),
    }
    for key, value in result.items():
        print(f"  {key}: {value}")
    return {**result, "summary": agreements_rows(result)}
