"""The isolation entries of the learner's pages and certificates reach real rows: on
programme A's host, A's learner opens each page Charlie of programme B gets 404 for (see
tests/tenancy/routes/mooc_learning.py), and A's staff open the file and the certificate.
The same learner on B's host gets 404: the programme closes the door, not the person."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import HOST_A, HOST_B, login
from tests.tenancy.kinds import ObjectPage, OwnList
from tests.tenancy.routes.mooc_learning import COURSE_TITLE, ROUTES, build


@pytest.fixture
def objects_a(tenant_a: Any, alice: Any, bob: Any) -> dict[str, Any]:
    objects: dict[str, Any] = {}
    build(objects, tenant_a=tenant_a, alice=alice, bob=bob)
    return objects


def _object_urls(objects: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (name, entry.method, reverse(name, kwargs=entry.kwargs(objects)))
        for name, entry in ROUTES.items()
        if isinstance(entry, ObjectPage)
    ]


def test_programme_as_learner_opens_every_page_that_another_programme_is_refused(
    objects_a: dict[str, Any],
) -> None:
    client = login(Client(HTTP_HOST=HOST_A), objects_a["mooc_learning_learner"])
    for name, method, url in _object_urls(objects_a):
        response = getattr(client, method)(url)
        # Enrolling again leads back to the lesson to resume.
        expected = 302 if name == "mooc_enrol" else 200
        assert response.status_code == expected, f"{name} {url} answered {response.status_code}"
    assert (
        client.get(reverse("mooc_lesson_file", kwargs=ROUTES["mooc_lesson_file"].kwargs(objects_a)))
        .getvalue()
        .startswith(b"%PDF")
    )
    certificate = client.get(
        reverse("mooc_certificate", kwargs=ROUTES["mooc_certificate"].kwargs(objects_a))
    )
    assert certificate["Content-Type"] == "application/pdf"
    assert certificate.getvalue().startswith(b"%PDF")
    for name, entry in ROUTES.items():
        if isinstance(entry, OwnList):
            assert entry.marker(objects_a) == COURSE_TITLE
            assert COURSE_TITLE in client.get(reverse(name)).content.decode(), name


def test_programme_as_staff_open_the_lesson_file_and_the_certificate(
    objects_a: dict[str, Any], alice: Any
) -> None:
    client = login(Client(HTTP_HOST=HOST_A), alice, mfa=True)
    for name in ("mooc_lesson_file", "mooc_certificate"):
        url = reverse(name, kwargs=ROUTES[name].kwargs(objects_a))
        assert client.get(url).status_code == 200, url


def test_the_same_learner_on_another_programmes_host_gets_404(
    objects_a: dict[str, Any], tenant_b: Any
) -> None:
    client = login(Client(HTTP_HOST=HOST_B), objects_a["mooc_learning_learner"])
    for name, method, url in _object_urls(objects_a):
        response = getattr(client, method)(url)
        assert response.status_code == 404, f"{name} {url} answered {response.status_code}"
    assert COURSE_TITLE not in client.get(reverse("mooc_my_learning")).content.decode()
