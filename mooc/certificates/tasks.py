"""Background tasks of the certificates: ids in, one job each; safe to run twice."""

from __future__ import annotations

from mooc.certificates.jobs import certificate_issue
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = []


@app.task(
    base=TenantTask,
    name="mooc.issue_certificate",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def issue_certificate(*, enrolment_id: int) -> None:
    """Issue the certificate of a completed course once and e-mail the learner once."""
    certificate_issue(enrolment_id=enrolment_id)
