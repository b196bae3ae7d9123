"""Writes the back office calls: save a template (checked, versioned), save a bank account
(IBAN checked), ask for one agreement or a call's batch (queued after commit)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from calls.models import Call
from grants.agreements import selectors
from grants.agreements.errors import AgreementError
from grants.agreements.tasks import generate_agreement, generate_agreement_batch
from grants.models import AgreementBatch, AgreementTemplate, Award, AwardStatus, BankAccount
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant


@transaction.atomic
def agreement_template_save(*, template: AgreementTemplate, by: Any) -> AgreementTemplate:
    """Save a template after checking its placeholders; a changed text is a new version."""
    template.full_clean()
    created = template.pk is None
    if not created:
        before = AgreementTemplate.objects.select_for_update().get(pk=template.pk)
        if before.body != template.body:
            template.version = before.version + 1
    template.save()
    audit_log(
        actor=by,
        verb="agreement_template.created" if created else "agreement_template.changed",
        target=template,
        data={
            "version": template.version,
            "language": template.language,
            "call_kind": template.call_kind,
            "active": template.is_active,
        },
    )
    return template


@transaction.atomic
def bank_account_save(*, account: BankAccount, by: Any) -> BankAccount:
    """Save an award's bank account with a valid IBAN (the audit row keeps it masked)."""
    from grants.banking import mask_iban

    account.full_clean()
    created = account.pk is None
    account.save()
    audit_log(
        actor=by,
        verb="bank_account.created" if created else "bank_account.changed",
        target=account.award,
        data={"iban": mask_iban(account.iban), "holder": account.holder},
    )
    return account


@transaction.atomic
def agreement_request(*, award: Award, by: Any) -> None:
    """Queue the agreement of one accepted award."""
    if award.status != AwardStatus.ACCEPTED or selectors.agreement_of(award) is not None:
        raise AgreementError(
            _("Only an accepted award without an agreement gets one; this award is “%(status)s”.")
            % {"status": award.get_status_display()},
            "not_accepted",
        )
    audit_log(actor=by, verb="award.agreement_requested", target=award, data={})
    enqueue_on_commit(generate_agreement, tenant_id=award.tenant_id, award_id=award.pk)


@transaction.atomic
def agreement_batch_start(*, call: Call, by: Any) -> AgreementBatch:
    """A batch making the agreement of every accepted award of ``call`` that has none."""
    tenant = require_active_tenant()
    award_ids = selectors.accepted_awards_of_call(call.pk)
    if not award_ids:
        raise AgreementError(
            _("The call “%(call)s” has no accepted award waiting for its agreement.")
            % {"call": call.title_text},
            "nothing_to_generate",
        )
    batch = AgreementBatch.objects.create(
        tenant=tenant,
        call=call,
        award_ids=award_ids,
        total=len(award_ids),
        started_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit_log(actor=by, verb="agreement_batch.started", target=batch, data={"awards": award_ids})
    enqueue_on_commit(generate_agreement_batch, tenant_id=tenant.pk, batch_id=batch.pk)
    return batch


@transaction.atomic
def agreement_batch_resume(*, batch: AgreementBatch, by: Any) -> None:
    """Run a stopped batch again: what it made stays, the rest is made."""
    audit_log(actor=by, verb="agreement_batch.resumed", target=batch, data={"done": batch.done})
    enqueue_on_commit(generate_agreement_batch, tenant_id=batch.tenant_id, batch_id=batch.pk)
