"""The API answers as its OpenAPI schema says: schemathesis generates requests from the
schema and sends them to the WSGI application in-process (no network), signed in as an
applicant with a token and a draft to work on, and again as the programme's staff (with
their second factor set up, as the API demands of them) for the staff operations.

Every operation gets a bounded number of generated requests (valid and invalid ones). The
test fails on any server error (5xx), on a status code the schema does not document for
the operation, on a content type it does not declare, and on a body that breaks the
documented shape.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import requests
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import NoReverseMatch, get_resolver, reverse
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from applications.services import application_start
from socialtech.accounts.models import ApiToken, hash_token
from socialtech.tenancy.context import tenant_context
from tests.api.conftest import patch_json, post_json
from tests.api.test_applications import ready
from tests.conftest import with_mfa
from tests.tenancy.test_isolation import walk_patterns

# Generated requests per operation and kind (valid, invalid); the whole module stays under
# two minutes on one core.
MAX_EXAMPLES = 10
# The staff pass shares the module's time budget: fewer examples per operation.
STAFF_MAX_EXAMPLES = 4
TOKEN_KEY = "schemathesis-applicant-token-0123456789abcdef"
STAFF_TOKEN_KEY = "schemathesis-staff-token-0123456789abcdef00"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def start(client: Any, call: Any, organisation: Any) -> dict[str, Any]:
    response = post_json(
        client, "/api/v1/applications/", {"call": call.slug, "organisation": organisation.pk}
    )
    assert response.status_code == 201, response.content
    return response.json()


class InProcess:
    """The WSGI app as a server runs it, for requests inside the test's transaction.

    Sets the REMOTE_ADDR a server sets (the in-process call has none), and keeps the
    database connection open across the request as Django's test client does (a request's
    end closes it otherwise, which on PostgreSQL ends the test's transaction).
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        environ.setdefault("REMOTE_ADDR", "127.0.0.1")
        # The in-process transport hands the body over as sent and does not decompress it
        # as an HTTP client would: ask for it uncompressed.
        environ.pop("HTTP_ACCEPT_ENCODING", None)
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            answer = self.app(environ, start_response)
            try:
                body = b"".join(answer)
            finally:
                if hasattr(answer, "close"):
                    answer.close()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return [body]


def served_schema() -> dict[str, Any]:
    """The schema /api/schema/ serves, generated in-process (it needs no database)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated))


schema = schemathesis.openapi.from_dict(served_schema())
schema.app = InProcess(get_wsgi_application())


@pytest.fixture
def applicant_token(tenant_a, applicant, open_call, organisation) -> str:
    """An applicant's token, with a draft of theirs in the database to work on."""
    ApiToken.unscoped.create(
        tenant=tenant_a, user=applicant, key_hash=hash_token(TOKEN_KEY), prefix=TOKEN_KEY[:8]
    )
    with tenant_context(tenant_a):
        application_start(call=open_call, organisation=organisation, user=applicant, language="en")
    return TOKEN_KEY


@pytest.mark.schema
@schema.parametrize()
@hypothesis_settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_conforms_to_the_schema(case, applicant_token):
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {applicant_token}"},
        checks=CHECKS,
    )


@pytest.fixture
def staff_token(tenant_a, alice, open_call) -> str:
    """A token of programme A's staff, who has set up a second factor."""
    with_mfa(alice)
    ApiToken.unscoped.create(
        tenant=tenant_a,
        user=alice,
        key_hash=hash_token(STAFF_TOKEN_KEY),
        prefix=STAFF_TOKEN_KEY[:8],
    )
    return STAFF_TOKEN_KEY


@pytest.mark.schema
@schema.parametrize()
@hypothesis_settings(
    max_examples=STAFF_MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_to_staff_conforms_to_the_schema(case, staff_token):
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {staff_token}"},
        checks=CHECKS,
    )


def test_the_staff_token_reaches_the_staff_operations(staff_token):
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {staff_token}")
    assert client.get("/api/v1/reports/budget/").status_code == 200


def test_the_schema_covers_every_api_route():
    """Each route under /api/v1/ (the later apps' included) is an operation of the schema."""
    documented = [
        re.compile(re.sub(r"\{[^}]+\}", "[^/]+", path) + "$") for path in schema.raw_schema["paths"]
    ]
    for expected in ("/api/v1/challenges/", "/api/v1/offers/", "/api/v1/vouchers/"):
        assert expected in schema.raw_schema["paths"]
    undocumented = []
    for name, pattern in walk_patterns(get_resolver().url_patterns):
        if name is None or name.startswith("admin:") or name in {"api_not_found", "api-root"}:
            continue
        keys = list(getattr(pattern.pattern, "converters", {})) or list(
            re.compile(str(pattern.pattern)).groupindex
        )
        if "format" in keys:  # the format-suffix twin of a documented route
            continue
        try:
            url = reverse(name, kwargs=dict.fromkeys(keys, "1"))
        except NoReverseMatch:
            continue
        if url.startswith("/api/v1/") and not any(path.match(url) for path in documented):
            undocumented.append(f"{name} {url}")
    assert undocumented == []


# --- the answers the schema used to get wrong, checked one by one ---------------------------


def conforms(template: str, method: str, response: Any) -> None:
    """Fails unless a Django test response is one the schema documents for the operation."""
    prepared = requests.Request(method.upper(), f"http://testserver{template}").prepare()
    answer = schemathesis.Response(
        status_code=response.status_code,
        headers={key: [value] for key, value in response.headers.items()},
        content=response.content,
        request=prepared,
        elapsed=0.0,
        verify=False,
    )
    schema[template][method].validate_response(answer)


def test_a_body_that_is_not_json_is_a_documented_400_with_empty_errors(
    applicant_client, open_call, organisation
):
    draft = start(applicant_client, open_call, organisation)

    response = applicant_client.patch(
        f"/api/v1/applications/{draft['id']}/", b"{not json", content_type="application/json"
    )

    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["errors"]) == ("parse_error", {})
    conforms("/api/v1/applications/{id}/", "PATCH", response)


def test_not_a_draft_has_its_own_documented_shape(applicant_client, open_call, organisation):
    url = f"/api/v1/applications/{ready(applicant_client, open_call, organisation)}/"
    assert applicant_client.post(f"{url}submit/").status_code == 200

    response = patch_json(applicant_client, url, {"answers": {"project_title": "x"}, "version": 3})

    assert (response.status_code, set(response.json())) == (409, {"detail", "code"})
    assert response.json()["code"] == "not_a_draft"
    conforms("/api/v1/applications/{id}/", "PATCH", response)
    documented = schema.raw_schema["components"]["schemas"]

    def code_enum(component: str) -> list[str]:
        reference = documented[component]["properties"]["code"]["$ref"]
        return documented[reference.rsplit("/", 1)[-1]]["enum"]

    assert code_enum("NotADraft") == ["not_a_draft"]
    assert code_enum("DeadlinePassed") == ["deadline_passed"]
    assert code_enum("StaleVersion") == ["stale_version"]


def test_an_invalid_page_and_a_bad_filter_are_documented_answers(applicant_client, open_call):
    invalid_page = applicant_client.get("/api/v1/calls/", {"page": 999})
    bad_filter = applicant_client.get("/api/v1/calls/", {"status": "bogus"})

    assert invalid_page.status_code == 404
    assert invalid_page.json() == {"detail": "Invalid page.", "code": "not_found"}
    assert bad_filter.status_code == 400
    assert list(bad_filter.json()["errors"]) == ["status"]
    documented = schema.raw_schema["paths"]["/api/v1/calls/"]["get"]["responses"]
    assert {"400", "404"} <= set(documented)
    conforms("/api/v1/calls/", "GET", invalid_page)
    conforms("/api/v1/calls/", "GET", bad_filter)


def test_every_operation_documents_the_answers_it_can_give():
    for path, operations in schema.raw_schema["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            codes = set(operation["responses"])
            assert {"400", "401", "403"} <= codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            if method in {"post", "patch", "put"}:
                assert {"413", "415"} <= codes, (method, path)
    token = schema.raw_schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]["429"]
    assert "Retry-After" in token["headers"]
