"""Background tasks of KPI reports: the notice of a returned report; safe to run twice."""

from __future__ import annotations

from acceleration.kpis.jobs import report_returned_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="acceleration.send_kpi_report_returned",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_kpi_report_returned(*, report_id: int) -> int:
    """E-mail the enterprise's members that their report was returned, once per return."""
    return report_returned_send(report_id=report_id)
