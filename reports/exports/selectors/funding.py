"""The report the filters ask for, and its file name."""

from __future__ import annotations

from datetime import date

from reports.exports.columns import Report
from reports.exports.selectors.calls import call_report
from reports.exports.selectors.filters import FundingFilters
from reports.exports.selectors.recipients import recipient_report
from reports.exports.selectors.vouchers import voucher_report
from reports.models import ReportKind
from socialtech.tenancy.context import require_active_tenant


def funding_report(filters: FundingFilters, *, language: str) -> Report:
    """The report the filters ask for."""
    if filters.report == ReportKind.CALLS:
        return call_report(filters, language=language)
    if filters.report == ReportKind.VOUCHERS:
        return voucher_report(filters, language=language)
    return recipient_report(filters, language=language)


def report_filename(filters: FundingFilters, *, today: date) -> str:
    """``funding-<report>-<programme>-<date>.<format>``: only letters, digits and dashes."""
    tenant = require_active_tenant()
    return f"funding-{filters.report}-{tenant.slug}-{today.isoformat()}.{filters.format}"
