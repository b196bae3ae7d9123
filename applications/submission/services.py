"""Submitting a draft: one receipt number, however often it is pressed, and the receipt queued."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    ApplicationStatus,
    Attachment,
    SubmissionAttempt,
)
from applications.receipts.tasks import send_receipt
from applications.services import (
    ApplicationError,
    DeadlinePassed,
    Incomplete,
    NotEligible,
    application_status_move,
    call_fields,
    check_may_edit,
    derive_answers,
    eligibility_failures,
)
from calls.answers import (
    check_for_submission,
)
from calls.services import call_next_receipt_number
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit


def content_hash(*, application: Application, attachments: list[Attachment]) -> str:
    """SHA-256 of the answers and the files' hashes, in a canonical JSON form."""
    payload = {
        "call": application.call.slug,
        "organisation": application.organisation_id,
        "answers": application.answers,
        "attachments": {attachment.field_key: attachment.sha256 for attachment in attachments},
    }
    canonical = json.dumps(
        payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def application_submit(
    *, application: Application, user: Any, now: datetime | None = None
) -> Application:
    """Submit a draft: one receipt, however often it is pressed.

    A submitted application is returned as it is (a double click, a retry or a second tab
    get the same receipt). Refuses after the deadline (``deadline_passed``, the draft is
    kept), an organisation that is no longer eligible, and incomplete answers (each field
    named). Every attempt is recorded, refused ones too, as evidence for extension and
    redress decisions.
    """
    now = now or timezone.now()
    try:
        return _submit(application=application, user=user, now=now)
    except ApplicationError as error:
        if error.code in {"deadline_passed", "not_eligible", "incomplete"}:
            with transaction.atomic():
                attempt = SubmissionAttempt(
                    tenant_id=application.tenant_id,
                    application_id=application.pk,
                    user=user,
                    at=now,
                    outcome=error.code,
                    errors=error.extra.get("errors", {}),
                )
                attempt.full_clean()
                attempt.save()
        raise


@transaction.atomic
def _submit(*, application: Application, user: Any, now: datetime) -> Application:
    application = (
        Application.objects.select_for_update()
        .select_related("call", "organisation", "call__tenant")
        .get(pk=application.pk)
    )
    if application.status != ApplicationStatus.DRAFT and application.receipt_number:
        return application
    check_may_edit(application=application, user=user)
    if application.status != ApplicationStatus.DRAFT:
        raise ApplicationError(
            _("This application was withdrawn and cannot be submitted."), "not_a_draft"
        )
    if application.is_past_deadline(now):
        raise DeadlinePassed(application, now)
    failures = eligibility_failures(
        call=application.call, organisation=application.organisation, excluding=application
    )
    if failures:
        raise NotEligible(failures)
    fields = call_fields(application.call)
    attachments = list(application.attachments.all())
    problems = check_for_submission(
        fields, application.answers, {attachment.field_key for attachment in attachments}
    )
    if problems:
        raise Incomplete(problems)
    derive_answers(application=application, fields=fields)
    application_status_move(application=application, to=ApplicationStatus.SUBMITTED)
    application.submitted_at = now
    application.content_sha256 = content_hash(application=application, attachments=attachments)
    application.submitted_answers = application.answers
    application.version += 1
    application.full_clean(exclude=["receipt_number"], validate_constraints=False)
    attempt = SubmissionAttempt(
        tenant_id=application.tenant_id,
        application=application,
        user=user,
        at=now,
        outcome="submitted",
    )
    attempt.full_clean()
    # Last, after every check and just before the writes: the receipt number holds the
    # call's counter until the commit, so the less that runs after it, the more
    # submissions of one call run side by side on deadline day.
    application.receipt_number = call_next_receipt_number(call=application.call)
    application.save()
    attempt.save()
    audit_log(
        actor=user,
        verb="application.submitted",
        target=application,
        data={"receipt_number": application.receipt_number, "sha256": application.content_sha256},
    )
    enqueue_on_commit(
        send_receipt,
        tenant_id=application.tenant_id,
        application_id=application.pk,
        submitted_by_id=getattr(user, "pk", None),
    )
    return application
