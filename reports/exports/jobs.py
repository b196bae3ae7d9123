"""The work of the background export: build a funding report's file with its progress and
keep it for the person who asked.

Safe to run twice (the task is ``acks_late``): a rerun builds the file again from the
database as it is then and replaces the earlier one; a report already built is left as it
is. A failure is written on the row (the page says it) and raised, so the worker logs it.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone

from reports.exports import selectors
from reports.exports.writers import csv_lines, xlsx_write
from reports.models import ReportExport, ReportExportStatus, ReportFormat
from socialtech.audit.services import audit_log


def _update(export_id: int, **values: Any) -> None:
    ReportExport.objects.filter(pk=export_id).update(**values)


def report_export_build(*, export_id: int) -> dict[str, Any]:
    """Build the file of the background export ``export_id``, counting rows as it goes.
    Returns ``{"status", "rows"}``."""
    export = selectors.export_to_build(export_id)
    if export is None or export.status == ReportExportStatus.DONE:
        return {
            "status": export.status if export else "missing",
            "rows": export.done if export else 0,
        }
    try:
        filters = selectors.filters_from_params(selectors.export_params(export))
    except ValidationError as error:
        message = " ".join(error.messages)
        _update(export.pk, status=ReportExportStatus.FAILED, error=message[:2000])
        return {"status": ReportExportStatus.FAILED, "rows": 0}
    report = selectors.funding_report(filters, language=export.language)
    total = report.count() if report.count else 0
    _update(export.pk, status=ReportExportStatus.RUNNING, total=total, done=0, error="")

    def progress(rows: int) -> None:
        _update(export.pk, done=rows)

    filename = selectors.report_filename(filters, today=timezone.localdate())
    try:
        with tempfile.TemporaryFile() as handle:
            if export.format == ReportFormat.XLSX:
                rows = xlsx_write([report], handle, progress=progress)
            else:
                rows = 0

                def count(done: int) -> None:
                    nonlocal rows
                    rows = done
                    progress(done)

                for text in csv_lines(report, progress=count):
                    handle.write(text.encode("utf-8"))
            handle.seek(0)
            if export.file:
                export.file.delete(save=False)
            export.file.save(filename, File(handle), save=False)
    except Exception as error:
        _update(
            export.pk,
            status=ReportExportStatus.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    _update(
        export.pk,
        status=ReportExportStatus.DONE,
        file=export.file.name,
        filename=filename,
        total=rows,
        done=rows,
        finished_at=timezone.now(),
    )
    audit_log(
        actor=None,
        verb="report_export.built",
        target=export,
        data={"rows": rows, "report": export.kind, "format": export.format},
    )
    return {"status": ReportExportStatus.DONE, "rows": rows}
