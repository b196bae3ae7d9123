"""Submitting a draft: one receipt number, however often it is pressed, and the receipt queued."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
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
from calls.models import Call
from calls.services import call_next_receipt_number
from organisations.models import OrganisationMember
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit

# Foreign keys by model, left out of full_clean where the related rows are already loaded.
_RELATIONS: dict[type, list[str]] = {
    model: [field.name for field in model._meta.concrete_fields if field.is_relation]
    for model in (Application, SubmissionAttempt)
}


# The columns a submission writes (the receipt number follows in its own statement).
_SUBMITTED_FIELDS = [
    "status",
    "submitted_at",
    "content_sha256",
    "submitted_answers",
    "version",
    "requested_amount",
    "title",
    "search_text",
    "updated_at",
]


def _member_role(user: Any) -> Subquery:
    """The role of ``user`` in the application's organisation, as a column of its row."""
    return Subquery(
        OrganisationMember.objects.filter(
            organisation_id=OuterRef("organisation_id"),
            user_id=getattr(user, "pk", None) or 0,  # no user: no row has id 0
        ).values("role")[:1]
    )


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
    # Only the application and its organisation are locked: the organisation's lock keeps
    # two of its drafts from passing the eligibility checks side by side, while the call
    # (its counter is raised in one atomic statement) and the programme stay free for the
    # other organisations' submissions of deadline day.
    application = (
        Application.objects.select_for_update(of=("self", "organisation"))
        .select_related("call", "organisation", "call__tenant", "tenant")
        .annotate(viewer_role=_member_role(user))
        .get(pk=application.pk)
    )
    if application.status != ApplicationStatus.DRAFT and application.receipt_number:
        return application
    if getattr(user, "is_authenticated", False):
        # The user's role, read with the row: the permission check needs no query of its own.
        application.organisation.viewer_role = application.viewer_role  # type: ignore[attr-defined]
        application.organisation.viewer_id = user.pk  # type: ignore[attr-defined]
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
    # Only what the completeness check and the content hash read.
    attachments = list(application.attachments.only("pk", "application", "field_key", "sha256"))
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
    # The relations were just read with the row: checking that each still exists would
    # cost one query apiece on every submission of deadline day.
    application.full_clean(
        exclude=["receipt_number", *_RELATIONS[Application]], validate_constraints=False
    )
    attempt = SubmissionAttempt(
        tenant_id=application.tenant_id,
        application=application,
        user=user,
        at=now,
        outcome="submitted",
    )
    attempt.full_clean(exclude=_RELATIONS[SubmissionAttempt])
    attempt.save()
    # Only the columns a submission changes: the answers (40 fields and more) are not
    # serialised and sent again.
    application.save(update_fields=_SUBMITTED_FIELDS)
    # Last, after every check and every other write: drawing the receipt number holds the
    # call's counter row until the commit, so the less that runs after it, the more
    # submissions of one call run side by side on deadline day.
    application.receipt_number = _draw_receipt_number(application)
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


def _draw_receipt_number(application: Application) -> str:
    """Raise the call's counter and store the receipt number on the (saved) application.

    On PostgreSQL one statement does both, so the call's row is locked for one round trip
    plus the audit row and the commit; elsewhere the counter is drawn, then written.
    """
    call = application.call
    if connection.vendor != "postgresql":
        number = call_next_receipt_number(call=call)
        Application.objects.filter(pk=application.pk).update(receipt_number=number)
        return number
    prefix = f"{call.tenant.receipt_prefix}-{call.deadline_local().year}-{call.reference}-"
    calls, applications = Call._meta.db_table, Application._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH drawn AS (UPDATE {calls} SET submission_counter = submission_counter + 1 "  # noqa: S608 - the tables' own names, no input
            "WHERE id = %s RETURNING submission_counter) "
            f"UPDATE {applications} SET receipt_number = %s || CASE "
            "WHEN drawn.submission_counter >= 1000000 THEN drawn.submission_counter::text "
            "ELSE lpad(drawn.submission_counter::text, 6, '0') END "
            f"FROM drawn WHERE {applications}.id = %s "
            f"RETURNING {applications}.receipt_number, drawn.submission_counter",
            [call.pk, prefix, application.pk],
        )
        number, counter = cursor.fetchone()
    call.submission_counter = counter
    return str(number)
