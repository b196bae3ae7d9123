"""The child-process side of :mod:`benchmarks.pages`: sign-ins, the pages, their queries.

Run as ``python -m benchmarks._pages_child OUTPUT.json`` with the bench data set in the
database of ``DATABASE_URL``: makes a session for each kind of person who reads the pages
(an applicant with four applications, an evaluator, a staff member, a coordinator; the
staff roles get a second factor as they must), names every page measured, and counts the
queries each takes through Django's test client (the second request, after the first has
filled the caches a real server fills too). Writes ``{"pages": [...]}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

PUBLIC = "public"
APPLICANT = "applicant"
STAFF = "staff"


def _session(user: Any) -> str:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return str(session.session_key)


def _with_second_factor(user: Any) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())


def pages() -> list[dict[str, Any]]:
    from django.urls import reverse

    from applications.models import Application, ApplicationStatus
    from calls.models import Call, CallStatus
    from demo.bench.applications import SHOWCASE_CALLS
    from demo.bench.people import email, host
    from demo.bench.sizes import EVALUATION_CALL, RESULTS_CALLS
    from evaluations.models import EvaluatorProfile
    from organisations.models import OrganisationMember
    from socialtech.accounts.models import User
    from socialtech.tenancy.models import Tenant

    tenant = Tenant.objects.get(domains__host=host(0))
    calls = list(Call.unscoped.filter(tenant=tenant).order_by("reference"))
    open_call = next(call for call in calls if call.status == CallStatus.OPEN)
    results_call = calls[RESULTS_CALLS[0]]
    evaluation_call = calls[EVALUATION_CALL]

    showcase_org = (
        Application.unscoped.filter(tenant=tenant, call=calls[SHOWCASE_CALLS[0]])
        .filter(organisation__legal_name__endswith="-00000")
        .values_list("organisation_id", flat=True)
        .get()
    )
    applicant = OrganisationMember.objects.get(organisation_id=showcase_org).user
    own = Application.unscoped.filter(organisation_id=showcase_org)
    draft = own.get(status=ApplicationStatus.DRAFT)
    receipt = own.exclude(status=ApplicationStatus.DRAFT).order_by("pk").first()
    staff = User.objects.get(email=email("staff", 0))
    coordinator = User.objects.get(email=email("coordinator", 0))
    # The busiest evaluator of the programme: the workspace at its fullest.
    evaluator = (
        EvaluatorProfile.objects.filter(user__email__startswith="evaluator-0-")
        .order_by("user__email")
        .first()
    )
    assert evaluator is not None and receipt is not None
    for person in (staff, coordinator, evaluator.user):
        _with_second_factor(person)
    sessions = {
        PUBLIC: "",
        APPLICANT: _session(applicant),
        "evaluator": _session(evaluator.user),
        STAFF: _session(staff),
        "coordinator": _session(coordinator),
    }
    per_page = 50
    submitted = (
        Application.unscoped.filter(tenant=tenant).exclude(status=ApplicationStatus.DRAFT).count()
    )
    in_call = Application.unscoped.filter(call=results_call).count()
    deep = max(1, submitted // per_page - 2)
    deep_in_call = max(1, in_call // per_page)
    changelist = reverse("admin:applications_application_changelist")
    by_call = f"call__id__exact={results_call.pk}"
    chart = "admin:reports_dashboard_data"
    rows = [
        ("Call list", PUBLIC, reverse("call_list")),
        ("Call page", PUBLIC, reverse("call_detail", args=[open_call.slug])),
        ("Course catalogue", PUBLIC, reverse("mooc_catalogue")),
        ("Beneficiaries", PUBLIC, reverse("beneficiaries")),
        ("API calls list", PUBLIC, reverse("call-list")),
        ("My applications (4)", APPLICANT, reverse("application_dashboard")),
        ("Application form, 40 fields", APPLICANT, reverse("application_edit", args=[draft.pk])),
        ("Receipt page", APPLICANT, reverse("application_confirmation", args=[receipt.pk])),
        ("API applications list, applicant", APPLICANT, reverse("application-list")),
        ("Staff list, page 1", STAFF, changelist),
        (f"Staff list, page {deep}", STAFF, f"{changelist}?p={deep}"),
        ("Staff list by call, page 1", STAFF, f"{changelist}?{by_call}"),
        (
            f"Staff list by call, page {deep_in_call}",
            STAFF,
            f"{changelist}?{by_call}&p={deep_in_call}",
        ),
        ("Evaluator workspace", "evaluator", reverse("evaluation_workspace")),
        ("API reviews list, evaluator", "evaluator", reverse("review-list")),
        (
            "Ranking page, call in evaluation",
            STAFF,
            reverse("admin:evaluations_rankingrun_rank", args=[evaluation_call.pk]),
        ),
        (
            "Ranking page, call with results",
            STAFF,
            reverse("admin:evaluations_rankingrun_rank", args=[results_call.pk]),
        ),
        ("Dashboard data: funnel", "coordinator", reverse(chart, args=["funnel"])),
        ("Dashboard data: money", "coordinator", reverse(chart, args=["money"])),
        ("Dashboard data: countries", "coordinator", reverse(chart, args=["countries"])),
        ("Dashboard data: evaluation", "coordinator", reverse(chart, args=["evaluation"])),
        ("API awards list, staff", STAFF, reverse("award-list")),
        ("API vouchers list, staff", STAFF, reverse("voucher-list")),
    ]
    return [
        {
            "name": name,
            "audience": PUBLIC if who == PUBLIC else (APPLICANT if who == APPLICANT else STAFF),
            "path": path,
            "host": host(0),
            "session": sessions[who],
        }
        for name, who, path in rows
    ]


def count_queries(page: dict[str, Any]) -> tuple[int, int]:
    """(status, queries) of the page's second request through the test client."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=page["host"])
    if page["session"]:
        client.cookies[settings.SESSION_COOKIE_NAME] = page["session"]
    client.get(page["path"])
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page["path"])
    return response.status_code, len(captured.captured_queries)


def main(argv: list[str]) -> int:
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialtech.settings")
    django.setup()
    if len(argv) != 1:
        print("usage: python -m benchmarks._pages_child OUTPUT.json")
        return 2
    measured = pages()
    for page in measured:
        page["status"], page["queries"] = count_queries(page)
    Path(argv[0]).write_text(json.dumps({"pages": measured}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
