"""The funding reports a coordinator sends the funding agency (issue 13 points 1 and 2,
``domain/eu-evaluation-and-fstp.md`` §5 K), as reports for the export engine.

- :func:`call_report`: one row per sub-call: identity, dates, budget, and at each step of
  the funnel (received, eligible, above threshold, selected, contracted) the count and the
  money requested or awarded. One aggregate query over the calls, whatever their number.
- :func:`recipient_report`: one row per award (an accepted offer and every later state):
  who the recipient is, what the support is for, when and how much. One query, read in
  chunks.

Both are built from column providers (``reports.exports.columns.ColumnProvider``): the
base provider of each report holds the columns listed above; a new source of figures is
appended to ``CALL_PROVIDERS`` or ``RECIPIENT_PROVIDERS`` (``register_call_provider``,
``register_recipient_provider``): the tranches paid and the recoveries of grants, then
vouchers and acceleration places, each adding its own annotations and columns.

Filters come from request parameters through :func:`filters_from_params`, the one place
that checks them (the API, the back-office page and the background export all use it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import (
    CharField,
    Count,
    DecimalField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from applications.models import ApplicationStatus
from calls.models import Call, CallKind, CallStatus, WorkPackage
from evaluations.results.selectors.common import RESULTS_PUBLISHED
from grants.models import AWARDED_STATUSES, Award, AwardStatus
from organisations.models import LegalForm, SocialEconomyType
from organisations.sme import STAFF_BELOW, sme_status
from reports.exports.columns import (
    Column,
    ColumnProvider,
    ColumnType,
    Report,
    ReportContext,
    Row,
    as_date,
)
from reports.models import ReportExport, ReportExportStatus, ReportFormat, ReportKind
from socialtech.accounts.roles import Role, has_role
from socialtech.audit.models import AuditEvent
from socialtech.i18n import localise
from socialtech.tenancy.context import require_active_tenant

CHUNK_SIZE = 2000
S = ApplicationStatus
A = AwardStatus

# --- The funnel (issue 13 point 1) --------------------------------------------------------------
# Received: submitted (a draft is not received; a superseded submission was replaced by a
# later one, which is counted instead).
NOT_RECEIVED = (S.DRAFT, S.SUPERSEDED)
# Eligible: passed the eligibility check (every status after it, or a published ranking).
ELIGIBLE_STATUSES = (
    S.ELIGIBLE,
    S.IN_EVALUATION,
    S.EVALUATED,
    S.MAIN_LIST,
    S.RESERVE_LIST,
    S.REJECTED_THRESHOLD,
    S.REJECTED_BUDGET,
    S.OFFERED,
    S.ACCEPTED,
    S.DECLINED,
)
RANKED_OUTCOMES = (S.MAIN_LIST, S.RESERVE_LIST, S.REJECTED_THRESHOLD, S.REJECTED_BUDGET)
# Above threshold: the published results put it on a list or out of budget, not below.
ABOVE_THRESHOLD_OUTCOMES = (S.MAIN_LIST, S.RESERVE_LIST, S.REJECTED_BUDGET)
# Contracted: the agreement is out or signed, the grant running or done.
CONTRACTED_STATUSES = (A.AGREEMENT_SENT, A.SIGNED, A.ACTIVE, A.COMPLETED)
STEPS = ("received", "eligible", "above_threshold", "selected", "contracted")
STAFF_CEILINGS = sorted(STAFF_BELOW.values())  # 10, 50, 250: where the SME answer can change
ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


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


def _period(filters: FundingFilters, zone: ZoneInfo) -> tuple[datetime | None, datetime | None]:
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


# --- Providers -----------------------------------------------------------------------------------


def _labels(choices: Any) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _zoned_date(zone: ZoneInfo, value: datetime | None) -> date | None:
    return value.astimezone(zone).date() if value is not None else None


def _heading_in(zone: str, heading: str) -> str:
    return _("%(heading)s (%(zone)s)") % {"heading": heading, "zone": zone}


class CallFunnelColumns:
    """The sub-call's identity, dates, budget and funnel (issue 13 point 1)."""

    def __init__(self, country: str = "") -> None:
        self.country = country

    def _applications(self, **lookups: Any) -> Q:
        condition = Q(applications__submitted_at__isnull=False) & ~Q(
            applications__status__in=NOT_RECEIVED
        )
        if self.country:
            condition &= Q(applications__organisation__country=self.country)
        return condition & Q(**lookups) if lookups else condition

    def _steps(self) -> dict[str, Q]:
        received = self._applications()
        return {
            "received": received,
            "eligible": received
            & (
                Q(applications__status__in=ELIGIBLE_STATUSES)
                | Q(applications__published_outcome__in=RANKED_OUTCOMES)
            ),
            "above_threshold": received
            & Q(applications__published_outcome__in=ABOVE_THRESHOLD_OUTCOMES),
            "selected": received
            & (
                Q(applications__published_outcome=S.MAIN_LIST)
                | Q(applications__award__isnull=False)
            ),
            "contracted": received & Q(applications__award__status__in=CONTRACTED_STATUSES),
        }

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        annotations: dict[str, Any] = {}
        for step, condition in self._steps().items():
            annotations[f"{step}_count"] = Count("applications", filter=condition)
            money = (
                "applications__award__amount"
                if step == "contracted"
                else "applications__requested_amount"
            )
            annotations[f"{step}_amount"] = Coalesce(Sum(money, filter=condition), ZERO)
        call_type = ContentType.objects.get_for_model(Call)
        first_publication = (
            AuditEvent.objects.filter(
                verb=RESULTS_PUBLISHED,
                object_type=call_type,
                object_id=Cast(OuterRef("pk"), CharField()),
            )
            .order_by("at", "pk")
            .values("at")[:1]
        )
        return queryset.annotate(**annotations, decided_at=Subquery(first_publication))

    def columns(self, context: ReportContext) -> list[Column]:
        zone = context.zone
        kinds = _labels(CallKind.choices)
        statuses = _labels(CallStatus.choices)
        language = context.language
        timed = ColumnType.DATETIME
        money = ColumnType.MONEY
        number = ColumnType.INTEGER
        return [
            Column("reference", _("Call reference"), width=12),
            Column("title", _("Call title"), value=lambda row: localise(row["title"], language)),
            Column("work_package__code", _("Work package"), width=14),
            Column(
                "kind", _("Type of support"), value=lambda row: kinds.get(row["kind"], row["kind"])
            ),
            Column(
                "status", _("Status"), value=lambda row: statuses.get(row["status"], row["status"])
            ),
            Column("budget", _("Budget (EUR)"), money),
            Column("published_at", _heading_in(zone, _("Published")), timed, zone=zone),
            Column("opens_at", _heading_in(zone, _("Opens")), timed, zone=zone),
            Column("deadline", _heading_in(zone, _("Deadline")), timed, zone=zone),
            Column("decided_at", _heading_in(zone, _("Results published")), timed, zone=zone),
            Column("received_count", _("Received"), number),
            Column("received_amount", _("Requested by received (EUR)"), money),
            Column("eligible_count", _("Eligible"), number),
            Column("eligible_amount", _("Requested by eligible (EUR)"), money),
            Column("above_threshold_count", _("Above threshold"), number),
            Column("above_threshold_amount", _("Requested above threshold (EUR)"), money),
            Column("selected_count", _("Selected"), number),
            Column("selected_amount", _("Requested by selected (EUR)"), money),
            Column("contracted_count", _("Contracted"), number),
            Column("contracted_amount", _("Awarded to contracted (EUR)"), money),
        ]


class RecipientColumns:
    """Who received what, for which project, when (issue 13 point 2), from the award."""

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.annotate(
            project_summary=KeyTextTransform("project_summary", "application__submitted_answers"),
            planned_start=KeyTextTransform("start_date", "application__submitted_answers"),
        )

    def columns(self, context: ReportContext) -> list[Column]:
        with translation.override(context.language):
            legal_forms = _labels(LegalForm.choices)
            social = _labels(SocialEconomyType.choices)
            kinds = _labels(CallKind.choices)
            statuses = _labels(AwardStatus.choices)
            yes, no = _("yes"), _("no")
        zone = ZoneInfo(context.zone)

        # The answer depends on the headcount only through the Recommendation's staff
        # ceilings, so it is worked out once per (ceiling, turnover, balance sheet, public).
        answers: dict[tuple[int, str, str, bool], str] = {}

        def sme(row: Row) -> str:
            headcount = row["organisation__staff_headcount"]
            key = (
                bisect_right(STAFF_CEILINGS, headcount),
                row["organisation__turnover_band"],
                row["organisation__balance_sheet_band"],
                row["organisation__legal_form"] == LegalForm.PUBLIC_BODY,
            )
            if key not in answers:
                assessment = sme_status(headcount, key[1], key[2], is_public_body=key[3])
                answers[key] = yes if assessment.is_sme else no
            return answers[key]

        return [
            Column("call__reference", _("Call reference"), width=12),
            Column("application__receipt_number", _("Application"), width=20),
            Column("organisation__legal_name", _("Legal name"), width=36),
            Column(
                "organisation__country",
                _("Country"),
                value=lambda row: str(row["organisation__country"] or ""),
                width=9,
            ),
            Column(
                "organisation__legal_form",
                _("Legal form"),
                value=lambda row: legal_forms.get(row["organisation__legal_form"], ""),
            ),
            Column("organisation__registration_number", _("Registration number"), width=20),
            Column("organisation__vat_number", _("VAT number"), width=18),
            Column("sme", _("SME"), value=sme, width=6),
            Column(
                "organisation__social_economy_type",
                _("Social-economy type"),
                value=lambda row: social.get(row["organisation__social_economy_type"], ""),
            ),
            Column(
                "call__kind",
                _("Type of support"),
                value=lambda row: kinds.get(row["call__kind"], row["call__kind"]),
            ),
            Column("application__title", _("Project title"), width=40),
            Column("project_summary", _("Short public description"), width=60),
            Column(
                "decided_at",
                _heading_in(context.zone, _("Award date")),
                ColumnType.DATE,
                value=lambda row: _zoned_date(zone, row["decided_at"]),
            ),
            Column(
                "planned_start",
                _("Planned start"),
                ColumnType.DATE,
                value=lambda row: as_date(row["planned_start"]),
            ),
            Column("amount", _("Amount awarded (EUR)"), ColumnType.MONEY),
            Column(
                "status",
                _("Grant status"),
                value=lambda row: statuses.get(row["status"], row["status"]),
            ),
        ]


# The providers of each report, in column order; append to add columns (see the module doc).
CALL_PROVIDERS: list[Callable[[FundingFilters], ColumnProvider]] = [
    lambda filters: CallFunnelColumns(country=filters.country)
]
RECIPIENT_PROVIDERS: list[Callable[[FundingFilters], ColumnProvider]] = [
    lambda filters: RecipientColumns()
]


def register_call_provider(factory: Callable[[FundingFilters], ColumnProvider]) -> None:
    """Append columns to the sub-call report: ``factory(filters)`` returns the provider."""
    if factory not in CALL_PROVIDERS:
        CALL_PROVIDERS.append(factory)


def register_recipient_provider(factory: Callable[[FundingFilters], ColumnProvider]) -> None:
    """Append columns to the recipient report (tranches paid, recoveries, ...)."""
    if factory not in RECIPIENT_PROVIDERS:
        RECIPIENT_PROVIDERS.append(factory)


# --- The reports ---------------------------------------------------------------------------------

CALL_FIELDS = (
    "pk",
    "reference",
    "title",
    "work_package__code",
    "kind",
    "status",
    "budget",
    "published_at",
    "opens_at",
    "deadline",
)
RECIPIENT_FIELDS = (
    "pk",
    "status",
    "amount",
    "decided_at",
    "call__reference",
    "call__kind",
    "application__receipt_number",
    "application__title",
    "organisation__legal_name",
    "organisation__country",
    "organisation__legal_form",
    "organisation__registration_number",
    "organisation__vat_number",
    "organisation__staff_headcount",
    "organisation__turnover_band",
    "organisation__balance_sheet_band",
    "organisation__social_economy_type",
)


def calls_for_report(filters: FundingFilters) -> QuerySet[Call]:
    """The programme's published calls the filters keep (the period: the deadline in it)."""
    calls = Call.objects.exclude(status=CallStatus.DRAFT)
    if filters.call is not None:
        calls = calls.filter(pk=filters.call.pk)
    if filters.work_package is not None:
        calls = calls.filter(work_package=filters.work_package)
    start, end = _period(filters, ZoneInfo(programme_context("en").zone))
    if start is not None:
        calls = calls.filter(deadline__gte=start)
    if end is not None:
        calls = calls.filter(deadline__lt=end)
    return calls


def awards_for_report(filters: FundingFilters) -> QuerySet[Award]:
    """The programme's awards (accepted and later) the filters keep (the period: the date
    the offer was accepted, on the programme's clock)."""
    awards = Award.objects.filter(status__in=AWARDED_STATUSES)
    if filters.call is not None:
        awards = awards.filter(call=filters.call)
    if filters.work_package is not None:
        awards = awards.filter(call__work_package=filters.work_package)
    if filters.country:
        awards = awards.filter(organisation__country=filters.country)
    start, end = _period(filters, ZoneInfo(programme_context("en").zone))
    if start is not None:
        awards = awards.filter(decided_at__gte=start)
    if end is not None:
        awards = awards.filter(decided_at__lt=end)
    return awards


def _build(
    *,
    name: str,
    title: str,
    queryset: QuerySet[Any],
    fields: tuple[str, ...],
    providers: list[ColumnProvider],
    context: ReportContext,
    order: tuple[str, ...],
) -> Report:
    for provider in providers:
        queryset = provider.annotate(queryset)
    columns = [column for provider in providers for column in provider.columns(context)]
    annotations = tuple(queryset.query.annotations)
    rows = queryset.order_by(*order).values(*fields, *annotations)
    return Report(
        name=name,
        title=title,
        columns=columns,
        rows=rows.iterator(chunk_size=CHUNK_SIZE),
        count=queryset.count,
    )


def call_report(filters: FundingFilters, *, language: str) -> Report:
    """The sub-call report: a row per published call, its funnel aggregated in the database
    (one query for any number of calls)."""
    context = programme_context(language)
    with translation.override(language):
        return _build(
            name="calls",
            title=_("Sub-calls"),
            queryset=calls_for_report(filters),
            fields=CALL_FIELDS,
            providers=[factory(filters) for factory in CALL_PROVIDERS],
            context=context,
            order=("opens_at", "pk"),
        )


def recipient_report(filters: FundingFilters, *, language: str) -> Report:
    """The recipient report: a row per award, read in chunks (one query)."""
    context = programme_context(language)
    with translation.override(language):
        return _build(
            name="recipients",
            title=_("Recipients"),
            queryset=awards_for_report(filters),
            fields=RECIPIENT_FIELDS,
            providers=[factory(filters) for factory in RECIPIENT_PROVIDERS],
            context=context,
            order=("call__reference", "organisation__legal_name", "pk"),
        )


def funding_report(filters: FundingFilters, *, language: str) -> Report:
    """The report the filters ask for."""
    if filters.report == ReportKind.CALLS:
        return call_report(filters, language=language)
    return recipient_report(filters, language=language)


def report_filename(filters: FundingFilters, *, today: date) -> str:
    """``funding-<report>-<programme>-<date>.<format>``: only letters, digits and dashes."""
    tenant = require_active_tenant()
    return f"funding-{filters.report}-{tenant.slug}-{today.isoformat()}.{filters.format}"


# --- Files built in the background ---------------------------------------------------------------


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
