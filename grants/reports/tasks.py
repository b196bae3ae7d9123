"""Celery tasks of the reports: ids in, one job each; safe to run twice."""

from __future__ import annotations

from grants.reports.jobs import (
    report_reminders_send,
    report_review_notice_send,
)
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [
    Schedule(
        name="grants-report-reminders",
        task="grants.send_report_reminders",
        crontab={"minute": "30", "hour": "7"},
        description="Remind beneficiaries of reports due in 14 and 3 days and of overdue ones.",
    )
]


@app.task(
    base=TenantTask,
    name="grants.send_report_reminders",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_report_reminders() -> int:
    """The daily sweep of report reminders (each reminder once)."""
    return report_reminders_send()


@app.task(
    base=TenantTask,
    name="grants.send_report_review_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_report_review_notice(*, report_id: int) -> int:
    """E-mail the organisation the outcome of a report's review (once)."""
    return report_review_notice_send(report_id=report_id)
