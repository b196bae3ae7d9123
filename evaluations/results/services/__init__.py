"""Writes of the results stage: evaluated applications, consensus, ranking, publication of
results with the evaluation summary reports, and redress.

Every service checks who acts, locks what it changes, and writes its audit event in the
same transaction. E-mails and PDFs are made after commit by the tasks in
:mod:`evaluations.results.tasks`, which are safe to run twice: each e-mail is
claimed in the audit trail first.

One module per topic: ``common``, ``consensus`` (with marking applications evaluated),
``ranking`` (with the panel minutes), ``publication`` (with the evaluation summary
reports), and ``redress``. Every public name is importable from this package.
"""

from __future__ import annotations

from evaluations.results.jobs import (
    application_results_send,
    contact_reply_to,
    esr_issue,
    redress_answer_send,
)
from evaluations.results.services.common import (
    BACK_OFFICE_ROLES,
    REDRESS_ANSWER_MIN_CHARS,
    REDRESS_EVIDENCE_MAX_BYTES,
    REDRESS_MIN_CHARS,
    S,
    locked_application,
    move_status,
    staff_labels,
)
from evaluations.results.services.consensus import (
    application_mark_evaluated,
    call_mark_evaluated,
    consensus_rapporteur_name,
    consensus_report_approve,
    consensus_report_draft,
)
from evaluations.results.services.publication import call_publish_results
from evaluations.results.services.ranking import call_ranking_run, ranking_minutes_store
from evaluations.results.services.redress import redress_request_answer, redress_request_submit
from socialtech.emails import TRANSIENT_MAIL_ERRORS

__all__ = [
    "BACK_OFFICE_ROLES",
    "REDRESS_ANSWER_MIN_CHARS",
    "REDRESS_EVIDENCE_MAX_BYTES",
    "REDRESS_MIN_CHARS",
    "TRANSIENT_MAIL_ERRORS",
    "S",
    "application_mark_evaluated",
    "application_results_send",
    "call_mark_evaluated",
    "call_publish_results",
    "call_ranking_run",
    "consensus_rapporteur_name",
    "consensus_report_approve",
    "consensus_report_draft",
    "contact_reply_to",
    "esr_issue",
    "locked_application",
    "move_status",
    "ranking_minutes_store",
    "redress_answer_send",
    "redress_request_answer",
    "redress_request_submit",
    "staff_labels",
]
