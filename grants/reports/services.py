"""Writes on the reports: the beneficiary saves a draft, uploads files and submits; staff
request changes (with a comment) or approve, which makes the next tranche due; staff edit
a call's report questions.

Each validates, writes and records its audit row in one transaction; the e-mails follow
after commit as tasks.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from calls.answers import check_draft_shape, check_for_submission
from calls.models import FieldType
from grants.models import (
    REPORT_TRANSITIONS,
    BeneficiaryReport,
    ReportField,
    ReportFile,
    ReportKind,
    ReportStatus,
)
from grants.payments.jobs import award_complete_if_settled, tranches_open
from grants.reports import selectors
from grants.reports.errors import ReportError
from grants.reports.tasks import send_report_review_notice
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.documents.uploads import validate_upload
from socialtech.tasks import enqueue_on_commit

MAX_COMMENT = 4000


def _lock(report: BeneficiaryReport) -> BeneficiaryReport:
    return (
        BeneficiaryReport.objects.select_for_update(of=("self",))
        .select_related("award", "award__call")
        .get(pk=report.pk)
    )


def _move(report: BeneficiaryReport, to: str) -> None:
    if to not in REPORT_TRANSITIONS[report.status]:
        raise ReportError(
            _("This report is “%(status)s”: it cannot become “%(to)s”.")
            % {"status": report.get_status_display(), "to": ReportStatus(to).label},
            "report_state",
        )
    report.status = to


def _lock_writable(report: BeneficiaryReport, user: Any) -> BeneficiaryReport:
    locked = _lock(report)
    if not selectors.may_write(user, locked):
        raise ReportError(
            _("Only the organisation's owners and editors may write its reports."), "forbidden"
        )
    if not locked.is_editable:
        raise ReportError(
            _("This report is “%(status)s” and cannot change.")
            % {"status": locked.get_status_display()},
            "not_editable",
        )
    return locked


@transaction.atomic
def report_save_draft(
    *, report: BeneficiaryReport, user: Any, answers: Mapping[str, Any], version: int | None = None
) -> BeneficiaryReport:
    """Keep what the beneficiary typed (nothing is checked but the shape until submission);
    an empty answer clears it. Refuses a report that is not theirs to write or no longer
    editable, answers of the wrong shape, and a ``version`` older than the stored one (a
    save from another tab came first)."""
    locked = _lock_writable(report, user)
    if version is not None and version != locked.version:
        raise ReportError(
            _("The report was saved meanwhile in another tab or by a colleague: reload it."),
            "stale_version",
        )
    specs = selectors.report_questions(locked)
    problems = check_draft_shape(specs, dict(answers))
    if problems:
        raise ReportError(
            problems[0].message,
            "invalid",
            fields={problem.key: [problem.message] for problem in problems},
        )
    merged = dict(locked.answers or {})
    for key, value in answers.items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    locked.answers = merged
    locked.version += 1
    locked.save(update_fields=["answers", "version", "updated_at"])
    return locked


@transaction.atomic
def report_attach(
    *, report: BeneficiaryReport, user: Any, field_key: str, upload: File
) -> ReportFile:
    """Store a file for a file question of the report, replacing the earlier one; checks
    its size and real type against the question's rules."""
    locked = _lock_writable(report, user)
    spec = next(
        (s for s in selectors.report_questions(locked) if s.key == field_key),
        None,
    )
    if spec is None or spec.type != FieldType.FILE:
        raise ReportError(
            _("This report has no file question %(key)s.") % {"key": field_key},
            "unknown_field",
            fields={
                field_key: [_("This report has no file question %(key)s.") % {"key": field_key}]
            },
        )
    checked = validate_upload(
        upload,
        field_label=spec.label_text,
        max_bytes=spec.file_max_bytes,
        allowed_types=spec.file_types,
    )
    for old in ReportFile.objects.filter(report=locked, field_key=field_key):
        storage, name = old.file.storage, old.file.name
        old.delete()
        if name:
            transaction.on_commit(functools.partial(storage.delete, name))
    upload.seek(0)
    stored = ReportFile(
        tenant=locked.tenant,
        report=locked,
        field_key=field_key,
        original_name=checked.original_name,
        size=checked.size,
        sha256=checked.sha256,
        content_type=checked.content_type,
        uploaded_by=user,
    )
    stored.file.save(checked.original_name, upload, save=False)
    stored.save()
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    audit_log(
        actor=user,
        verb="report.file_uploaded",
        target=locked,
        data={"field": field_key, "name": checked.original_name, "sha256": checked.sha256},
    )
    return stored


@transaction.atomic
def report_submit(*, report: BeneficiaryReport, user: Any) -> BeneficiaryReport:
    """Submit the report for review. Refuses it (``ReportError`` with one message per
    question, naming it) when an answer breaks its question's rules or a required one is
    missing; the draft is kept as typed."""
    locked = _lock_writable(report, user)
    specs = selectors.report_questions(locked)
    files = {stored.field_key for stored in selectors.report_files(locked)}
    problems = check_for_submission(specs, dict(locked.answers or {}), files)
    if problems:
        raise ReportError(
            _("The report cannot be submitted yet: %(count)s answers need attention.")
            % {"count": len(problems)},
            "answers_invalid",
            fields={problem.key: [problem.message] for problem in problems},
        )
    resubmitted = locked.status == ReportStatus.CHANGES_REQUESTED
    _move(locked, ReportStatus.SUBMITTED)
    locked.submitted_at = timezone.now()
    locked.submitted_by = user
    locked.full_clean()
    locked.save()
    audit_log(
        actor=user,
        verb="report.resubmitted" if resubmitted else "report.submitted",
        target=locked,
        data={"kind": locked.kind, "version": locked.version},
    )
    return locked


@transaction.atomic
def report_request_changes(
    *, report: BeneficiaryReport, by: Any, comment: str
) -> BeneficiaryReport:
    """Send a submitted report back to the beneficiary with ``comment`` (programme staff);
    the organisation is e-mailed after commit, edits and submits again."""
    require_programme_staff(by)
    locked = _lock(report)
    comment = (comment or "").strip()[:MAX_COMMENT]
    if not comment:
        raise ReportError(
            _("Comment: say what the beneficiary must change."),
            "comment_missing",
            fields={"comment": [_("Comment: say what the beneficiary must change.")]},
        )
    _move(locked, ReportStatus.CHANGES_REQUESTED)
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.review_comment = comment
    locked.full_clean()
    locked.save()
    audit_log(actor=by, verb="report.changes_requested", target=locked, data={"comment": comment})
    enqueue_on_commit(send_report_review_notice, tenant_id=locked.tenant_id, report_id=locked.pk)
    return locked


@transaction.atomic
def report_approve(*, report: BeneficiaryReport, by: Any, comment: str = "") -> BeneficiaryReport:
    """Approve a submitted report (programme staff): the tranches its approval releases
    become due, and an approved final report with every tranche paid completes the award.
    The organisation is e-mailed after commit."""
    require_programme_staff(by)
    locked = _lock(report)
    _move(locked, ReportStatus.APPROVED)
    locked.reviewed_at = timezone.now()
    locked.reviewed_by = by
    locked.review_comment = (comment or "").strip()[:MAX_COMMENT]
    locked.full_clean()
    locked.save()
    due = tranches_open(award_id=locked.award_id, trigger=selectors.REPORT_TRIGGER[locked.kind])
    audit_log(
        actor=by,
        verb="report.approved",
        target=locked,
        data={"kind": locked.kind, "tranches_due": due},
    )
    if locked.kind == ReportKind.FINAL:
        award_complete_if_settled(award_id=locked.award_id)
    enqueue_on_commit(send_report_review_notice, tenant_id=locked.tenant_id, report_id=locked.pk)
    return locked


@transaction.atomic
def report_field_save(*, field: ReportField, by: Any) -> ReportField:
    """Save a question of a call's report (programme staff); its key is unique per report."""
    require_programme_staff(by)
    created = field.pk is None
    field.full_clean()
    field.save()
    audit_log(
        actor=by,
        verb="report_field.created" if created else "report_field.changed",
        target=field.call,
        data={"kind": field.kind, "key": field.key, "type": field.type},
    )
    return field


@transaction.atomic
def report_field_delete(*, field: ReportField, by: Any) -> None:
    """Remove a question of a call's report (programme staff); answers given stay stored."""
    require_programme_staff(by)
    audit_log(
        actor=by,
        verb="report_field.deleted",
        target=field.call,
        data={"kind": field.kind, "key": field.key},
    )
    field.delete()
