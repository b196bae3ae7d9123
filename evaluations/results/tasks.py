"""The results and redress tasks: ids in, one job each, safe to run twice."""

from __future__ import annotations

from typing import Any

from evaluations.results.jobs import application_results_send, redress_answer_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="evaluations.send_results",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_results(*, application_id: int, tenant_id: int | None = None) -> dict[str, Any]:
    """The evaluation summary reports of one application, made and e-mailed once."""
    return application_results_send(application_id=application_id)


@app.task(
    base=TenantTask,
    name="evaluations.send_redress_answer",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_redress_answer(*, redress_request_id: int, tenant_id: int | None = None) -> int:
    """The answer to a redress request, e-mailed once to the organisation's members."""
    return redress_answer_send(redress_request_id=redress_request_id)
