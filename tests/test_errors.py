from __future__ import annotations

import json

from django.test import RequestFactory

from socialtech.views import server_error


def test_server_error_under_the_api_is_json():
    response = server_error(RequestFactory().get("/api/v1/calls/"))
    assert response.status_code == 500
    assert json.loads(response.content)["code"] == "server_error"


def test_server_error_elsewhere_is_the_html_page():
    response = server_error(RequestFactory().get("/calls/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_deeply_nested_json_to_any_api_endpoint_is_a_400(applicant, tenant_a, client):
    client.force_login(applicant)
    body = "[" * 5000 + "]" * 5000
    response = client.post("/api/v1/organisations/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"]
