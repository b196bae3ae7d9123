"""Background tasks of KPI reports: the notice of a returned report and the daily sweep
that reminds enterprises of a quarter's report; safe to run twice."""

from __future__ import annotations

from acceleration.kpis.jobs import report_reminders_send, report_returned_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [
    Schedule(
        name="acceleration-kpi-report-reminders",
        task="acceleration.send_kpi_report_reminders",
        crontab={"minute": "30", "hour": "8"},
        description=(
            "Remind each accelerated enterprise once a quarter of the KPI report for the "
            "quarter that ended, until it is submitted."
        ),
    ),
]


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


@app.task(
    base=TenantTask,
    name="acceleration.send_kpi_report_reminders",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_kpi_report_reminders() -> list[int]:
    """The daily sweep: enterprises owing last quarter's report are reminded, once each."""
    return report_reminders_send()
