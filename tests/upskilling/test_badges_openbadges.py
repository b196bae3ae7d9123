"""The badges as Open Badges 2.0 documents: a signed assertion that checks with the key the
programme publishes, refused when changed, still checking after the key is rotated; the
assertion's fields, the revoked answer, the badge class of a path and the issuer; every
document on the programme's own site only."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from django.test import Client

from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.factories import UserFactory
from tests.upskilling.factories import PathFactory, badge_for
from upskilling.badges import services, signing
from upskilling.badges.selectors import signed_badge_check
from upskilling.errors import UpskillingError
from upskilling.models import Badge, BadgeKey

ORIGIN = "http://testserver"


def b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def download_jws(badge: Badge) -> str:
    client = login(Client(), badge.user)
    response = client.get(f"/training/badges/{badge.code}/badge.jws")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content.decode()


def check(tenant: Any, token: str) -> Any:
    with tenant_context(tenant):
        return signed_badge_check(token)


@pytest.fixture
def learner(tenant_a: Any) -> Any:
    return UserFactory(email="Lena.Marino@example.org", full_name="Lena Marino")


def test_the_signed_badge_checks_with_the_key_the_programme_publishes(
    tenant_a: Any, learner: Any, client: Client
) -> None:
    badge = badge_for(tenant_a, learner)
    token = download_jws(badge)

    header_part, payload_part, signature_part = token.split(".")
    header = json.loads(b64decode(header_part))
    with tenant_context(tenant_a):
        key = BadgeKey.objects.get()
    assert header == {"alg": "RS256", "kid": str(key.kid)}
    assert "=" not in token
    # The payload is exactly the assertion served at its address.
    assertion_response = client.get(f"/training/badges/{badge.code}/assertion.json")
    assert assertion_response["Content-Type"] == "application/json"
    assert b64decode(payload_part) == assertion_response.content
    assertion = json.loads(assertion_response.content)
    key_url = assertion["verification"]["creator"]
    assert key_url == f"{ORIGIN}/training/badges/keys/{header['kid']}.json"

    key_document = client.get(key_url.removeprefix(ORIGIN)).json()
    assert key_document["type"] == "CryptographicKey"
    assert key_document["owner"] == f"{ORIGIN}/training/badges/issuer.json"
    public_key = serialization.load_pem_public_key(key_document["publicKeyPem"].encode())
    public_key.verify(  # type: ignore[union-attr,call-arg]
        b64decode(signature_part),
        f"{header_part}.{payload_part}".encode(),
        padding.PKCS1v15(),  # type: ignore[arg-type]
        hashes.SHA256(),  # type: ignore[arg-type]
    )
    with pytest.raises(InvalidSignature):
        public_key.verify(  # type: ignore[union-attr,call-arg]
            b64decode(signature_part),
            f"{header_part}.{b64encode(b'{}')}".encode(),
            padding.PKCS1v15(),  # type: ignore[arg-type]
            hashes.SHA256(),  # type: ignore[arg-type]
        )

    checked = check(tenant_a, token)
    assert checked.badge.pk == badge.pk
    assert str(checked.key.kid) == header["kid"]


def test_the_assertion_names_the_learner_only_by_a_salted_hash(
    tenant_a: Any, learner: Any, client: Client
) -> None:
    badge = badge_for(tenant_a, learner, slug="digital-basics")

    assertion = client.get(f"/training/badges/{badge.code}/assertion.json").json()

    assert assertion["@context"] == "https://w3id.org/openbadges/v2"
    assert assertion["type"] == "Assertion"
    assert assertion["id"] == f"urn:uuid:{badge.uid}"
    expected = hashlib.sha256(f"{learner.email}{badge.salt}".encode()).hexdigest()
    assert assertion["recipient"] == {
        "type": "email",
        "hashed": True,
        "salt": badge.salt,
        "identity": f"sha256${expected}",
    }
    assert "Lena" not in json.dumps(assertion)
    assert assertion["badge"] == f"{ORIGIN}/training/badges/paths/digital-basics/class.json"
    assert assertion["issuedOn"] == badge.awarded_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert assertion["verification"]["type"] == "SignedBadge"


def test_a_changed_payload_or_signature_is_refused(tenant_a: Any, learner: Any) -> None:
    badge = badge_for(tenant_a, learner)
    token = download_jws(badge)
    header_part, payload_part, signature_part = token.split(".")
    assertion = json.loads(b64decode(payload_part))
    assertion["recipient"]["identity"] = "sha256$" + "0" * 64
    tampered_payload = f"{header_part}.{b64encode(json.dumps(assertion).encode())}.{signature_part}"
    flipped = bytearray(b64decode(signature_part))
    flipped[10] ^= 0x01
    tampered_signature = f"{header_part}.{payload_part}.{b64encode(bytes(flipped))}"

    for token_changed in (tampered_payload, tampered_signature):
        with pytest.raises(UpskillingError) as refused:
            check(tenant_a, token_changed)
        assert refused.value.code == signing.BAD_SIGNATURE
        assert refused.value.field == "signed_assertion"


def header(value: str) -> str:
    return b64encode(value.encode())


@pytest.mark.parametrize(
    ("token", "code"),
    [
        ("", signing.FORMAT),
        ("not a badge", signing.FORMAT),
        ("a.b", signing.FORMAT),
        ("a.b.c.d", signing.FORMAT),
        ("é.b.c", signing.FORMAT),
        ("a=.b.c", signing.FORMAT),
        (header("not json") + ".e30.c2ln", signing.FORMAT),
        (header('{"alg":"none","kid":"x"}') + ".e30.c2ln", signing.FORMAT),
        (header('{"alg":"RS256"}') + ".e30.c2ln", signing.FORMAT),
        (header("[1]") + ".e30.c2ln", signing.FORMAT),
        (
            header('{"alg":"RS256","kid":"00000000-0000-0000-0000-000000000000"}') + ".e30.c2ln",
            signing.UNKNOWN_KEY,
        ),
        (header('{"alg":"RS256","kid":"nonsense"}') + ".e30.c2ln", signing.UNKNOWN_KEY),
        ("x" * (signing.MAX_JWS_LENGTH + 1), signing.FORMAT),
    ],
)
def test_text_that_is_not_a_signed_badge_is_refused_with_its_reason(
    tenant_a: Any, token: str, code: str
) -> None:
    with pytest.raises(UpskillingError) as refused:
        check(tenant_a, token)
    assert refused.value.code == code
    assert "Signed badge" in refused.value.message


def test_a_rotated_key_still_checks_the_badges_it_signed_and_stays_published(
    tenant_a: Any, learner: Any, alice: Any, client: Client
) -> None:
    badge = badge_for(tenant_a, learner)
    old_token = download_jws(badge)
    old_kid = json.loads(b64decode(old_token.split(".")[0]))["kid"]

    with tenant_context(tenant_a):
        new_key = services.badge_key_rotate(by=alice)
        old_key = BadgeKey.objects.get(kid=old_kid)
        assert old_key.retired_at is not None
        assert BadgeKey.objects.filter(retired_at__isnull=True).get().pk == new_key.pk
        assert AuditEvent.objects.filter(verb=services.KEY_RETIRED).count() == 1

    assert check(tenant_a, old_token).key.kid == old_key.kid
    new_token = download_jws(badge)
    assert json.loads(b64decode(new_token.split(".")[0]))["kid"] == str(new_key.kid)
    assert check(tenant_a, new_token).badge.pk == badge.pk

    retired = client.get(f"/training/badges/keys/{old_kid}.json").json()
    assert retired["publicKeyPem"] == old_key.public_pem
    assert retired["retired"]
    assert "revoked" not in retired
    issuer = client.get("/training/badges/issuer.json").json()
    assert issuer["publicKey"] == [
        f"{ORIGIN}/training/badges/keys/{new_key.kid}.json",
        f"{ORIGIN}/training/badges/keys/{old_kid}.json",
    ]


def test_the_private_key_is_stored_encrypted_with_a_password_from_the_secret(
    tenant_a: Any, settings: Any
) -> None:
    with tenant_context(tenant_a):
        key = services.badge_key_active()
        assert services.badge_key_active().pk == key.pk  # one active key, made once
    assert "ENCRYPTED PRIVATE KEY" in key.private_pem
    with pytest.raises(TypeError):
        serialization.load_pem_private_key(key.private_pem.encode(), password=None)
    settings.SECRET_KEY = "another-secret-of-at-least-thirty-two-characters"
    with pytest.raises(ValueError):
        signing.private_key_load(key.private_pem)


def test_a_revoked_badge_answers_revoked_with_its_reason(
    tenant_a: Any, learner: Any, alice: Any, client: Client
) -> None:
    badge = badge_for(tenant_a, learner)
    token = download_jws(badge)
    with tenant_context(tenant_a):
        services.badge_revoke(badge=badge, by=alice, reason="Awarded by mistake.")

    response = client.get(f"/training/badges/{badge.code}/assertion.json")
    assert response.status_code == 410
    assert response.json() == {
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": f"urn:uuid:{badge.uid}",
        "revoked": True,
        "revocationReason": "Awarded by mistake.",
    }
    revocations = client.get("/training/badges/revocations.json").json()
    assert revocations["revokedAssertions"] == [
        {"id": f"urn:uuid:{badge.uid}", "revocationReason": "Awarded by mistake."}
    ]
    assert check(tenant_a, token).is_revoked is True
    owner = login(Client(), learner)
    assert owner.get(f"/training/badges/{badge.code}/badge.jws").status_code == 410
    assert owner.get(f"/training/badges/{badge.code}/badge.json").status_code == 410
    with tenant_context(tenant_a), pytest.raises(UpskillingError) as refused:
        services.badge_revoke(badge=badge, by=alice, reason="Again.")
    assert refused.value.code == "badge_already_revoked"


def test_revoking_needs_a_reason(tenant_a: Any, learner: Any, alice: Any) -> None:
    badge = badge_for(tenant_a, learner)
    with tenant_context(tenant_a), pytest.raises(UpskillingError) as refused:
        services.badge_revoke(badge=badge, by=alice, reason="   ")
    assert refused.value.field == "reason"
    badge.refresh_from_db()
    assert badge.revoked_at is None


def test_the_badge_class_of_a_published_path_and_its_image(tenant_a: Any, client: Client) -> None:
    with tenant_context(tenant_a):
        PathFactory(
            tenant=tenant_a,
            slug="green-skills",
            badge_name="Green <skills> & more",
            badge_description="Knows the basics of the green transition.",
            badge_criteria="Complete the three courses.",
        )

    badge_class = client.get("/training/badges/paths/green-skills/class.json")
    assert badge_class["Content-Type"] == "application/json"
    document = badge_class.json()
    assert document["type"] == "BadgeClass"
    assert document["name"] == "Green <skills> & more"
    assert document["description"] == "Knows the basics of the green transition."
    assert document["image"] == f"{ORIGIN}/training/badges/paths/green-skills/image.svg"
    assert document["criteria"] == {
        "id": f"{ORIGIN}/training/paths/green-skills/",
        "narrative": "Complete the three courses.",
    }
    assert document["issuer"] == f"{ORIGIN}/training/badges/issuer.json"

    image = client.get("/training/badges/paths/green-skills/image.svg")
    assert image["Content-Type"] == "image/svg+xml"
    svg = image.content.decode()
    assert svg.startswith("<svg")
    assert "Green &lt;skills&gt; &amp; more" in svg
    assert "<skills>" not in svg
    assert "Programme Alpha" in svg


def test_a_draft_path_has_no_public_badge_class(tenant_a: Any, client: Client) -> None:
    with tenant_context(tenant_a):
        PathFactory(tenant=tenant_a, slug="not-yet", status="draft", published_at=None)
    assert client.get("/training/badges/paths/not-yet/class.json").status_code == 404
    assert client.get("/training/badges/paths/not-yet/image.svg").status_code == 404
    assert client.get("/training/badges/paths/nothing/class.json").status_code == 404


def test_the_issuer_names_the_programme_its_address_and_its_keys(
    tenant_a: Any, client: Client
) -> None:
    tenant_a.contact_email = "academy@alpha.example.org"
    tenant_a.save()

    issuer = client.get("/training/badges/issuer.json").json()

    assert issuer["type"] == "Issuer"
    assert issuer["id"] == f"{ORIGIN}/training/badges/issuer.json"
    assert issuer["name"] == "Programme Alpha"
    assert issuer["url"] == f"{ORIGIN}/"
    assert issuer["email"] == "academy@alpha.example.org"
    with tenant_context(tenant_a):
        key = BadgeKey.objects.get()
    assert issuer["publicKey"] == [f"{ORIGIN}/training/badges/keys/{key.kid}.json"]
    assert issuer["revocationList"] == f"{ORIGIN}/training/badges/revocations.json"


def test_a_badge_of_programme_b_is_not_found_on_programme_a(
    tenant_a: Any, tenant_b: Any, client: Client, client_b: Client
) -> None:
    learner = UserFactory()
    badge = badge_for(tenant_b, learner)
    token = download_jws_on(client_b, badge)
    with tenant_context(tenant_b):
        kid = BadgeKey.objects.get().kid

    for address in (
        f"/training/badges/{badge.code}/",
        f"/training/badges/{badge.code}/assertion.json",
        f"/training/badges/keys/{kid}.json",
        f"/training/badges/paths/{badge.path.slug}/class.json",
    ):
        assert client.get(address).status_code == 404, address
        assert client_b.get(address).status_code == 200, address
    owner_on_a = login(Client(), learner)
    assert owner_on_a.get(f"/training/badges/{badge.code}/badge.jws").status_code == 404
    with pytest.raises(UpskillingError) as refused:
        check(tenant_a, token)
    assert refused.value.code == signing.UNKNOWN_KEY
    assert check(tenant_b, token).badge.pk == badge.pk


def download_jws_on(client: Client, badge: Badge) -> str:
    login(client, badge.user)
    response = client.get(f"/training/badges/{badge.code}/badge.jws")
    assert response.status_code == 200
    client.logout()
    return response.content.decode()


def test_a_genuine_signature_over_something_that_is_not_a_badge_is_refused(
    tenant_a: Any,
) -> None:
    with tenant_context(tenant_a):
        key = services.badge_key_active()
    token = signing.jws_sign(
        payload=b'{"type": "Invoice"}', kid=str(key.kid), private_pem=key.private_pem
    )
    with pytest.raises(UpskillingError) as refused:
        check(tenant_a, token)
    assert refused.value.code == signing.FORMAT
    assert "not a badge" in refused.value.message
