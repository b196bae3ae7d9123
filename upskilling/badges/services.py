"""The writes of the badges: the check queued after a course completion, the badges due
awarded on a learner's request, a badge revoked, and the programme's signing key made on
first need, used to sign, and rotated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant
from socialtech.tenancy.models import Tenant
from upskilling.badges import jobs, openbadges, selectors, signing
from upskilling.badges.tasks import check_path_badges, send_badge_awarded_notice
from upskilling.errors import UpskillingError
from upskilling.models import Badge, BadgeKey

KEY_CREATED = "upskilling.badge_key_created"
KEY_RETIRED = "upskilling.badge_key_retired"
REVOKED = "upskilling.badge_revoked"
REASON_MAX_LENGTH = 2000


def badge_check_enqueue(*, enrolment_id: int, tenant_id: int) -> None:
    """Queue the check of the paths the completed enrolment ``enrolment_id`` may complete,
    once the current transaction commits (the completion callback). Refuses nothing here:
    the task awards nothing for an enrolment that is not completed, and awards once."""
    enqueue_on_commit(check_path_badges, tenant_id=tenant_id, enrolment_id=enrolment_id)


@transaction.atomic
def badges_award_due(*, user: Any) -> list[Badge]:
    """Award ``user`` every badge due in the active programme: each published path whose
    courses they have all completed and whose badge they do not have yet (a path published
    after they finished it, say). Each badge is awarded once, with an audit row, and
    e-mailed to the learner once after commit. Returns the badges awarded now (empty when
    none was due, which is not a refusal). Refuses nothing; an anonymous user has none due.
    """
    if not getattr(user, "is_authenticated", False):
        return []
    awarded: list[Badge] = []
    for path in selectors.paths_due(user=user):
        badge, created = jobs.badge_award(path=path, user=user)
        if created:
            awarded.append(badge)
            enqueue_on_commit(
                send_badge_awarded_notice, tenant_id=badge.tenant_id, badge_id=badge.pk
            )
    return awarded


@transaction.atomic
def badge_revoke(*, badge: Badge, by: Any, reason: str) -> Badge:
    """Revoke ``badge`` with ``reason``, shown to whoever checks it; an audit row. Its
    public page, its assertion and the revocation list say so from now on.

    Refuses (``UpskillingError``) an empty or too long reason (field ``reason``) and a
    badge already revoked (``badge_already_revoked``)."""
    reason = (reason or "").strip()
    if not reason:
        raise UpskillingError(
            _("Reason: say why the badge is revoked; whoever checks it reads the reason."),
            "reason_required",
            field="reason",
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise UpskillingError(
            _("Reason: at most %(limit)d characters.") % {"limit": REASON_MAX_LENGTH},
            "reason_too_long",
            field="reason",
        )
    locked = Badge.objects.select_for_update().get(pk=badge.pk)
    if locked.revoked_at is not None:
        raise UpskillingError(
            _("This badge was already revoked on %(date)s.")
            % {"date": openbadges.iso_utc(locked.revoked_at)},
            "badge_already_revoked",
        )
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason
    locked.full_clean(validate_unique=False, validate_constraints=False)
    locked.save(update_fields=["revoked_at", "revocation_reason"])
    audit_log(actor=by, verb=REVOKED, target=locked, data={"code": locked.code, "reason": reason})
    return locked


def _tenant_lock(tenant: Tenant) -> None:
    # One key maker at a time per programme: the second finds the first's key.
    list(Tenant.objects.select_for_update().filter(pk=tenant.pk).values("pk"))


def _key_create(*, tenant: Tenant, by: Any) -> BadgeKey:
    pair = signing.key_pair_generate()
    key = BadgeKey(tenant=tenant, public_pem=pair.public_pem, private_pem=pair.private_pem)
    key.full_clean(validate_unique=False, validate_constraints=False)
    key.save()
    audit_log(actor=by, verb=KEY_CREATED, target=key, data={"kid": str(key.kid)})
    return key


@transaction.atomic
def badge_key_active() -> BadgeKey:
    """The active programme's key that signs its badges, made (RSA 2048, its private half
    encrypted) the first time one is needed, with an audit row. Refuses nothing; needs an
    active programme."""
    key = selectors.key_active()
    if key is not None:
        return key
    tenant = require_active_tenant()
    _tenant_lock(tenant)
    key = selectors.key_active()
    if key is not None:
        return key
    return _key_create(tenant=tenant, by=None)


@transaction.atomic
def badge_key_rotate(*, by: Any) -> BadgeKey:
    """Retire the programme's active key (it stays published, so every badge it signed
    still checks) and make a new one that signs from now on; an audit row for each.
    Returns the new key. Refuses nothing."""
    tenant = require_active_tenant()
    _tenant_lock(tenant)
    now = timezone.now()
    for old in BadgeKey.objects.select_for_update().filter(retired_at__isnull=True):
        old.retired_at = now
        old.save(update_fields=["retired_at"])
        audit_log(actor=by, verb=KEY_RETIRED, target=old, data={"kid": str(old.kid)})
    return _key_create(tenant=tenant, by=by)


@dataclass(frozen=True)
class SignedBadge:
    key: BadgeKey
    payload: bytes  # the assertion's JSON, as served at its address
    jws: str


def badge_assertion(*, badge: Badge, origin: str) -> tuple[BadgeKey, bytes]:
    """The key that signs now and the assertion's JSON naming it, with every address on
    ``origin``. Makes the key on first need (see :func:`badge_key_active`)."""
    key = badge_key_active()
    document = openbadges.assertion_document(origin, badge=badge, key=key)
    return key, openbadges.to_json(document)


def badge_sign(*, badge: Badge, origin: str) -> SignedBadge:
    """The badge's assertion signed by the programme's active key: a compact JWS (RS256)
    whose payload is exactly the assertion's JSON. Refuses (``UpskillingError``,
    ``badge_revoked``) a revoked badge: it is not to be shown anywhere any more."""
    if badge.revoked_at is not None:
        raise UpskillingError(
            _("This badge was revoked: it can no longer be downloaded."), "badge_revoked"
        )
    key, payload = badge_assertion(badge=badge, origin=origin)
    jws = signing.jws_sign(payload=payload, kid=str(key.kid), private_pem=key.private_pem)
    return SignedBadge(key=key, payload=payload, jws=jws)
