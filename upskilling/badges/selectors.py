"""Reads of the badges: the paths a learner has completed without their badge yet, a
badge by its public code or its assertion id, a learner's badges, the programme's keys,
and the language and zone a learner is written to in."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext as _

from mooc.models import Enrolment
from socialtech.documents.models import is_document_code, normalise_document_code
from upskilling.badges import signing
from upskilling.errors import UpskillingError
from upskilling.models import Badge, BadgeKey, LearningPath, PathStatus

MY_BADGES_PAGE_SIZE = 20
# Whose badges are public: a path archived later keeps what it vouched for.
PUBLIC_PATH_STATUSES = (PathStatus.PUBLISHED, PathStatus.ARCHIVED)


def enrolment_for_badges(enrolment_id: int) -> Enrolment | None:
    """The enrolment with its learner, or None when it is gone."""
    return Enrolment.objects.select_related("user").filter(pk=enrolment_id).first()


def paths_due(*, user: Any, course_id: int | None = None) -> QuerySet[LearningPath]:
    """The published paths (containing ``course_id`` when given) with at least one course,
    every course of which ``user`` has completed, and whose badge ``user`` does not have."""
    completed = Enrolment.objects.filter(user=user, completed_at__isnull=False).values("course_id")
    paths = LearningPath.objects.filter(status=PathStatus.PUBLISHED).exclude(badges__user=user)
    if course_id is not None:
        paths = paths.filter(pk__in=LearningPath.objects.filter(steps__course_id=course_id))
    return (
        paths.annotate(
            course_count=Count("steps", distinct=True),
            completed_count=Count("steps", filter=Q(steps__course_id__in=completed), distinct=True),
        )
        .filter(course_count__gt=0, completed_count=F("course_count"))
        .order_by("pk")
    )


def path_completed_by(*, path: LearningPath, user: Any) -> bool:
    """Whether ``user`` has completed every course of ``path`` (a path of no course: no)."""
    course_ids = set(path.steps.values_list("course_id", flat=True))
    if not course_ids:
        return False
    completed = Enrolment.objects.filter(
        user=user, course_id__in=course_ids, completed_at__isnull=False
    ).count()
    return completed == len(course_ids)


def badge_of(badge_id: int) -> Badge | None:
    """The badge with its path, learner and programme, or None when it is gone."""
    return Badge.objects.select_related("path", "user", "tenant").filter(pk=badge_id).first()


def badge_for_code(code: str) -> Badge | None:
    """The active programme's badge with ``code`` (any case, with or without dashes)."""
    normalised = normalise_document_code(code or "")
    if not is_document_code(normalised):
        return None
    return Badge.objects.select_related("path", "user", "tenant").filter(code=normalised).first()


def badge_for_owner(*, code: str, user: Any) -> Badge | None:
    """The badge ``code`` when ``user`` is its learner; None for anyone else (a 404)."""
    badge = badge_for_code(code)
    if badge is None or not getattr(user, "is_authenticated", False) or badge.user_id != user.pk:
        return None
    return badge


def badge_for_assertion_id(assertion_id: Any) -> Badge | None:
    """The active programme's badge whose assertion id is ``urn:uuid:<uid>`` (or ``<uid>``)."""
    if not isinstance(assertion_id, str):
        return None
    text = assertion_id.removeprefix("urn:uuid:")
    try:
        uid = uuid.UUID(text)
    except ValueError:
        return None
    return Badge.objects.select_related("path", "user", "tenant").filter(uid=uid).first()


def my_badges(user: Any) -> QuerySet[Badge]:
    """``user``'s badges of the active programme, newest first, with their paths."""
    return (
        Badge.objects.select_related("path", "tenant")
        .filter(user=user)
        .order_by("-awarded_at", "-pk")
    )


def revoked_badges() -> QuerySet[Badge]:
    """The programme's revoked badges, for its revocation list."""
    return Badge.objects.filter(revoked_at__isnull=False).order_by("revoked_at", "pk")


def badges_for_staff() -> QuerySet[Badge]:
    return Badge.objects.select_related("path", "user", "tenant").order_by("-awarded_at", "-pk")


def path_for_badge_class(slug: str) -> LearningPath | None:
    """The published or archived path ``slug`` of the active programme; a draft is None."""
    return (
        LearningPath.objects.select_related("tenant")
        .filter(slug=slug, status__in=PUBLIC_PATH_STATUSES)
        .first()
    )


def key_active() -> BadgeKey | None:
    """The active programme's key that signs now (the newest not retired), if any."""
    return BadgeKey.objects.filter(retired_at__isnull=True).order_by("-created_at", "-pk").first()


def keys_published() -> QuerySet[BadgeKey]:
    """Every key of the programme, active and retired: a retired key still checks what it
    signed."""
    return BadgeKey.objects.order_by("-created_at", "-pk")


def key_for_kid(kid: Any) -> BadgeKey | None:
    """The active programme's key ``kid`` (a UUID or its text), active or retired."""
    try:
        value = kid if isinstance(kid, uuid.UUID) else uuid.UUID(str(kid))
    except ValueError:
        return None
    return BadgeKey.objects.filter(kid=value).first()


def learner_language(user: Any) -> str:
    """The learner's language when the installation offers it, else the installation's."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else str(settings.LANGUAGE_CODE)


def learner_name(user: Any) -> str:
    return str(getattr(user, "full_name", "") or user.email)


@dataclass(frozen=True)
class BadgeCheck:
    """A signed badge checked: the programme's key that signed it, the assertion it
    carries, and the badge it names (None when the programme has no such badge)."""

    key: BadgeKey
    assertion: dict[str, Any]
    badge: Badge | None

    @property
    def is_revoked(self) -> bool:
        return self.badge is not None and self.badge.revoked_at is not None


def _public_pem_for(kid: str) -> str | None:
    key = key_for_kid(kid)
    return key.public_pem if key is not None else None


def signed_badge_check(token: str) -> BadgeCheck:
    """Check a signed badge (a compact JWS) against the active programme's keys, active or
    retired, and find the badge its assertion names. A read: a public page may call it.

    Refuses (``UpskillingError``, field ``signed_assertion``) what :func:`signing.jws_verify`
    refuses, a payload that is not an Open Badges assertion (``jws_format``) and an
    assertion that names another key than the one that signed it (``jws_format``)."""
    verified = signing.jws_verify(token, public_pem_for=_public_pem_for)
    key = key_for_kid(verified.kid)
    if key is None:  # gone between the two reads
        raise UpskillingError(
            _("Signed badge: it was signed with a key this programme does not have."),
            signing.UNKNOWN_KEY,
            field="signed_assertion",
        )
    try:
        assertion = json.loads(verified.payload)
    except (UnicodeDecodeError, ValueError):
        assertion = None
    creator = (
        assertion.get("verification", {}).get("creator", "")
        if isinstance(assertion, dict) and isinstance(assertion.get("verification"), dict)
        else ""
    )
    if (
        not isinstance(assertion, dict)
        or assertion.get("type") != "Assertion"
        or not isinstance(creator, str)
        or str(key.kid) not in creator
    ):
        raise UpskillingError(
            _("Signed badge: the signature is genuine but what it signs is not a badge."),
            signing.FORMAT,
            field="signed_assertion",
        )
    return BadgeCheck(
        key=key, assertion=assertion, badge=badge_for_assertion_id(assertion.get("id"))
    )
