"""The mixed workload shared by the scale-out and soak benchmarks, and the processes it runs on.

A platform under load is not one endpoint: the public reads the call pages, applicants open
their drafts, save and submit, staff page through the back-office list and integrations
read the API. This module prepares that cast on a scratch database (in a child process, as
:mod:`benchmarks._server` does for the deadline rush) and sends the workload from client
threads; :mod:`benchmarks._processes` runs the server's processes and measures them.

Run as ``python -m benchmarks._mixed prepare N PLAN.json`` or ``... receipts`` it is the
child process that touches the database.
"""

from __future__ import annotations

import json
import os
import random
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks._processes import HOST

STAFF_EMAIL = "staff@example.org"
APPLICANT_SESSIONS = 20  # applicants who also browse with a signed-in session


# --- Requests -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One request of the workload: what, how, and as whom."""

    kind: str
    method: str
    path: str
    token: str = ""
    cookie: str = ""
    body: bytes | None = None


@dataclass
class Tally:
    """Outcomes by kind: counts, errors and latencies."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    statuses: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int, latency: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(latency)
            self.statuses[f"{kind} {status}"] += 1
            if not 200 <= status < 400:
                self.errors[kind] += 1

    def requests(self, kind: str | None = None) -> int:
        if kind is None:
            return sum(len(values) for values in self.latencies.values())
        return len(self.latencies.get(kind, []))


def send(base_url: str, call: Call) -> tuple[int, bytes, float]:
    """Send one request; status 0 when the connection failed. Redirects are not followed."""
    headers = {"Host": HOST, "Connection": "close", "Accept-Language": "en"}
    if call.path.startswith("/api/"):
        headers["Accept"] = "application/json"
    if call.token:
        headers["Authorization"] = f"Token {call.token}"
    if call.cookie:
        headers["Cookie"] = call.cookie
    if call.body is not None:
        headers["Content-Type"] = "application/json"
    data = call.body if call.body is not None else (b"" if call.method != "GET" else None)
    request = urllib.request.Request(
        base_url + call.path, data=data, headers=headers, method=call.method
    )
    opener = urllib.request.build_opener(_NoRedirect)
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=120) as response:
            body = response.read()
            status = response.status
    except urllib.error.HTTPError as error:
        body = error.read()
        status = error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return 0, b"", time.perf_counter() - started
    return status, body, time.perf_counter() - started


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def read_calls(plan: dict[str, Any]) -> list[Call]:
    """The read mix, one entry per request in proportion: half public, half signed in."""
    slug = plan["call_slug"]
    staff = plan["staff"]
    public = [
        Call("public", "GET", "/"),
        Call("public", "GET", "/calls/"),
        Call("public", "GET", f"/calls/{slug}/"),
        Call("public", "GET", "/calls/"),
        Call("public", "GET", f"/calls/{slug}/"),
    ]
    signed_in = []
    for session in plan["applicant_sessions"][:3]:
        signed_in.append(Call("applicant", "GET", "/applications/", cookie=session["cookie"]))
        signed_in.append(
            Call(
                "applicant",
                "GET",
                f"/applications/{session['application']}/",
                cookie=session["cookie"],
            )
        )
    signed_in = signed_in[:2]
    signed_in += [
        Call("staff", "GET", "/admin/applications/application/", cookie=staff["cookie"]),
        Call("api", "GET", "/api/v1/applications/", token=staff["token"]),
        Call("api", "GET", "/api/v1/calls/", token=plan["applications"][0]["token"]),
    ]
    return public + signed_in


def run_for(
    base_url: str,
    next_call: Any,
    *,
    concurrency: int,
    seconds: float | None = None,
    tally: Tally,
    stop: threading.Event | None = None,
    think: float = 0.0,
) -> float:
    """Clients send ``next_call()`` (None ends a client) until it runs out or time is up.

    Each client waits ``think`` seconds between requests (a paced load instead of flat out).
    Returns the wall time. ``next_call`` is called under a lock, so it may keep state.
    """
    lock = threading.Lock()
    ends_at = time.monotonic() + seconds if seconds is not None else None
    stopped = stop or threading.Event()

    def client() -> None:
        while not stopped.is_set() and (ends_at is None or time.monotonic() < ends_at):
            with lock:
                call = next_call()
            if call is None:
                return
            status, body, latency = send(base_url, call)
            tally.add(call.kind, status, latency)
            if call.kind == "save" and status == 200:
                _saved(call, body)
            if think:
                stopped.wait(think)

    began = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def cycle(calls: list[Call], *, seed: int = 1) -> Any:
    """An endless shuffled rotation of ``calls``."""
    order = list(calls)
    generator = random.Random(seed)
    position = [len(order)]

    def next_call() -> Call:
        if position[0] >= len(order):
            generator.shuffle(order)
            position[0] = 0
        call = order[position[0]]
        position[0] += 1
        return call

    return next_call


def submit_calls(entries: list[dict[str, Any]]) -> list[Call]:
    return [
        Call(
            "submit",
            "POST",
            f"/api/v1/applications/{entry['application']}/submit/",
            token=entry["token"],
        )
        for entry in entries
    ]


# Versions of drafts saved through the workload, by application id (the API answers each
# save with the new version; a save sends the version it last saw).
_versions: dict[int, int] = {}
_versions_lock = threading.Lock()


def save_call(entry: dict[str, Any], field_key: str) -> Call:
    with _versions_lock:
        version = _versions.get(entry["application"], entry["version"])
    body = json.dumps(
        {"answers": {field_key: entry["value"]}, "version": version, "_id": entry["application"]}
    ).encode()
    return Call(
        "save",
        "PATCH",
        f"/api/v1/applications/{entry['application']}/",
        token=entry["token"],
        body=body,
    )


def _saved(call: Call, body: bytes) -> None:
    try:
        version = json.loads(body)["version"]
        application = json.loads(call.body or b"{}")["_id"]
    except (ValueError, KeyError, TypeError):
        return
    with _versions_lock:
        _versions[application] = version


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


# --- Child-process steps -------------------------------------------------------------------


def prepare(applicants: int, output: Path) -> None:
    """The deadline rush's applicants, plus sessions and tokens to browse as them and as staff."""
    from allauth.mfa.models import Authenticator
    from django.test import Client

    from applications.models import Application
    from benchmarks._server import prepare as prepare_drafts
    from calls.models import FieldType
    from demo.applications import OPEN_CALL_SLUG
    from socialtech.accounts.models import ApiToken, User, hash_token
    from socialtech.tenancy.context import tenant_context
    from socialtech.tenancy.models import Tenant

    prepare_drafts(applicants, output)
    plan = json.loads(output.read_text())
    tenant = Tenant.objects.get(slug="socialtech4eu")
    staff = User.objects.get(email=STAFF_EMAIL)
    # Staff reach the back office only with a second factor; this one is never used to sign in.
    Authenticator.objects.get_or_create(
        user=staff, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )
    staff_key = ApiToken.generate_key()
    with tenant_context(tenant):
        ApiToken.objects.create(
            tenant=tenant, user=staff, key_hash=hash_token(staff_key), prefix=staff_key[:8]
        )
        ids = [entry["application"] for entry in plan["applications"]]
        drafts = {
            row.pk: row for row in Application.objects.filter(pk__in=ids).select_related("call")
        }
        call = drafts[ids[0]].call
        text_keys = set(call.fields.filter(type=FieldType.TEXT).values_list("key", flat=True))
        field_key = next(key for key in sorted(text_keys) if drafts[ids[0]].answers.get(key))
        for entry in plan["applications"]:
            draft = drafts[entry["application"]]
            entry["version"] = draft.version
            entry["value"] = draft.answers.get(field_key, "")

    def cookie(user: Any) -> str:
        client = Client()
        client.force_login(user)
        return f"sessionid={client.cookies['sessionid'].value}"

    sessions = []
    for entry in plan["applications"][:APPLICANT_SESSIONS]:
        user = ApiToken.unscoped.get(key_hash=hash_token(entry["token"])).user
        sessions.append({"application": entry["application"], "cookie": cookie(user)})
    plan.update(
        {
            "call_slug": OPEN_CALL_SLUG,
            "save_field": field_key,
            "staff": {"cookie": cookie(staff), "token": staff_key},
            "applicant_sessions": sessions,
        }
    )
    output.write_text(json.dumps(plan))


def receipts_emailed(database_url: str) -> int:
    """Receipts e-mailed so far (the audit trail records each once), read without Django."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT count(*) FROM audit_auditevent WHERE verb = 'application.receipt_emailed'"
        ).fetchone()
    return int(row[0]) if row else 0


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtech.settings")
    django.setup()


def main(argv: list[str]) -> int:
    if argv[:1] == ["prepare"] and len(argv) == 3:
        _django()
        prepare(int(argv[1]), Path(argv[2]))
        return 0
    print("usage: python -m benchmarks._mixed prepare N PLAN.json")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
