"""Publication of results: the call moves to results, the redress window opens, and each
member gets the evaluation summary report in their language, once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from applications.models import Application
from applications.selectors import zoned
from calls.models import Call, CallStatus
from calls.services import call_results_announce
from evaluations.models import RankingRun
from evaluations.results import selectors
from evaluations.results.services.common import S, contact_reply_to
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.claims import audit_claim, audit_claim_released_on_failure
from socialtech.audit.services import audit_log
from socialtech.documents.models import DocumentKind, StoredDocument
from socialtech.documents.tasks import render_and_store_document
from socialtech.emails import render_email
from socialtech.tasks import enqueue_on_commit_by_name
from socialtech.tenancy.links import tenant_absolute_url


@transaction.atomic
def call_publish_results(*, call: Call, by: Any) -> RankingRun:
    """Publish the results of ``call`` from its latest ranking.

    The call moves to results; the redress window opens (it closes ``call.redress_days``
    days after the first publication, see ``selectors.redress_window``); after
    commit each ranked application's evaluation summary report is made in the language of
    each member of the organisation and e-mailed to them. Safe to repeat: a ranking is
    published once, each report is made once per content and language, each member gets
    each report once. After an upheld redress, a new ranking is published the same way.
    Each ranked application's applicant sees the published outcome from now on
    (``Application.published_outcome``); a later ranking stays unseen until published.
    Refuses anyone but staff and coordinators, and a call that is not ready (the reasons
    named: no ranking, applications still in evaluation, an out-of-date ranking).
    """
    require_programme_staff(by)
    call = Call.objects.select_for_update().get(pk=call.pk)
    problems = selectors.publication_problems(call)
    if problems:
        raise ValidationError(problems, code="not_ready")
    run = selectors.ranking_latest(call)
    assert run is not None  # publication_problems refuses a call with no ranking
    if call.status == CallStatus.EVALUATION:
        call = call_results_announce(call=call, by=by)
    if run.pk not in selectors.published_run_ids(call):
        now = timezone.now()
        window = selectors.redress_window(call)
        deadline = (
            window.deadline if window is not None else now + timedelta(days=call.redress_days)
        )
        audit_log(
            actor=by,
            verb=selectors.RESULTS_PUBLISHED,
            target=call,
            data={
                "ranking_run": run.pk,
                "published_at": now.isoformat(),
                "redress_days": window.days if window is not None else call.redress_days,
                "redress_deadline": deadline.isoformat(),
                "applications": len(run.results),
            },
        )
    _record_published_outcomes(run)
    for row in run.results:
        enqueue_on_commit_by_name(
            "evaluations.send_results", tenant_id=call.tenant_id, application_id=row["application"]
        )
    return run


def _record_published_outcomes(run: RankingRun) -> None:
    """Each ranked application now shows its applicant the outcome just published (and
    nothing newer until the next publication; see ``applications.visibility``)."""
    by_outcome: dict[str, list[int]] = {}
    for pk, outcome in selectors.ranked_outcomes(run).items():
        by_outcome.setdefault(outcome, []).append(pk)
    for outcome, pks in by_outcome.items():
        Application.objects.filter(pk__in=pks).update(published_outcome=outcome)


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
        result = render_and_store_document(
            template_name="documents/evaluation_summary.html",
            context=context,
            kind=DocumentKind.EVALUATION_SUMMARY,
            title=context["title"],
            owner_id=getattr(owner, "pk", None),
            filename=f"evaluation-summary-{application.receipt_number or application.pk}-{language}.pdf",
            idempotency_key=key,
            tenant_id=application.tenant_id,
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
