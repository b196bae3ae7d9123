"""The Open Badges 2.0 documents of a programme's badges, as whoever checks a badge reads
them: the issuer's profile, its keys, a path's badge class (with its image) and a
learner's assertion, plus the list of revoked assertions.

Every URL in them is absolute on ``origin`` (``scheme://host[:port]``, the request's own
site, else the programme's primary address). Keys are the specification's, in English,
and never change; text comes from the path as the programme wrote it. The JSON of an
assertion is made by :func:`to_json` only, so the file served and the payload signed are
the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.html import escape

from upskilling.models import Badge, BadgeKey, LearningPath

CONTEXT = "https://w3id.org/openbadges/v2"


def to_json(document: dict[str, Any]) -> bytes:
    """The bytes every document is served as (and an assertion is signed as)."""
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def iso_utc(moment: datetime) -> str:
    """``2026-05-04T09:30:00Z``: an instant in ISO 8601, in UTC."""
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# --- Addresses -----------------------------------------------------------------------


def issuer_url(origin: str) -> str:
    return f"{origin}{reverse('upskilling_badge_issuer')}"


def revocations_url(origin: str) -> str:
    return f"{origin}{reverse('upskilling_badge_revocations')}"


def key_url(origin: str, key: BadgeKey) -> str:
    return f"{origin}{reverse('upskilling_badge_key', args=[key.kid])}"


def badge_class_url(origin: str, path: LearningPath) -> str:
    return f"{origin}{reverse('upskilling_badge_class', args=[path.slug])}"


def badge_image_url(origin: str, path: LearningPath) -> str:
    return f"{origin}{reverse('upskilling_badge_image', args=[path.slug])}"


def path_page_url(origin: str, path: LearningPath) -> str:
    """The path's public page, where its criteria are read."""
    try:
        page = reverse("upskilling_path", args=[path.slug])
    except NoReverseMatch:
        page = f"/training/paths/{path.slug}/"
    return f"{origin}{page}"


def badge_page_url(origin: str, badge: Badge) -> str:
    return f"{origin}{reverse('upskilling_badge', args=[badge.code])}"


def assertion_url(origin: str, badge: Badge) -> str:
    return f"{origin}{reverse('upskilling_badge_assertion', args=[badge.code])}"


def assertion_id(badge: Badge) -> str:
    return f"urn:uuid:{badge.uid}"


# --- Documents -----------------------------------------------------------------------


def recipient_identity(email: str, salt: str) -> str:
    """``sha256$<hex>``: the learner's e-mail address hashed with the badge's salt."""
    return "sha256$" + hashlib.sha256(f"{email}{salt}".encode()).hexdigest()


def issuer_document(origin: str, *, tenant: Any, keys: list[BadgeKey]) -> dict[str, Any]:
    """The programme as the issuer of its badges, with every key it signed with."""
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": issuer_url(origin),
        "name": tenant.name,
        "url": f"{origin}/",
    }
    if getattr(tenant, "contact_email", ""):
        document["email"] = tenant.contact_email
    document["publicKey"] = [key_url(origin, key) for key in keys]
    document["revocationList"] = revocations_url(origin)
    return document


def key_document(origin: str, key: BadgeKey) -> dict[str, Any]:
    """One key of the programme. A retired key signs nothing new but still checks what it
    signed, so it is not marked ``revoked`` (that would void those badges): ``retired``
    says since when it stopped signing."""
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "CryptographicKey",
        "id": key_url(origin, key),
        "owner": issuer_url(origin),
        "publicKeyPem": key.public_pem,
        "created": iso_utc(key.created_at),
    }
    if key.retired_at is not None:
        document["retired"] = iso_utc(key.retired_at)
    return document


def badge_class_document(origin: str, path: LearningPath) -> dict[str, Any]:
    """The badge of ``path``: what it is called, what it means and how it is earned."""
    return {
        "@context": CONTEXT,
        "type": "BadgeClass",
        "id": badge_class_url(origin, path),
        "name": path.badge_name,
        "description": path.badge_description,
        "image": badge_image_url(origin, path),
        "criteria": {"id": path_page_url(origin, path), "narrative": path.badge_criteria},
        "issuer": issuer_url(origin),
        "tags": [path.audience],
    }


def assertion_document(origin: str, *, badge: Badge, key: BadgeKey) -> dict[str, Any]:
    """The learner's badge: to whom (the e-mail address hashed with the badge's salt),
    which badge, when, and the key that signs it."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_id(badge),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": badge.salt,
            "identity": recipient_identity(badge.user.email, badge.salt),
        },
        "badge": badge_class_url(origin, badge.path),
        "issuedOn": iso_utc(badge.awarded_at),
        "verification": {"type": "SignedBadge", "creator": key_url(origin, key)},
    }


def revoked_assertion_document(badge: Badge) -> dict[str, Any]:
    """What a revoked badge's assertion answers instead (with 410 Gone)."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_id(badge),
        "revoked": True,
        "revocationReason": badge.revocation_reason,
    }


def revocation_list_document(origin: str, badges: list[Badge]) -> dict[str, Any]:
    """The programme's revoked badges, which a signed badge is checked against."""
    return {
        "@context": CONTEXT,
        "type": "RevocationList",
        "id": revocations_url(origin),
        "issuer": issuer_url(origin),
        "revokedAssertions": [
            {"id": assertion_id(badge), "revocationReason": badge.revocation_reason}
            for badge in badges
        ],
    }


# --- Image ---------------------------------------------------------------------------


def _lines(text: str, width: int, most: int) -> list[str]:
    """``text`` cut into at most ``most`` lines of about ``width`` characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1][: max(width - 1, 1)].rstrip() + "…"
    return [line if len(line) <= width + 4 else line[: width + 3] + "…" for line in lines]


def badge_image_svg(path: LearningPath, *, programme: str, colour: str) -> str:
    """The badge's picture: a medal in the programme's colour with the badge's name and
    the programme's, every text escaped."""
    fill = colour if colour.startswith("#") and len(colour) == 7 else "#1f5f8b"
    name_lines = _lines(path.badge_name, 16, 3)
    first_y = 200 - (len(name_lines) - 1) * 14
    names = "".join(
        f'<text x="200" y="{first_y + index * 28}" font-size="24" font-weight="700" '
        f'text-anchor="middle" fill="#ffffff">{escape(line)}</text>'
        for index, line in enumerate(name_lines)
    )
    programme_line = escape(_lines(programme, 28, 1)[0] if programme else "")
    title = escape(path.badge_name)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" '
        f'font-family="Arial, Helvetica, sans-serif" role="img" aria-labelledby="badge-title"><title id="badge-title">{title}</title>'
        f'<circle cx="200" cy="200" r="190" fill="{escape(fill)}"/>'
        '<circle cx="200" cy="200" r="165" fill="none" stroke="#ffffff" stroke-width="6"/>'
        '<path d="M170 70 l30 -25 l30 25 z" fill="#ffffff"/>'
        f"{names}"
        f'<text x="200" y="320" font-size="15" text-anchor="middle" fill="#ffffff">'
        f"{programme_line}</text></svg>"
    )
