"""Every background task of acceleration, imported for the worker, and their schedules."""

from __future__ import annotations

from acceleration.cohorts.tasks import send_participant_joined
from acceleration.demoday import tasks as demoday_tasks
from acceleration.introductions import tasks as introduction_tasks
from acceleration.kpis.tasks import SCHEDULES as KPI_SCHEDULES
from acceleration.kpis.tasks import send_kpi_report_reminders, send_kpi_report_returned
from acceleration.mentoring.tasks import send_pairing_notice, send_session_invitations

SCHEDULES = [*KPI_SCHEDULES]

__all__ = [
    "SCHEDULES",
    "demoday_tasks",
    "introduction_tasks",
    "send_kpi_report_reminders",
    "send_kpi_report_returned",
    "send_pairing_notice",
    "send_participant_joined",
    "send_session_invitations",
]
