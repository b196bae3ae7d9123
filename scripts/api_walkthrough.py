#!/usr/bin/env python3
"""Walk an applicant's journey through the JSON API, as an outside client would.

    python scripts/api_walkthrough.py http://localhost:8000 \\
        --email applicant@example.org --password demo-pass-2026 [--host socialtech4eu.localhost]

It gets a token, picks an open call (or ``--call SLUG``), reads the call's form and builds
an answer for every required field from that definition alone, finds or creates the
user's organisation, starts (or resumes) a draft, saves the answers, checks that a stale
save is refused with 409, uploads a small PDF for each required file field, submits,
submits again and checks that the receipt is the same, checks that the submitted
application is locked, and prints a summary. Exit status 0 when every check passed.

Only the standard library is used (urllib), so it runs anywhere Python 3.11 does.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

# The smallest PDF the platform's upload check accepts as a PDF.
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
WORDS = [
    "Our",
    "cooperative",
    "will",
    "test",
    "this",
    "service",
    "with",
    "older",
    "people",
    "in",
    "rural",
    "areas",
]
DEFAULT_AMOUNT = Decimal("1000.00")
NEW_ORGANISATION = {
    "legal_name": "Cooperativa Sociale Walkthrough",
    "short_name": "Walkthrough",
    "country": "IT",
    "legal_form": "social_cooperative",
    "national_legal_form": "Cooperativa sociale di tipo B",
    "social_economy_type": "wise",
    "registration_number": "",
    "vat_number": "",
    "founding_year": 2001,
    "staff_headcount": 12,
    "turnover_band": "up_to_2m",
    "balance_sheet_band": "up_to_2m",
    "website": "",
    "address_line1": "Via Roma 1",
    "address_line2": "",
    "postcode": "20121",
    "city": "Milano",
    "legal_representative_name": "Giulia Bianchi",
    "legal_representative_role": "Presidente",
    "legal_representative_email": "",
}


class WalkthroughFailed(Exception):
    """A step did not answer as the API contract says."""


@dataclass
class Answer:
    status: int
    body: Any


Opener = Callable[..., Any]


class ApiClient:
    """A tiny JSON client over urllib; ``opener`` is injectable (``urllib.request.urlopen``)."""

    def __init__(
        self,
        base_url: str,
        *,
        host: str | None = None,
        opener: Opener | None = None,
        timeout: float = 30,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.host = host
        self.opener = opener or urllib.request.build_opener().open
        self.timeout = timeout
        self.token: str | None = None

    def _headers(self, content_type: str | None) -> dict[str, str]:
        headers = {"Accept": "application/json", "Accept-Language": "en"}
        if content_type:
            headers["Content-Type"] = content_type
        if self.host:
            headers["Host"] = self.host
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        return headers

    def send(
        self, method: str, path: str, *, body: bytes | None = None, content_type: str | None = None
    ) -> Answer:
        if path.startswith(("http://", "https://")):
            # Follow "next" links on this server whatever host name they carry.
            parts = urllib.parse.urlsplit(path)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
        request = urllib.request.Request(  # noqa: S310 - the base URL is the operator's choice
            self.base_url + path, data=body, method=method, headers=self._headers(content_type)
        )
        try:
            with self.opener(request, timeout=self.timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        try:
            parsed = json.loads(raw.decode("utf-8")) if raw else None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise WalkthroughFailed(
                f"{method} {path} answered {status} with something that is not JSON: {raw[:200]!r}"
            ) from error
        return Answer(status, parsed)

    def json(self, method: str, path: str, payload: Any = None) -> Answer:
        body = None if payload is None else json.dumps(payload).encode("utf-8")
        return self.send(method, path, body=body, content_type="application/json")

    def upload(self, path: str, fields: dict[str, str], filename: str, content: bytes) -> Answer:
        boundary = f"walkthrough-{uuid.uuid4().hex}"
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                f"{value}\r\n".encode()
            )
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.send(
            "POST",
            path,
            body=b"".join(parts),
            content_type=f"multipart/form-data; boundary={boundary}",
        )


def expect(answer: Answer, status: int, what: str) -> Any:
    if answer.status != status:
        raise WalkthroughFailed(f"{what}: expected {status}, got {answer.status}: {answer.body}")
    return answer.body


# --- answers from the form definition -------------------------------------------------------


def text_within(max_words: int | None) -> str:
    count = min(len(WORDS), max_words) if max_words else len(WORDS)
    return " ".join(WORDS[: max(count, 1)])


def first_option(form_field: dict[str, Any]) -> str:
    options = form_field.get("options") or []
    if not options:
        raise WalkthroughFailed(f"field {form_field['key']} is required but offers no options")
    return str(options[0]["value"])


def build_answers(
    fields: list[dict[str, Any]], *, budget: Decimal | None = None, today: date | None = None
) -> dict[str, Any]:
    """A valid answer for every required field, read from the call's form definition."""
    today = today or date.today()
    amount = min(DEFAULT_AMOUNT, budget) if budget is not None else DEFAULT_AMOUNT
    money = f"{amount:.2f}"
    answers: dict[str, Any] = {}
    for form_field in fields:
        if not form_field["required"]:
            continue
        kind = form_field["type"]
        if kind in ("text", "textarea"):
            answers[form_field["key"]] = text_within(form_field.get("max_words"))
        elif kind == "number":
            answers[form_field["key"]] = 1
        elif kind == "money":
            answers[form_field["key"]] = money
        elif kind == "date":
            answers[form_field["key"]] = (today + timedelta(days=30)).isoformat()
        elif kind == "choice":
            answers[form_field["key"]] = first_option(form_field)
        elif kind == "multiple_choice":
            answers[form_field["key"]] = [first_option(form_field)]
        elif kind == "country":
            answers[form_field["key"]] = "IT"
        elif kind == "declaration":
            answers[form_field["key"]] = True
        elif kind == "budget_table":
            answers[form_field["key"]] = [
                {
                    "category": first_option(form_field),
                    "description": "Walkthrough costs",
                    "amount": money,
                }
            ]
        elif kind != "file":
            raise WalkthroughFailed(f"field {form_field['key']} has an unknown type {kind!r}")
    return answers


# --- the journey ----------------------------------------------------------------------------


@dataclass
class Summary:
    call: str = ""
    organisation: int | None = None
    organisation_created: bool = False
    application: int | None = None
    resumed_draft: bool = False
    answered: list[str] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)
    receipt_number: str = ""
    submitted_at: str = ""
    checks: list[str] = field(default_factory=list)

    def passed(self, check: str) -> None:
        self.checks.append(check)

    def lines(self) -> list[str]:
        return [
            f"call:            {self.call}",
            f"organisation:    {self.organisation}"
            + (" (created)" if self.organisation_created else ""),
            f"application:     {self.application}"
            + (" (resumed draft)" if self.resumed_draft else ""),
            f"answered:        {', '.join(self.answered) or '-'}",
            f"uploaded:        {', '.join(self.uploaded) or '-'}",
            f"receipt:         {self.receipt_number} at {self.submitted_at}",
            *(f"ok  {check}" for check in self.checks),
        ]


def all_pages(client: ApiClient, path: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    next_path: str | None = path
    while next_path:
        page = expect(client.json("GET", next_path), 200, f"GET {next_path}")
        rows.extend(page["results"])
        next_path = page["next"]
    return rows


def walkthrough(
    client: ApiClient,
    *,
    email: str,
    password: str,
    code: str = "",
    call_slug: str | None = None,
    today: date | None = None,
) -> Summary:
    """The whole journey; raises :class:`WalkthroughFailed` at the first broken promise."""
    summary = Summary()

    credentials = {"email": email, "password": password, **({"code": code} if code else {})}
    client.token = expect(client.json("POST", "/api/v1/auth/token/", credentials), 200, "token")[
        "token"
    ]
    summary.passed("token issued")

    if call_slug is None:
        open_calls = expect(client.json("GET", "/api/v1/calls/?status=open"), 200, "open calls")
        if not open_calls["results"]:
            raise WalkthroughFailed("no open call in this programme")
        call_slug = open_calls["results"][0]["slug"]
    call = expect(client.json("GET", f"/api/v1/calls/{call_slug}/"), 200, f"call {call_slug}")
    summary.call = call["slug"]
    summary.passed(f"form read: {len(call['fields'])} fields, {len(call['criteria'])} criteria")

    organisations = expect(client.json("GET", "/api/v1/organisations/"), 200, "organisations")
    if organisations["results"]:
        organisation = organisations["results"][0]
    else:
        organisation = expect(
            client.json("POST", "/api/v1/organisations/", NEW_ORGANISATION),
            201,
            "create organisation",
        )
        summary.organisation_created = True
    summary.organisation = organisation["id"]

    drafts = [
        row
        for row in all_pages(client, "/api/v1/applications/")
        if row["call"] == call["slug"]
        and row["organisation"] == organisation["id"]
        and row["status"] == "draft"
    ]
    if drafts:
        application = drafts[0]
        summary.resumed_draft = True
    else:
        application = expect(
            client.json(
                "POST",
                "/api/v1/applications/",
                {"call": call["slug"], "organisation": organisation["id"]},
            ),
            201,
            "start a draft",
        )
    summary.application = application["id"]
    detail_path = f"/api/v1/applications/{application['id']}/"

    budget = Decimal(call["budget"]) if call.get("budget") else None
    answers = build_answers(call["fields"], budget=budget, today=today)
    loaded_version = application["version"]
    saved = expect(
        client.json("PATCH", detail_path, {"answers": answers, "version": loaded_version}),
        200,
        "save answers",
    )
    if saved["version"] != loaded_version + 1:
        raise WalkthroughFailed(f"the version went {loaded_version} -> {saved['version']}")
    summary.answered = sorted(answers)
    summary.passed(f"answers saved, version {loaded_version} -> {saved['version']}")

    stale = expect(
        client.json("PATCH", detail_path, {"answers": answers, "version": loaded_version}),
        409,
        "save with a stale version",
    )
    if stale.get("code") != "stale_version" or stale.get("current_version") != saved["version"]:
        raise WalkthroughFailed(f"a stale save answered {stale}")
    summary.passed("stale save refused with 409 stale_version")

    for form_field in call["fields"]:
        if form_field["type"] != "file" or not form_field["required"]:
            continue
        allowed = form_field.get("allowed_types") or ["pdf"]
        if "pdf" not in allowed:
            raise WalkthroughFailed(
                f"file field {form_field['key']} takes {allowed}; this script uploads PDF"
            )
        attachment = expect(
            client.upload(
                f"{detail_path}attachments/",
                {"field": form_field["key"]},
                f"{form_field['key']}.pdf",
                MINIMAL_PDF,
            ),
            201,
            f"upload {form_field['key']}",
        )
        if attachment["field"] != form_field["key"] or attachment["size"] != len(MINIMAL_PDF):
            raise WalkthroughFailed(f"the upload answered {attachment}")
        summary.uploaded.append(form_field["key"])
    if summary.uploaded:
        summary.passed(f"{len(summary.uploaded)} file(s) uploaded")

    first = expect(client.json("POST", f"{detail_path}submit/"), 200, "submit")
    if first.get("status") != "submitted" or not first.get("receipt_number"):
        raise WalkthroughFailed(f"the submission answered {first}")
    summary.receipt_number, summary.submitted_at = first["receipt_number"], first["submitted_at"]
    summary.passed(f"submitted: {first['receipt_number']}")

    again = expect(client.json("POST", f"{detail_path}submit/"), 200, "submit again")
    if again != first:
        raise WalkthroughFailed(f"a second submission answered {again}, the first {first}")
    summary.passed("second submission gave the same receipt")

    current = expect(client.json("GET", detail_path), 200, "read the application")
    locked = expect(
        client.json("PATCH", detail_path, {"answers": answers, "version": current["version"]}),
        409,
        "save after submission",
    )
    summary.passed(f"submitted application locked ({locked.get('code')})")
    return summary


def main(argv: list[str] | None = None, *, opener: Opener | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url", help="e.g. http://localhost:8000")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--code", default="", help="two-factor code, for accounts that need one")
    parser.add_argument(
        "--host", help="Host header naming the programme, e.g. democluster.localhost"
    )
    parser.add_argument("--call", dest="call_slug", help="the call's slug (default: first open)")
    options = parser.parse_args(argv)

    client = ApiClient(options.base_url, host=options.host, opener=opener)
    try:
        summary = walkthrough(
            client,
            email=options.email,
            password=options.password,
            code=options.code,
            call_slug=options.call_slug,
        )
    except WalkthroughFailed as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    except urllib.error.URLError as error:
        print(f"FAILED: cannot reach {options.base_url}: {error.reason}", file=sys.stderr)
        return 2
    print("\n".join(summary.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
