"""Reads of the report files built in the background."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from reports.models import ReportExport, ReportExportStatus


def export_to_build(export_id: int) -> ReportExport | None:
    return ReportExport.objects.filter(pk=export_id).first()


def export_params(export: ReportExport) -> dict[str, str]:
    """The request parameters a background export was asked with."""
    return {**export.filters, "report": export.kind, "format": export.format}


def exports_of(user: Any) -> QuerySet[ReportExport]:
    """The files ``user`` asked for (every file of the programme for the operator)."""
    exports = ReportExport.objects.select_related("requested_by")
    if getattr(user, "is_superuser", False):
        return exports
    return exports.filter(requested_by=user)


def export_to_download(user: Any, pk: int) -> ReportExport | None:
    """A ready file of ``user``'s (the operator's: any), else None."""
    return exports_of(user).filter(pk=pk, status=ReportExportStatus.DONE).exclude(file="").first()
