"""The writes that start a certificate: after a course is completed, its issuing is queued
once the completion commits."""

from __future__ import annotations

from mooc.certificates.tasks import issue_certificate
from socialtech.tasks import enqueue_on_commit


def certificate_issue_enqueue(*, enrolment_id: int, tenant_id: int) -> None:
    """Queue the issuing of the certificate of the completed enrolment ``enrolment_id``
    once the current transaction commits (the completion callback). Refuses nothing here:
    the task issues nothing for an enrolment that is not completed, and issues once."""
    enqueue_on_commit(issue_certificate, tenant_id=tenant_id, enrolment_id=enrolment_id)
