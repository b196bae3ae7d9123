"""Every background task of the reports app, imported for the worker, and their schedules."""

from __future__ import annotations

from reports.beneficiaries.tasks import SCHEDULES as BENEFICIARY_SCHEDULES
from reports.beneficiaries.tasks import remove_expired_beneficiaries
from reports.exports.tasks import build_report_export
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [*BENEFICIARY_SCHEDULES]

__all__ = ["SCHEDULES", "build_report_export", "remove_expired_beneficiaries"]
