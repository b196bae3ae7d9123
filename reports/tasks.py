"""Every background task of the reports app, imported for the worker."""

from __future__ import annotations

from reports.exports.tasks import build_report_export

__all__ = ["build_report_export"]
