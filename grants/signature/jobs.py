"""The work the signature tasks wrap, callable directly too: an amendment's new agreement
version, the activation of a countersigned grant, and the e-mails (each sent once per
person and agreement version, claimed in the audit trail).

A job takes keyword-only ids, loads its rows and writes its audit rows itself; it imports
selectors, models and other sub-domains' jobs, never the services or tasks of this package.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse

from applications.selectors import format_money
from grants.agreements import jobs as agreement_jobs
from grants.models import AWARD_TRANSITIONS, Agreement, Award, AwardStatus, TrancheTrigger
from grants.notices import notify_once_each, organisation_members
from grants.payments.jobs import tranches_open
from grants.signature import selectors
from socialtech.accounts.roles import programme_staff
from socialtech.audit.services import audit_log
from socialtech.tenancy.links import tenant_absolute_url

SIGNED_NOTICE_SENT = "award.signed_notice_sent"
SIGNED_NOTICE_FAILED = "award.signed_notice_failed"
ACTIVE_NOTICE_SENT = "award.active_notice_sent"
ACTIVE_NOTICE_FAILED = "award.active_notice_failed"
AMENDMENT_NOTICE_SENT = "award.amendment_notice_sent"
AMENDMENT_NOTICE_FAILED = "award.amendment_notice_failed"


# --- Activation -----------------------------------------------------------------------------------


def award_activated(*, award_id: int, actor_id: int | None = None) -> bool:
    """Make the countersigned award ``award_id`` active, with its audit row, and open what
    follows the signature. Called by the countersignature inside its transaction; safe to run
    twice (an award already active is left as it is). ``False`` when the award is not signed
    or its latest version is not countersigned."""
    with transaction.atomic():
        award = Award.objects.select_for_update(of=("self",)).filter(pk=award_id).first()
        if award is None or award.status != AwardStatus.SIGNED:
            return False
        latest = selectors.latest_agreement(award)
        signature = selectors.signature_of(latest) if latest is not None else None
        if signature is None or signature.countersigned_at is None:
            return False
        if AwardStatus.ACTIVE not in AWARD_TRANSITIONS[award.status]:
            return False
        previous = award.status
        award.status = AwardStatus.ACTIVE
        award.save(update_fields=["status", "updated_at"])
        # The grant's tranches are made now, the pre-financing due (with the reports owed).
        tranches_open(award_id=award.pk, trigger=TrancheTrigger.SIGNATURE)
        actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
        audit_log(
            actor=actor,
            verb="award.activated",
            target=award,
            data={
                "from": previous,
                "to": award.status,
                "agreement": latest.pk if latest else None,
                "version": latest.version if latest else None,
                "signature": signature.pk,
            },
        )
    return True


# --- Amendments -----------------------------------------------------------------------------------


def amendment_generate(*, award_id: int, version: int) -> int | None:
    """Make version ``version`` of the award's agreement once (earlier versions and their
    signatures stay) and e-mail the organisation's members once that it awaits signature.
    Returns the agreement's id; None when it cannot be made (see
    ``agreement_version_make``)."""
    agreement = agreement_jobs.agreement_version_make(award_id=award_id, version=version)
    if agreement is None:
        return None
    amendment_notice_send(award_id=award_id, version=version)
    return agreement.pk


# --- The e-mails ----------------------------------------------------------------------------------


def _send_each(
    *,
    award: Award,
    agreement: Agreement,
    users: Iterable[Any],
    verb: str,
    failed_verb: str,
    template: str,
    context_for: Callable[[Any], dict[str, Any]],
) -> int:
    return notify_once_each(
        award=award,
        users=users,
        verb=verb,
        failed_verb=failed_verb,
        key={"agreement": agreement.pk},
        template=template,
        context=context_for,
    )


def _base_context(award: Award, agreement: Agreement, user: Any) -> dict[str, Any]:
    return {
        "amount": format_money(award.amount),
        "version": agreement.version,
        "document_code": agreement.document.code,
    }


def _agreement_page(award: Award) -> str:
    return tenant_absolute_url(award.tenant, reverse("grants_agreement", args=[award.pk]))


def signed_notice_send(*, award_id: int, version: int) -> int:
    """E-mail the programme's staff once that the organisation signed version ``version``,
    with the back-office page where they countersign it."""
    award = selectors.award_for_signature(award_id)
    if award is None:
        return 0
    agreement = (
        Agreement.objects.filter(award=award, version=version)
        .select_related("document", "signature")
        .first()
    )
    if agreement is None or not selectors.is_signed(agreement):
        return 0
    signature = agreement.signature
    url = tenant_absolute_url(
        award.tenant, reverse("admin:grants_signature_change", args=[signature.pk])
    )
    return _send_each(
        award=award,
        agreement=agreement,
        users=programme_staff(award.tenant),
        verb=SIGNED_NOTICE_SENT,
        failed_verb=SIGNED_NOTICE_FAILED,
        template="grants/emails/signed",
        context_for=lambda user: {
            **_base_context(award, agreement, user),
            "method": signature.get_method_display(),
            "url": url,
        },
    )


def active_notice_send(*, award_id: int) -> int:
    """E-mail each member of the organisation once that the grant is active (the programme
    countersigned the latest version)."""
    award = selectors.award_for_signature(award_id)
    if award is None or award.status != AwardStatus.ACTIVE:
        return 0
    agreement = selectors.latest_agreement(award)
    if agreement is None:
        return 0
    url = _agreement_page(award)
    return _send_each(
        award=award,
        agreement=agreement,
        users=organisation_members(award),
        verb=ACTIVE_NOTICE_SENT,
        failed_verb=ACTIVE_NOTICE_FAILED,
        template="grants/emails/active",
        context_for=lambda user: {**_base_context(award, agreement, user), "url": url},
    )


def amendment_notice_send(*, award_id: int, version: int) -> int:
    """E-mail each member of the organisation once that amendment ``version`` awaits the
    signature of the legal representative."""
    award = selectors.award_for_signature(award_id)
    if award is None:
        return 0
    agreement = (
        Agreement.objects.filter(award=award, version=version).select_related("document").first()
    )
    if agreement is None:
        return 0
    url = _agreement_page(award)
    return _send_each(
        award=award,
        agreement=agreement,
        users=organisation_members(award),
        verb=AMENDMENT_NOTICE_SENT,
        failed_verb=AMENDMENT_NOTICE_FAILED,
        template="grants/emails/amendment",
        context_for=lambda user: {
            **_base_context(award, agreement, user),
            "representative": award.organisation.legal_representative_name,
            "url": url,
        },
    )
