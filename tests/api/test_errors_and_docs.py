from __future__ import annotations

import json
import re

from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from rest_framework import status

from socialtech.api_errors import drf_validation_error, exception_handler, register_domain_error
from tests.api.conftest import APPLICATION_KEYS, ATTACHMENT_KEYS, CALL_KEYS


def test_an_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/grants-for-everyone/", HTTP_ACCEPT="text/html")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "No API endpoint at /api/v1/grants-for-everyone/.",
        "code": "not_found",
    }


def test_a_missing_trailing_slash_is_named_in_the_404(client):
    response = client.post("/api/v1/applications", {}, content_type="application/json")

    assert response.status_code == 404
    assert response.json()["detail"].endswith("ends with a slash: /api/v1/applications/")


def test_errors_are_json_even_when_a_browser_asks_for_html(client, applicant_client):
    not_found = client.get("/api/v1/calls/nothing/", HTTP_ACCEPT="text/html,*/*;q=0.8")
    anonymous = client.get("/api/v1/applications/", HTTP_ACCEPT="text/html,*/*;q=0.8")

    for response in (not_found, anonymous):
        assert response["Content-Type"] == "application/json"
        assert set(response.json()) == {"detail", "code"}


class OutOfVouchers(Exception):
    status_code = 400

    def __init__(self, message, code, **extra):
        super().__init__(message)
        self.message, self.code, self.extra = message, code, extra


def test_a_registered_domain_error_answers_with_its_status_code_message_and_extra():
    register_domain_error(OutOfVouchers, status_by_code={"sold_out": status.HTTP_409_CONFLICT})

    sold_out = exception_handler(OutOfVouchers("All gone.", "sold_out", left=0), {})
    other = exception_handler(OutOfVouchers("Bad code.", "bad_code", detail="ignored"), {})

    assert (sold_out.status_code, sold_out.data) == (
        409,
        {"detail": "All gone.", "code": "sold_out", "left": 0},
    )
    assert (other.status_code, other.data) == (
        400,
        {"detail": "Bad code.", "code": "bad_code", "errors": {}},
    )


def test_a_django_validation_error_keeps_fields_and_codes():
    by_field = drf_validation_error(
        ValidationError({"title": ValidationError("Too long.", code="max_length")})
    )
    plain = drf_validation_error(ValidationError("Not a PDF.", code="file_type"), field="file")

    assert by_field.detail == {"title": ["Too long."]}
    assert by_field.detail["title"][0].code == "max_length"
    assert plain.detail == {"file": ["Not a PDF."]}
    response = exception_handler(ValidationError("Closed.", code="closed"), {})
    assert response.data == {"detail": "Closed.", "code": "closed", "errors": {}}


def test_the_schema_publishes_every_route_with_the_contract_keys(client):
    response = client.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert {
        "/api/v1/calls/", "/api/v1/calls/{slug}/", "/api/v1/applications/",
        "/api/v1/applications/{id}/", "/api/v1/applications/{id}/attachments/",
        "/api/v1/applications/{id}/submit/", "/api/v1/applications/{id}/withdraw/",
    } <= set(schema["paths"])  # fmt: skip
    components = schema["components"]["schemas"]
    assert set(components["Call"]["properties"]) == CALL_KEYS
    assert set(components["CallDetail"]["properties"]) == CALL_KEYS | {"fields", "criteria"}
    assert set(components["Application"]["properties"]) == APPLICATION_KEYS
    assert set(components["Attachment"]["properties"]) == ATTACHMENT_KEYS
    assert set(components["Submission"]["properties"]) == {
        "status",
        "receipt_number",
        "submitted_at",
    }
    detail_methods = set(schema["paths"]["/api/v1/applications/{id}/"]) - {"parameters"}
    assert detail_methods == {"get", "patch"}
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    filters = {p["name"] for p in schema["paths"]["/api/v1/calls/"]["get"]["parameters"]}
    assert {"status", "kind", "work_package", "page"} <= filters


def local_assets(page: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', page)


def test_the_docs_pages_load_only_local_static_files(client):
    for url in ("/api/docs/", "/api/redoc/"):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assets = local_assets(page)
        assert assets, url
        for asset in assets:
            assert asset.startswith("/static/"), f"{url} loads {asset}"
            assert finders.find(asset.removeprefix("/static/")), f"{asset} is not in static/"
        assert not re.search(r"https?://|//cdn", page), f"{url} names an outside address"


def test_the_schema_builds_with_no_programme_active_as_the_spectacular_command_does(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    parameters = schema["paths"]["/api/v1/calls/"]["get"]["parameters"]
    assert {"status", "kind", "work_package"} <= {parameter["name"] for parameter in parameters}


# --- every answer under /api/ is JSON -------------------------------------------------------


def test_a_post_to_an_unmatched_api_path_is_a_json_404_not_the_csrf_page(applicant):
    from django.test import Client

    from tests.conftest import login

    browser = login(Client(enforce_csrf_checks=True), applicant)

    response = browser.post("/api/v1/nothing-here/", {"a": "1"})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "No API endpoint at /api/v1/nothing-here/.",
        "code": "not_found",
    }


def test_a_path_with_an_encoded_newline_is_a_json_404(client):
    for path in ("/api/v1/calls%0A", "/api/v1/calls/%0A/x/", "/api/%0D%0Aschema/"):
        response = client.get(path, HTTP_ACCEPT="text/html")

        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json", path
        assert set(response.json()) == {"detail", "code"}, path
        assert response.json()["code"] == "not_found", path


def test_a_failed_csrf_check_under_the_api_is_json_and_elsewhere_the_page(rf, settings):
    from django.middleware.csrf import CsrfViewMiddleware

    from socialtech.views import csrf_failure

    def view(request):
        raise AssertionError("the CSRF check let the request through")

    check = CsrfViewMiddleware(lambda request: None)
    api = check.process_view(rf.post("/api/v1/some-form/"), view, (), {})
    page = check.process_view(rf.post("/calls/some-form/"), view, (), {})

    assert settings.CSRF_FAILURE_VIEW == "socialtech.views.csrf_failure"
    assert (api.status_code, api["Content-Type"]) == (403, "application/json")
    assert json.loads(api.content) == {
        "detail": "CSRF check failed: send the X-CSRFToken header with a session, or use a token.",
        "code": "csrf_failed",
    }
    assert page.status_code == 403 and page["Content-Type"].startswith("text/html")
    assert csrf_failure(rf.post("/api/x"), reason="no cookie").status_code == 403


def test_the_error_handlers_answer_json_under_the_api_and_pages_elsewhere(rf):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    from socialtech import views

    for path, html in (("/api/v1/x", False), ("/calls/x", True)):
        request = rf.get(path)
        answers = {
            400: views.bad_request(request, Exception()),
            403: views.permission_denied(request, PermissionDenied()),
            404: views.page_not_found(request, Http404()),
            500: views.server_error(request),
        }
        for status_code, response in answers.items():
            assert response.status_code == status_code
            if html:
                assert response["Content-Type"].startswith("text/html"), (path, status_code)
            else:
                assert response["Content-Type"] == "application/json", (path, status_code)
                keys = {"detail", "code", "errors"} if status_code == 400 else {"detail", "code"}
                assert set(json.loads(response.content)) == keys
