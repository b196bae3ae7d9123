"""The badges' pages: the learner's badges with their downloads (to them only), the public
page of a badge, the page where anyone checks a signed badge, and the back office's
revocation and key rotation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.factories import UserFactory
from tests.upskilling.factories import badge_for
from upskilling.badges import services
from upskilling.models import Badge, BadgeKey


@pytest.fixture
def learner(tenant_a: Any) -> Any:
    return UserFactory(email="lena@example.org", full_name="Lena Marino")


def signed(badge: Badge) -> str:
    response = login(Client(), badge.user).get(f"/training/badges/{badge.code}/badge.jws")
    assert response.status_code == 200
    return response.content.decode()


def test_my_badges_lists_the_learners_badges_with_downloads_and_public_link(
    tenant_a: Any, learner: Any
) -> None:
    badge = badge_for(tenant_a, learner, badge_name="Digital basics")
    someone_else = badge_for(tenant_a, UserFactory(), badge_name="Not mine")

    page = login(Client(), learner).get("/training/badges/mine/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Digital basics" in html
    assert "Not mine" not in html and someone_else.code not in html
    assert f'href="/training/badges/{badge.code}/"' in html
    assert f'href="/training/badges/{badge.code}/badge.jws"' in html
    assert f'href="/training/badges/{badge.code}/badge.json"' in html
    assert "(UTC)" in html or "(Europe/" in html


def test_my_badges_empty_points_to_the_paths(tenant_a: Any, learner: Any) -> None:
    page = login(Client(), learner).get("/training/badges/mine/")
    html = page.content.decode()
    assert "data-empty" in html
    assert 'href="/training/paths/"' in html


def test_my_badges_needs_signing_in(tenant_a: Any, client: Client) -> None:
    response = client.get("/training/badges/mine/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_badge_json_download_is_the_assertion_as_an_attachment(
    tenant_a: Any, learner: Any, client: Client
) -> None:
    badge = badge_for(tenant_a, learner, slug="digital-basics")
    response = login(Client(), learner).get(f"/training/badges/{badge.code}/badge.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="badge-digital-basics.json"'
    assert response.content == client.get(f"/training/badges/{badge.code}/assertion.json").content


def test_another_learner_gets_404_on_the_downloads(tenant_a: Any, learner: Any) -> None:
    badge = badge_for(tenant_a, learner)
    other = login(Client(), UserFactory(email="other@example.org"))
    for download in ("badge.jws", "badge.json"):
        assert other.get(f"/training/badges/{badge.code}/{download}").status_code == 404
    assert other.get("/training/badges/ZZZZ-ZZZZ-ZZZZ/badge.jws").status_code == 404


def test_the_public_page_shows_the_learner_the_path_and_the_time_with_its_zone(
    tenant_a: Any, learner: Any, client: Client
) -> None:
    tenant_a.default_timezone = "Europe/Rome"
    tenant_a.save()
    badge = badge_for(tenant_a, learner, title="Digital basics path", badge_name="Digital basics")

    html = client.get(f"/training/badges/{badge.code}/").content.decode()

    assert '<meta name="robots" content="noindex">' in html
    assert "Lena Marino" in html
    assert "lena@example.org" not in html
    assert "Digital basics path" in html
    assert "(Europe/Rome)" in html
    assert "Programme Alpha" in html
    assert "data-valid" in html and "data-revoked" not in html
    assert f'href="/training/badges/{badge.code}/assertion.json"' in html
    assert 'href="/training/badges/issuer.json"' in html
    # Any case, without dashes: the same badge.
    compact = badge.code.replace("-", "").lower()
    assert client.get(f"/training/badges/{compact}/").status_code == 200
    assert client.get("/training/badges/nonsense/").status_code == 404


def test_the_public_page_of_a_revoked_badge_says_when_and_why(
    tenant_a: Any, learner: Any, alice: Any, client: Client
) -> None:
    badge = badge_for(tenant_a, learner)
    with tenant_context(tenant_a):
        services.badge_revoke(badge=badge, by=alice, reason="Awarded by mistake.")

    html = client.get(f"/training/badges/{badge.code}/").content.decode()

    assert "data-revoked" in html and "data-valid" not in html
    assert "Revoked on" in html
    assert "Awarded by mistake." in html
    assert "(Europe/Brussels)" in html


def test_the_verify_page_accepts_a_good_signed_badge(
    tenant_a: Any, learner: Any, client: Client
) -> None:
    badge = badge_for(tenant_a, learner, badge_name="Digital basics")
    token = signed(badge)
    with tenant_context(tenant_a):
        kid = BadgeKey.objects.get().kid

    response = client.post("/training/badges/verify/", {"signed_assertion": token})

    assert response.status_code == 200
    html = response.content.decode()
    assert "data-valid" in html
    assert str(kid) in html
    assert "Digital basics" in html
    assert "Lena Marino" in html
    assert f'href="/training/badges/{badge.code}/"' in html


def test_the_verify_page_accepts_the_jws_file(tenant_a: Any, learner: Any, client: Client) -> None:
    badge = badge_for(tenant_a, learner)
    upload = SimpleUploadedFile("badge.jws", signed(badge).encode(), "application/jose")

    html = client.post("/training/badges/verify/", {"file": upload}).content.decode()

    assert "data-valid" in html
    assert badge.code in html


def test_the_verify_page_says_a_checked_badge_was_revoked(
    tenant_a: Any, learner: Any, alice: Any, client: Client
) -> None:
    badge = badge_for(tenant_a, learner)
    token = signed(badge)
    with tenant_context(tenant_a):
        services.badge_revoke(badge=badge, by=alice, reason="Awarded by mistake.")

    html = client.post("/training/badges/verify/", {"signed_assertion": token}).content.decode()

    assert "data-revoked" in html
    assert "Awarded by mistake." in html


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"signed_assertion": "garbage"}, "Signed badge: this is not a signed badge"),
        ({"signed_assertion": ""}, "Signed badge: paste the signed badge"),
        ({"signed_assertion": "a.b.c"}, "Signed badge: this is not a signed badge"),
    ],
)
def test_the_verify_page_names_the_refusal_of_bad_input(
    tenant_a: Any, client: Client, data: dict[str, str], expected: str
) -> None:
    response = client.post("/training/badges/verify/", data)
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in html
    assert "data-result" not in html


def test_the_verify_page_refuses_a_tampered_badge_and_a_binary_file(
    tenant_a: Any, learner: Any, client: Client
) -> None:
    badge = badge_for(tenant_a, learner)
    header, payload, signature = signed(badge).split(".")
    tampered = f"{header}.{payload[:-2]}AA.{signature}"

    html = client.post("/training/badges/verify/", {"signed_assertion": tampered}).content.decode()
    assert "Signed badge: the signature does not match" in html
    assert "data-result" not in html

    upload = SimpleUploadedFile("badge.jws", b"\xff\xfe\x00binary", "application/octet-stream")
    html = client.post("/training/badges/verify/", {"file": upload}).content.decode()
    assert "Or the signed badge&#x27;s file (.jws): this file is not text" in html


def test_the_verify_page_shows_its_form(tenant_a: Any, client: Client) -> None:
    html = client.get("/training/badges/verify/").content.decode()
    assert 'name="signed_assertion"' in html
    assert 'name="file"' in html
    assert '<label for="id_signed_assertion">' in html


def staff(user: Any) -> Client:
    return login(Client(), user, mfa=True)


def test_staff_revoke_badges_after_giving_a_reason(tenant_a: Any, learner: Any, alice: Any) -> None:
    badge = badge_for(tenant_a, learner)
    client = staff(alice)
    changelist = "/admin/upskilling/badge/"

    asked = client.post(changelist, {"action": "revoke_badges", "_selected_action": [badge.pk]})
    assert asked.status_code == 200
    assert 'name="reason"' in asked.content.decode()
    assert badge.code in asked.content.decode()

    empty = client.post(
        changelist,
        {"action": "revoke_badges", "_selected_action": [badge.pk], "apply": "1", "reason": ""},
    )
    assert empty.status_code == 200
    badge.refresh_from_db()
    assert badge.revoked_at is None

    done = client.post(
        changelist,
        {
            "action": "revoke_badges",
            "_selected_action": [badge.pk],
            "apply": "1",
            "reason": "Awarded by mistake.",
        },
    )
    assert done.status_code == 302
    badge.refresh_from_db()
    assert badge.revoked_at is not None
    assert badge.revocation_reason == "Awarded by mistake."
    with tenant_context(tenant_a):
        event = AuditEvent.objects.get(verb=services.REVOKED)
    assert event.actor_id == alice.pk
    assert event.data["reason"] == "Awarded by mistake."


def test_staff_rotate_the_signing_key_from_the_back_office(tenant_a: Any, alice: Any) -> None:
    with tenant_context(tenant_a):
        old = services.badge_key_active()
    client = staff(alice)
    listing = client.get("/admin/upskilling/badgekey/")
    assert listing.status_code == 200
    assert str(old.kid) in listing.content.decode()

    response = client.post(
        "/admin/upskilling/badgekey/", {"action": "rotate_key", "_selected_action": [old.pk]}
    )

    assert response.status_code == 302
    with tenant_context(tenant_a):
        old.refresh_from_db()
        assert old.retired_at is not None
        assert BadgeKey.objects.filter(retired_at__isnull=True).count() == 1


def test_the_back_office_lists_badges_read_only_and_not_to_a_learner(
    tenant_a: Any, learner: Any, alice: Any
) -> None:
    badge = badge_for(tenant_a, learner)
    client = staff(alice)
    listing = client.get("/admin/upskilling/badge/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert badge.code in html
    assert "lena@example.org" in html
    assert client.get("/admin/upskilling/badge/add/").status_code == 403
    assert login(Client(), learner).get("/admin/upskilling/badge/").status_code in (302, 403)


def test_my_badges_reads_a_fixed_number_of_queries(tenant_a: Any, learner: Any) -> None:
    client = login(Client(), learner)
    badge_for(tenant_a, learner)
    client.get("/training/badges/mine/")  # the first request fills the caches
    with CaptureQueriesContext(connection) as one:
        assert client.get("/training/badges/mine/").status_code == 200
    for _number in range(5):
        badge_for(tenant_a, learner)
    with CaptureQueriesContext(connection) as six:
        html = client.get("/training/badges/mine/").content.decode()
    assert html.count("data-badge=") == 6
    assert len(six.captured_queries) == len(one.captured_queries)
