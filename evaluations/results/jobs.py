"""Jobs of the results stage: the evaluation summary reports of an application, made and
e-mailed to each member once, and the answer to a redress request, e-mailed once.

Safe to run twice and in parallel: reports are keyed, each e-mail is claimed in the audit
trail before it leaves, and a failed send gives its claim back for the retry. The tasks in
:mod:`evaluations.results.tasks` call these; the services may call them too.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from applications.models import Application, ApplicationStatus
from applications.selectors import zoned
from evaluations.models import RankingRun, RedressRequest
from evaluations.results import selectors
from organisations.models import OrganisationMember
from socialtech.audit.claims import audit_claim, audit_claim_released_on_failure, claimed_once
from socialtech.audit.services import audit_log
from socialtech.documents.jobs import document_render_and_store
from socialtech.documents.models import DocumentKind, StoredDocument
from socialtech.emails import programme_reply_to, render_email, send_together
from socialtech.tenancy.links import tenant_absolute_url

S = ApplicationStatus


def contact_reply_to(application: Application) -> list[str]:
    """Replies go to the programme's contact address, when it has one."""
    return programme_reply_to(application.tenant)


# --- The evaluation summary reports ---------------------------------------------------------


def _published_row(application: Application) -> dict[str, Any] | None:
    """The application's row in the latest published ranking of its call."""
    published = selectors.published_run_ids(application.call)
    for run in RankingRun.objects.filter(call=application.call, pk__in=published).order_by(
        "-created_at", "-pk"
    ):
        for row in run.results:
            if row["application"] == application.pk:
                return row
    return None


def esr_issue(
    *, application: Application, row: dict[str, Any], language: str, owner: Any
) -> StoredDocument:
    """The evaluation summary report of ``application`` in ``language``, made once per content.

    The first report has the idempotency key ``esr:application:<id>:<language>``; a report
    whose content changed since (a re-evaluation after redress) gets the key with a digest
    of its content appended, so the earlier one stays on record.
    """
    with translation.override(language):
        context = selectors.esr_context(application, row, language=language)
        fingerprint = context.pop("fingerprint")
        last = selectors.esr_latest_issue(application, language)
        if last is not None and last.data.get("fingerprint") == fingerprint:
            document = StoredDocument.objects.filter(pk=last.data.get("document")).first()
            if document is not None:
                return document
        key = selectors.esr_key(application.pk, language)
        if last is not None:
            key = f"{key}:{fingerprint[:16]}"
        result = document_render_and_store(
            template_name="documents/evaluation_summary.html",
            context=context,
            kind=DocumentKind.EVALUATION_SUMMARY,
            title=context["title"],
            owner_id=getattr(owner, "pk", None),
            filename=f"evaluation-summary-{application.receipt_number or application.pk}-{language}.pdf",
            idempotency_key=key,
        )
    document = StoredDocument.objects.get(pk=result["id"])
    with transaction.atomic():
        list(Application.objects.select_for_update().filter(pk=application.pk).values("pk"))
        issued = selectors.esr_latest_issue(application, language)
        if issued is None or issued.data.get("document") != document.pk:
            audit_log(
                actor=None,
                verb=selectors.ESR_ISSUED,
                target=application,
                data={
                    "language": language,
                    "document": document.pk,
                    "code": document.code,
                    "fingerprint": fingerprint,
                    "outcome": row.get("outcome"),
                },
            )
    return document


def _esr_email(
    application: Application, user: Any, document: StoredDocument, row: dict[str, Any]
) -> EmailMessage:
    window = selectors.redress_window(application.call)
    outcome = str(row.get("outcome") or application.status)
    context = {
        "recipient": user,
        "application": application,
        "organisation": application.organisation,
        "call_title": application.call.title_text,
        "programme": application.tenant,
        "outcome_label": S(outcome).label if outcome in S.values else outcome,
        "outcome_explanation": selectors.outcome_explanation(outcome),
        "redress_days": window.days if window is not None else application.call.redress_days,
        "redress_deadline": zoned(
            window.deadline, call=application.call, viewer_zone=getattr(user, "timezone", "")
        )
        if window is not None
        else None,
        "url": tenant_absolute_url(
            application.tenant, reverse("results_detail", args=[application.pk])
        ),
        "document_code": document.code,
    }
    subject, body = render_email("evaluations/emails/results_esr", context)
    message = EmailMessage(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        reply_to=contact_reply_to(application),
    )
    with document.file.open("rb") as handle:
        message.attach(document.filename, handle.read(), "application/pdf")
    return message


def application_results_send(*, application_id: int) -> dict[str, Any]:
    """Make the evaluation summary report of a published application in each member's
    language and e-mail each member theirs, once.

    Safe to run twice and in parallel: reports are keyed, each e-mail is claimed in the
    audit trail before it leaves, and a failed send gives its claim back for the retry.
    Returns the reports' codes and how many e-mails went out.
    """
    application = (
        Application.objects.select_related("call", "organisation", "tenant")
        .filter(pk=application_id)
        .first()
    )
    if application is None or application.call.status not in selectors.PUBLISHED_CALL_STATUSES:
        return {"documents": [], "emailed": 0}
    row = _published_row(application)
    if row is None:
        return {"documents": [], "emailed": 0}
    documents = []
    emailed = 0
    for language, users in selectors.members_by_language(application).items():
        document = esr_issue(application=application, row=row, language=language, owner=users[0])
        documents.append(document.code)
        for user in users:
            # One e-mail per member and report, claimed in the audit trail before it leaves.
            key = {"user": user.pk, "document": document.code}
            if not user.email or not audit_claim(
                target=application,
                verb=selectors.ESR_EMAILED,
                failed_verb=selectors.ESR_EMAIL_FAILED,
                key=key,
                data={"user": user.pk, "to": user.email, "document": document.code},
            ):
                continue
            with (
                audit_claim_released_on_failure(
                    target=application, failed_verb=selectors.ESR_EMAIL_FAILED, data=key
                ),
                translation.override(language),
            ):
                _esr_email(application, user, document, row).send()
            emailed += 1
    return {"documents": documents, "emailed": emailed}


# --- The answer to a redress request --------------------------------------------------------


def redress_answer_send(*, redress_request_id: int) -> int:
    """E-mail the answer to a redress request to each active member of the organisation,
    each in their language, once. Returns how many e-mails went out."""
    redress_request = (
        RedressRequest.objects.select_related(
            "application__call", "application__organisation", "application__tenant"
        )
        .filter(pk=redress_request_id)
        .first()
    )
    if redress_request is None or redress_request.status == RedressRequest.Status.OPEN:
        return 0
    application = redress_request.application
    url = tenant_absolute_url(application.tenant, reverse("results_detail", args=[application.pk]))
    members = OrganisationMember.objects.filter(
        organisation=application.organisation, user__is_active=True
    ).select_related("user")
    messages = []
    for member in members:
        user = member.user
        with translation.override(selectors.member_language(user, application)):
            subject, body = render_email(
                "evaluations/emails/results_redress_answer",
                {
                    "recipient": user,
                    "application": application,
                    "organisation": application.organisation,
                    "call_title": application.call.title_text,
                    "programme": application.tenant,
                    "redress_request": redress_request,
                    "is_upheld": redress_request.status == RedressRequest.Status.UPHELD,
                    "url": url,
                },
            )
        messages.append(
            EmailMessage(
                subject,
                body,
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                reply_to=contact_reply_to(application),
            )
        )
    # Once: claimed in the audit trail, given back if sending fails so that a retry sends.
    sent = claimed_once(
        target=redress_request,
        verb=selectors.REDRESS_ANSWER_EMAILED,
        failed_verb=selectors.REDRESS_ANSWER_EMAIL_FAILED,
        key={},
        data={"decision": redress_request.status, "recipients": len(messages)},
        do=lambda: send_together(messages),
    )
    return len(messages) if sent else 0
