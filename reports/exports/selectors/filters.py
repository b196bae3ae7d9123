"""Who may read the funding reports, and their filters checked from request parameters
(the one place: the API, the back-office page and the background export use it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django_countries import countries

from calls.models import Call, CallStatus, WorkPackage
from reports.exports.columns import ReportContext
from reports.models import ReportFormat, ReportKind
from socialtech.accounts.roles import Role, has_role
from socialtech.tenancy.context import require_active_tenant

# --- Who may read them ---------------------------------------------------------------------------

REPORT_ROLES = (Role.COORDINATOR, Role.STAFF)


def may_read_funding_reports(user: Any) -> bool:
    """Coordinators and staff of the active programme (and the platform operator)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_superuser or has_role(user, *REPORT_ROLES))


# --- Filters ------------------------------------------------------------------------------------

PARAMETERS = ("report", "format", "call", "work_package", "award_from", "award_to", "country")
COUNTRY_CODE = re.compile(r"^[A-Za-z]{2}$")


@dataclass(frozen=True)
class FundingFilters:
    """What a funding report is limited to; ``params`` keeps them as the request gave them."""

    report: str = ReportKind.RECIPIENTS
    format: str = ReportFormat.CSV
    call: Call | None = None
    work_package: WorkPackage | None = None
    award_from: date | None = None
    award_to: date | None = None
    country: str = ""
    params: dict[str, str] = field(default_factory=dict)


def _date(params: Mapping[str, str], name: str, errors: dict[str, list[str]]) -> date | None:
    text = (params.get(name) or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = [
            _("“%(value)s” is not a date: write it as YYYY-MM-DD, for example 2026-01-31.")
            % {"value": text[:40]}
        ]
        return None


def filters_from_params(params: Mapping[str, str]) -> FundingFilters:
    """The filters of a funding report from request parameters, checked in the active
    programme. Raises ``ValidationError`` with the messages by parameter name: an unknown
    report or format, a call or work package the programme does not have, a date not
    written YYYY-MM-DD, a period that ends before it starts, a country code that is not one."""
    errors: dict[str, list[str]] = {}
    given = {name: str(params.get(name) or "").strip() for name in PARAMETERS}
    report = given["report"] or ReportKind.RECIPIENTS
    if report not in ReportKind.values:
        errors["report"] = [
            _("Unknown report “%(value)s”: use recipients or calls.") % {"value": report[:40]}
        ]
    output = given["format"] or ReportFormat.CSV
    if output not in ReportFormat.values:
        errors["format"] = [
            _("Unknown format “%(value)s”: use csv or xlsx.") % {"value": output[:40]}
        ]
    call = None
    if given["call"]:
        call = Call.objects.exclude(status=CallStatus.DRAFT).filter(slug=given["call"]).first()
        if call is None:
            errors["call"] = [
                _("This programme has no published call “%(value)s”.")
                % {"value": given["call"][:80]}
            ]
    work_package = None
    if given["work_package"]:
        work_package = WorkPackage.objects.filter(code=given["work_package"]).first()
        if work_package is None:
            errors["work_package"] = [
                _("This programme has no work package “%(value)s”.")
                % {"value": given["work_package"][:40]}
            ]
    award_from = _date(params, "award_from", errors)
    award_to = _date(params, "award_to", errors)
    if award_from and award_to and award_to < award_from:
        errors["award_to"] = [_("The period ends before it starts: give an end after the start.")]
    country = given["country"].upper()
    if country and (not COUNTRY_CODE.match(country) or country not in dict(countries)):
        errors["country"] = [
            _("“%(value)s” is not a country code: use two letters such as IT or DE.")
            % {"value": given["country"][:40]}
        ]
    if errors:
        raise ValidationError(dict(errors))
    return FundingFilters(
        report=report,
        format=output,
        call=call,
        work_package=work_package,
        award_from=award_from,
        award_to=award_to,
        country=country,
        params={name: value for name, value in given.items() if value},
    )


def period_bounds(
    filters: FundingFilters, zone: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """The period as instants: from the start of its first day to the end of its last day,
    on the programme's clock."""
    start = datetime.combine(filters.award_from, time.min, zone) if filters.award_from else None
    end = (
        datetime.combine(filters.award_to + timedelta(days=1), time.min, zone)
        if filters.award_to
        else None
    )
    return start, end


def programme_context(language: str) -> ReportContext:
    tenant = require_active_tenant()
    return ReportContext(language=language, zone=tenant.default_timezone or "Europe/Brussels")
