"""The work the agreement tasks wrap, callable directly too: the programme's default
templates, one agreement for an accepted award, a call's batch with its progress, and the
e-mail telling the beneficiary, each sent once.

An agreement is made in one transaction: the PDF's stored row, the ``Agreement`` row, the
award's move to "agreement sent" and the audit row commit together or not at all, so a
worker killed half-way leaves no half-made agreement, and a rerun makes what is missing
(the PDF's idempotency key and the unique award+version keep it to one per award).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from grants.agreements import selectors
from grants.models import (
    AWARD_TRANSITIONS,
    Agreement,
    AgreementBatch,
    AgreementBatchStatus,
    AgreementTemplate,
    Award,
    AwardStatus,
    BankAccount,
)
from grants.notices import notify_once_each
from grants.placeholders import placeholders_fill
from socialtech.audit.services import audit_log
from socialtech.documents.jobs import document_render
from socialtech.documents.models import DocumentKind
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.tenancy.context import require_active_tenant
from socialtech.tenancy.links import tenant_absolute_url

TEMPLATE_NAME = "grants/agreements/agreement.html"
DEFAULT_BODY_TEMPLATE = "grants/agreements/default_body.html"
AGREEMENT_NOTICE_SENT = "award.agreement_notice_sent"
AGREEMENT_NOTICE_FAILED = "award.agreement_notice_failed"
DEFAULT_NAME = gettext_lazy("Grant agreement (default)")


# --- Templates ---------------------------------------------------------------------------------


def default_body(language: str) -> str:
    """The default agreement text in ``language``, with every mandatory clause."""
    with translation.override(language):
        return render_to_string(DEFAULT_BODY_TEMPLATE).strip()


def templates_default_ensure() -> list[int]:
    """On first use, the programme's default templates (any call kind), one in each of its
    languages and in English; a programme with templates already gets none. Returns the ids
    made."""
    if AgreementTemplate.objects.exists():
        return []
    tenant = require_active_tenant()
    languages = [selectors.FALLBACK_LANGUAGE]
    languages += [code for code in (tenant.languages or []) if code not in languages]
    made: list[int] = []
    with transaction.atomic():
        for language in languages:
            template = AgreementTemplate(
                tenant=tenant,
                name=str(DEFAULT_NAME),
                call_kind="",
                language=language,
                body=default_body(language),
            )
            template.full_clean()
            template.save()
            audit_log(
                actor=None,
                verb="agreement_template.default_created",
                target=template,
                data={"language": language},
            )
            made.append(template.pk)
    return made


def template_choose(*, call_kind: str, language: str) -> AgreementTemplate:
    """The template for this call kind and language, the defaults made on first use."""
    template = selectors.template_for(call_kind=call_kind, language=language)
    if template is None:
        templates_default_ensure()
        template = selectors.template_for(call_kind=call_kind, language=language)
    if template is None:
        raise AgreementTemplate.DoesNotExist(
            f"No active agreement template for {call_kind or 'any kind'} in {language} or English."
        )
    return template


def agreement_context(
    award: Award, template: AgreementTemplate, *, account: BankAccount | None
) -> dict[str, Any]:
    """What the agreement PDF template receives (in the active language)."""
    values = selectors.placeholder_values(
        award,
        iban=account.iban if account else "",
        holder=account.holder if account else "",
        bic=account.bic if account else "",
    )
    return {
        "title": _("Grant agreement %(reference)s") % {"reference": values["award_reference"]},
        "body": placeholders_fill(template.body, values),
        "award_reference": values["award_reference"],
        "template_version": template.version,
    }


# --- One agreement ------------------------------------------------------------------------------


def agreement_generate(
    *, award_id: int, batch_id: int | None = None, notify: bool = True
) -> int | None:
    """The agreement (version 1) of the accepted award ``award_id``, made once in the
    beneficiary's language; the award moves to "agreement sent". Returns the agreement's id
    (the existing one on a rerun), None when the award is not accepted. With ``notify``
    the organisation's members are e-mailed once, after the agreement commits."""
    award = selectors.award_for_agreement(award_id)
    if award is None:
        return None
    existing = selectors.agreement_of(award)
    if existing is None:
        if award.status != AwardStatus.ACCEPTED:
            return None
        language = selectors.beneficiary_language(award)
        template = template_choose(call_kind=award.call.kind, language=language)
        existing = _make(award_id=award.pk, template=template, language=language, batch_id=batch_id)
        if existing is None:
            return None
    if notify:
        agreement_notice_send(award_id=award.pk)
    return existing.pk


def agreement_version_make(*, award_id: int, version: int) -> Agreement | None:
    """Version ``version`` (2 or more: an amendment) of the agreement of ``award_id``, made
    once with the award's data of today, in the beneficiary's language; earlier versions stay
    as they are. The award moves (back) to "agreement sent". None when version
    ``version - 1`` is not the latest or the award's state allows no new version."""
    award = selectors.award_for_agreement(award_id)
    if award is None or version <= selectors.FIRST_VERSION:
        return None
    existing = selectors.agreement_of(award, version)
    if existing is not None:
        return existing
    language = selectors.beneficiary_language(award)
    template = template_choose(call_kind=award.call.kind, language=language)
    return _make(
        award_id=award.pk, template=template, language=language, batch_id=None, version=version
    )


def _make(
    *,
    award_id: int,
    template: AgreementTemplate,
    language: str,
    batch_id: int | None,
    version: int = selectors.FIRST_VERSION,
) -> Agreement | None:
    with transaction.atomic():
        award = (
            Award.objects.select_for_update(of=("self",))
            .select_related("tenant", "call", "organisation", "application__created_by")
            .get(pk=award_id)
        )
        existing = selectors.agreement_of(award, version)
        if existing is not None:
            return existing
        latest = selectors.latest_version_number(award)
        if latest != version - 1:
            return None
        may_be_sent = award.status == AwardStatus.AGREEMENT_SENT and version > 1
        if not may_be_sent and AwardStatus.AGREEMENT_SENT not in AWARD_TRANSITIONS[award.status]:
            return None
        account = BankAccount.objects.filter(award=award).first()
        with translation.override(language):
            context = agreement_context(award, template, account=account)
            document = document_render(
                template_name=TEMPLATE_NAME,
                context=context,
                kind=DocumentKind.AGREEMENT,
                title=context["title"],
                owner=award.application.created_by,
                filename=f"grant-agreement-{context['award_reference']}"
                + (f"-v{version}.pdf" if version > selectors.FIRST_VERSION else ".pdf"),
                idempotency_key=selectors.agreement_idempotency_key(award.pk, version),
            )
        agreement = Agreement.objects.create(
            tenant=award.tenant,
            award=award,
            version=version,
            template=template,
            template_version=template.version,
            language=language,
            document=document,
            iban=account.iban if account else "",
            batch_id=batch_id,
        )
        previous = award.status
        award.status = AwardStatus.AGREEMENT_SENT
        award.save(update_fields=["status", "updated_at"])
        audit_log(
            actor=None,
            verb="award.agreement_generated" if version == 1 else "award.amendment_generated",
            target=award,
            data={
                "from": previous,
                "to": award.status,
                "agreement": agreement.pk,
                "version": agreement.version,
                "document": document.code,
                "sha256": document.sha256,
                "language": language,
                "template": template.pk,
                "template_version": template.version,
                "batch": batch_id,
            },
        )
    return agreement


# --- A call's batch -----------------------------------------------------------------------------


def agreement_batch_run(*, batch_id: int) -> dict[str, int]:
    """Make the agreement of every award of the batch that has none yet, counting progress
    after each; then e-mail each beneficiary once. Safe to rerun after a crash: what was made
    stays, the rest is made. A mail outage is raised at the end so the task retries it."""
    batch = AgreementBatch.objects.filter(pk=batch_id).first()
    if batch is None:
        return {"done": 0, "total": 0}
    AgreementBatch.objects.filter(pk=batch.pk).update(status=AgreementBatchStatus.RUNNING, error="")
    try:
        for award_id in batch.award_ids:
            agreement_generate(award_id=award_id, batch_id=batch.pk, notify=False)
            AgreementBatch.objects.filter(pk=batch.pk).update(
                done=selectors.batch_done_count(batch)
            )
    except Exception as error:
        AgreementBatch.objects.filter(pk=batch.pk).update(
            status=AgreementBatchStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
            done=selectors.batch_done_count(batch),
        )
        raise
    done = selectors.batch_done_count(batch)
    AgreementBatch.objects.filter(pk=batch.pk).update(
        status=AgreementBatchStatus.DONE, done=done, finished_at=timezone.now()
    )
    failure: Exception | None = None
    for award_id in batch.award_ids:
        try:
            agreement_notice_send(award_id=award_id)
        except TRANSIENT_MAIL_ERRORS as error:
            failure = error
    if failure is not None:
        raise failure
    return {"done": done, "total": batch.total}


# --- The e-mail ---------------------------------------------------------------------------------


def agreement_notice_send(*, award_id: int) -> int:
    """E-mail each member of the organisation once that the agreement is ready, in their
    language, with the page where they download it."""
    award = (
        Award.objects.select_related("call", "call__tenant", "organisation", "application")
        .filter(pk=award_id, agreements__isnull=False)
        .distinct()
        .first()
    )
    if award is None:
        return 0
    agreement = selectors.agreement_of(award)
    if agreement is None:
        return 0
    url = tenant_absolute_url(award.tenant, reverse("grants_agreement", args=[award.pk]))
    return notify_once_each(
        award=award,
        verb=AGREEMENT_NOTICE_SENT,
        failed_verb=AGREEMENT_NOTICE_FAILED,
        key={"agreement": agreement.pk},
        template="grants/emails/agreement",
        context=lambda user: {"document_code": agreement.document.code, "url": url},
    )
