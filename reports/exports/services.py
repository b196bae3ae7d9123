"""Writes of the funding reports: ask for a report file to be built in the background."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from reports.exports.selectors import FundingFilters, may_read_funding_reports
from reports.exports.tasks import build_report_export
from reports.models import ReportExport
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant


@transaction.atomic
def report_export_start(*, filters: FundingFilters, language: str, by: Any) -> ReportExport:
    """Queue the building of the funding report ``filters`` ask for, as a file kept for
    ``by``; the page follows its progress. Refuses anyone but the programme's coordinators
    and staff."""
    if not may_read_funding_reports(by):
        raise PermissionDenied(
            _("Only the programme's coordinators and staff may read its funding reports.")
        )
    tenant = require_active_tenant()
    export = ReportExport(
        tenant=tenant,
        kind=filters.report,
        format=filters.format,
        filters={
            name: value
            for name, value in filters.params.items()
            if name not in {"report", "format"}
        },
        language=language,
        requested_by=by,
    )
    export.full_clean()
    export.save()
    audit_log(
        actor=by,
        verb="report_export.requested",
        target=export,
        data={"report": export.kind, "format": export.format, "filters": export.filters},
    )
    enqueue_on_commit(build_report_export, tenant_id=tenant.pk, export_id=export.pk)
    return export
