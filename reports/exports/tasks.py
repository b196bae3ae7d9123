"""Celery tasks of the funding report exports: ids in, one job each; safe to run twice."""

from __future__ import annotations

from typing import Any

from reports.exports.jobs import report_export_build
from socialtech.celery import TenantTask, app


@app.task(base=TenantTask, name="reports.build_report_export", acks_late=True)
def build_report_export(*, export_id: int) -> dict[str, Any]:
    """Build a funding report's file in the background, with its progress."""
    return report_export_build(export_id=export_id)
