"""Writes of the signature: the organisation signs the latest agreement version (online or
by uploading it signed), staff countersign (the grant becomes active) or issue an amendment.

Each validates, writes and records its audit row in one transaction; the e-mails and the
amendment's generation follow after commit as tasks.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants.models import (
    AWARD_TRANSITIONS,
    Agreement,
    Award,
    AwardStatus,
    Signature,
    SignatureMethod,
)
from grants.offers import selectors as offer_selectors
from grants.signature import selectors
from grants.signature.errors import SignatureError
from grants.signature.jobs import award_activated
from grants.signature.tasks import generate_amendment, send_active_notice, send_signed_notice
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import check_upload, sha256_of
from socialtech.formatting import format_datetime
from socialtech.tasks import enqueue_on_commit

SIGNED_PDF_MAX_BYTES = 20 * 1024 * 1024
SIGNED_PDF_TYPES = ("pdf",)
REASON_MAX_CHARS = 4000


def _lock(award: Award) -> Award:
    return (
        Award.objects.select_for_update(of=("self",))
        .select_related("tenant", "call", "organisation", "application")
        .get(pk=award.pk)
    )


def _lock_signable(award: Award, by: Any, version: int) -> tuple[Award, Agreement]:
    """The award locked, with the agreement version to sign: the latest, still unsigned.
    The lock makes two people signing at once take turns: the second finds it signed."""
    locked = _lock(award)
    if not offer_selectors.may_act_for(by, locked):
        raise PermissionDenied(
            _("Only the organisation's owners and editors may sign its agreement.")
        )
    latest = selectors.latest_agreement(locked)
    if latest is None:
        raise SignatureError(
            _(
                "This grant has no agreement to sign yet; you will receive an e-mail when it is ready."
            ),
            "no_agreement",
        )
    if version != latest.version:
        raise SignatureError(
            _(
                "Version %(version)s of the agreement is not the latest: version %(latest)s "
                "replaced it. Read version %(latest)s and sign that one."
            )
            % {"version": version, "latest": latest.version},
            "not_latest",
        )
    earlier = selectors.signature_of(latest)
    if earlier is not None:
        raise SignatureError(
            _("Version %(version)s of the agreement was already signed on %(date)s.")
            % {
                "version": latest.version,
                "date": format_datetime(earlier.signed_at, locked.call.timezone),
            },
            "already_signed",
        )
    if locked.status != selectors.SIGNABLE_STATUS:
        raise SignatureError(
            _("The agreement cannot be signed while the grant is “%(status)s”.")
            % {"status": locked.get_status_display()},
            "not_signable",
        )
    return locked, latest


def _stored_hash(agreement: Agreement) -> str:
    """The SHA-256 of the agreement's stored PDF as it is now; refused when it differs from
    the hash recorded when it was issued (the signature must name the text issued)."""
    document = agreement.document
    with document.file.open("rb") as handle:
        actual = sha256_of(handle)
    if actual != document.sha256:
        raise SignatureError(
            _(
                "The stored agreement no longer matches the one issued, so it cannot be signed. "
                "The programme has to issue it again; please contact them."
            ),
            "document_altered",
        )
    return actual


def _sign(
    *,
    award: Award,
    agreement: Agreement,
    by: Any,
    signature: Signature,
) -> Signature:
    signature.full_clean()
    signature.save()
    if AwardStatus.SIGNED not in AWARD_TRANSITIONS[award.status]:
        raise SignatureError(
            _("The agreement cannot be signed while the grant is “%(status)s”.")
            % {"status": award.get_status_display()},
            "not_signable",
        )
    previous = award.status
    award.status = AwardStatus.SIGNED
    award.save(update_fields=["status", "updated_at"])
    audit_log(
        actor=by,
        verb="award.signed",
        target=award,
        data={
            "from": previous,
            "to": award.status,
            "agreement": agreement.pk,
            "version": agreement.version,
            "signature": signature.pk,
            "method": signature.method,
            "agreement_sha256": signature.agreement_sha256,
            "typed_name": signature.typed_name,
            "declarations": signature.declarations,
            "ip_address": signature.ip_address,
            "signed_file_sha256": signature.signed_file_sha256,
        },
    )
    enqueue_on_commit(
        send_signed_notice, tenant_id=award.tenant_id, award_id=award.pk, version=agreement.version
    )
    return signature


def _client(ip_address: str | None, user_agent: str) -> dict[str, Any]:
    return {
        "ip_address": ip_address or None,
        "user_agent": (user_agent or "")[: selectors.USER_AGENT_MAX_CHARS],
    }


@transaction.atomic
def agreement_sign_online(
    *,
    award: Award,
    by: Any,
    version: int,
    agreement_sha256: str,
    typed_name: str,
    declarations: Iterable[str],
    ip_address: str | None,
    user_agent: str = "",
) -> Signature:
    """The organisation accepts version ``version`` of its agreement online: the signer types
    the legal representative's full name and ticks every declaration. Keeps the time, the IP
    address, the browser and the SHA-256 of the PDF accepted; the award becomes "signed" and
    staff are e-mailed after commit.

    Refuses anyone but the organisation's owners and editors, a version that is not the
    latest or is already signed, an award not waiting for signature, a page opened on
    another PDF than the one stored (``agreement_sha256``), a name other than the legal
    representative's (case and spaces aside), and any declaration left unticked (named)."""
    locked, agreement = _lock_signable(award, by, version)
    if agreement_sha256 and agreement_sha256 != agreement.document.sha256:
        raise SignatureError(
            _("The agreement changed since you opened the page. Read it again, then sign."),
            "agreement_changed",
        )
    errors: dict[str, list[str]] = {}
    typed = " ".join((typed_name or "").split())
    representative = locked.organisation.legal_representative_name
    if not typed:
        errors["typed_name"] = [
            _("Full name: type the full name of the legal representative, %(name)s.")
            % {"name": representative}
        ]
    elif not selectors.names_match(typed, representative):
        errors["typed_name"] = [
            _(
                "Full name: “%(typed)s” is not the name of the organisation's legal "
                "representative, %(name)s. Type their full name as it stands in the "
                "organisation's profile (an owner can correct the profile)."
            )
            % {"typed": typed, "name": representative}
        ]
    ticked = set(declarations)
    for key, label in selectors.DECLARATIONS.items():
        if key not in ticked:
            errors[f"declaration_{key}"] = [
                _("Tick the declaration “%(declaration)s” to sign.") % {"declaration": label}
            ]
    if errors:
        raise ValidationError(errors)
    signature = Signature(
        tenant=locked.tenant,
        agreement=agreement,
        method=SignatureMethod.ONLINE,
        signed_by=by,
        typed_name=typed,
        declarations=[key for key in selectors.DECLARATIONS if key in ticked],
        signed_at=timezone.now(),
        agreement_sha256=_stored_hash(agreement),
        **_client(ip_address, user_agent),
    )
    return _sign(award=locked, agreement=agreement, by=by, signature=signature)


@transaction.atomic
def agreement_sign_upload(
    *,
    award: Award,
    by: Any,
    version: int,
    upload: IO[bytes] | Any | None,
    ip_address: str | None,
    user_agent: str = "",
) -> Signature:
    """The organisation uploads version ``version`` of its agreement signed by its legal
    representative (a PDF, through the platform's upload check). Keeps the file with its
    SHA-256, the time, the IP address and the hash of the agreement issued; the award
    becomes "signed" and staff are e-mailed after commit.

    Refuses what :func:`agreement_sign_online` refuses for the person and the version, no
    file, a file that is not a PDF or is over ``SIGNED_PDF_MAX_BYTES``, and the agreement
    exactly as issued (unsigned)."""
    locked, agreement = _lock_signable(award, by, version)
    errors: dict[str, list[str]] = {}
    label = _("Signed agreement (PDF)")
    checked = check_upload(
        errors,
        "signed_file",
        upload,
        field_label=label,
        allowed_types=SIGNED_PDF_TYPES,
        max_bytes=SIGNED_PDF_MAX_BYTES,
    )
    if not upload:
        errors["signed_file"] = [
            _("%(field)s: choose the PDF of the agreement signed by the legal representative.")
            % {"field": label}
        ]
    elif checked is not None and checked.sha256 == agreement.document.sha256:
        errors["signed_file"] = [
            _(
                "%(field)s: this is the agreement as issued, without a signature. Upload the "
                "copy signed by the legal representative."
            )
            % {"field": label}
        ]
    if errors or checked is None or upload is None:
        raise ValidationError(errors)
    signature = Signature(
        tenant=locked.tenant,
        agreement=agreement,
        method=SignatureMethod.UPLOAD,
        signed_by=by,
        signed_at=timezone.now(),
        agreement_sha256=_stored_hash(agreement),
        signed_file_name=checked.original_name,
        signed_file_sha256=checked.sha256,
        signed_file_size=checked.size,
        **_client(ip_address, user_agent),
    )
    upload.seek(0)
    signature.signed_file.save("signed.pdf", File(upload, name=checked.original_name), save=False)
    return _sign(award=locked, agreement=agreement, by=by, signature=signature)


@transaction.atomic
def agreement_countersign(*, award: Award, by: Any) -> Signature:
    """Staff countersign the organisation's signature of the latest agreement version: the
    grant becomes active (its audit rows), the organisation's members are e-mailed after
    commit. Refuses anyone but programme staff, an award whose latest version is not signed,
    and a signature already countersigned."""
    require_programme_staff(by)
    locked = _lock(award)
    latest = selectors.latest_agreement(locked)
    signature = selectors.signature_of(latest) if latest is not None else None
    if latest is not None and signature is not None and signature.countersigned_at is not None:
        raise SignatureError(
            _("Version %(version)s was already countersigned on %(date)s.")
            % {
                "version": latest.version,
                "date": format_datetime(signature.countersigned_at, locked.call.timezone),
            },
            "already_countersigned",
        )
    if latest is None or signature is None or locked.status != AwardStatus.SIGNED:
        raise SignatureError(
            _(
                "Only a grant whose latest agreement the organisation signed is countersigned; "
                "this one is “%(status)s”."
            )
            % {"status": locked.get_status_display()},
            "not_signed",
        )
    signature.countersigned_by = by
    signature.countersigned_at = timezone.now()
    signature.save(update_fields=["countersigned_by", "countersigned_at"])
    audit_log(
        actor=by,
        verb="award.countersigned",
        target=locked,
        data={"agreement": latest.pk, "version": latest.version, "signature": signature.pk},
    )
    if not award_activated(award_id=locked.pk, actor_id=getattr(by, "pk", None)):
        raise SignatureError(
            _("The grant could not be made active from “%(status)s”.")
            % {"status": locked.get_status_display()},
            "not_activated",
        )
    enqueue_on_commit(send_active_notice, tenant_id=locked.tenant_id, award_id=locked.pk)
    return signature


@transaction.atomic
def agreement_amend(*, award: Award, by: Any, reason: str) -> int:
    """Staff issue an amendment: a new version of the award's agreement (the next number),
    made after commit from the award's data of today. Every earlier version and its
    signature stays; when the new version is made the award goes back to "agreement sent"
    and the organisation's members are e-mailed that it awaits signature. Returns the new
    version's number.

    Refuses anyone but programme staff, an award without an agreement, an award not
    "agreement sent", "signed" or "active", and an amendment without a reason."""
    require_programme_staff(by)
    locked = _lock(award)
    reason = (reason or "").strip()
    if not reason:
        raise SignatureError(
            _("Reason: say what the amendment changes; the audit trail keeps it."),
            "reason_missing",
            field="reason",
        )
    latest = selectors.latest_agreement(locked)
    if latest is None:
        raise SignatureError(
            _("This award has no agreement yet: generate the agreement first."), "no_agreement"
        )
    if locked.status not in selectors.AMENDABLE_STATUSES:
        raise SignatureError(
            _(
                "An amendment is issued for a grant with an agreement sent, signed or active; this one is “%(status)s”."
            )
            % {"status": locked.get_status_display()},
            "not_amendable",
        )
    version = latest.version + 1
    audit_log(
        actor=by,
        verb="award.amendment_requested",
        target=locked,
        data={"version": version, "reason": reason[:REASON_MAX_CHARS], "status": locked.status},
    )
    enqueue_on_commit(
        generate_amendment, tenant_id=locked.tenant_id, award_id=locked.pk, version=version
    )
    return version
