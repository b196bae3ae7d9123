"""The sub-call report (issue 13 point 1): identity, dates, budget and the funnel of each
published call, aggregated in one query whatever the number of calls.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
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
from django.db.models.functions import Cast, Coalesce
from django.utils import translation
from django.utils.translation import gettext as _

from applications.models import ApplicationStatus
from calls.models import Call, CallKind, CallStatus
from evaluations.results.selectors.common import RESULTS_PUBLISHED
from grants.models import AwardStatus
from reports.exports.columns import (
    Column,
    ColumnProvider,
    ColumnType,
    Report,
    ReportContext,
)
from reports.exports.selectors.building import (
    build_report,
    choice_labels,
    heading_in_zone,
)
from reports.exports.selectors.contracts import contract_columns
from reports.exports.selectors.filters import FundingFilters, period_bounds, programme_context
from reports.exports.selectors.vouchers import voucher_call_columns
from socialtech.audit.models import AuditEvent
from socialtech.i18n import localise

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
ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


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
        kinds = choice_labels(CallKind.choices)
        statuses = choice_labels(CallStatus.choices)
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
            Column("published_at", heading_in_zone(zone, _("Published")), timed, zone=zone),
            Column("opens_at", heading_in_zone(zone, _("Opens")), timed, zone=zone),
            Column("deadline", heading_in_zone(zone, _("Deadline")), timed, zone=zone),
            Column("decided_at", heading_in_zone(zone, _("Results published")), timed, zone=zone),
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


# The providers of the sub-call report, in column order; a new source (the contract date
# once signatures are recorded, vouchers issued per call) registers one with
# ``register_call_provider``. Annotations over ``Call`` rows: aggregate through a subquery
# when the path is not the applications' (a second to-many join would multiply the counts).
CALL_PROVIDERS: list[Callable[[FundingFilters], ColumnProvider]] = [
    lambda filters: CallFunnelColumns(country=filters.country),
    contract_columns,
    voucher_call_columns,
]


def register_call_provider(factory: Callable[[FundingFilters], ColumnProvider]) -> None:
    """Append columns to the sub-call report: ``factory(filters)`` returns the provider."""
    if factory not in CALL_PROVIDERS:
        CALL_PROVIDERS.append(factory)


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


def calls_for_report(filters: FundingFilters) -> QuerySet[Call]:
    """The programme's published calls the filters keep (the period: the deadline in it)."""
    calls = Call.objects.exclude(status=CallStatus.DRAFT)
    if filters.call is not None:
        calls = calls.filter(pk=filters.call.pk)
    if filters.work_package is not None:
        calls = calls.filter(work_package=filters.work_package)
    start, end = period_bounds(filters, ZoneInfo(programme_context("en").zone))
    if start is not None:
        calls = calls.filter(deadline__gte=start)
    if end is not None:
        calls = calls.filter(deadline__lt=end)
    return calls


def call_report(filters: FundingFilters, *, language: str) -> Report:
    """The sub-call report: a row per published call, its funnel aggregated in the database
    (one query for any number of calls)."""
    context = programme_context(language)
    with translation.override(language):
        return build_report(
            name="calls",
            title=_("Sub-calls"),
            queryset=calls_for_report(filters),
            fields=CALL_FIELDS,
            providers=[factory(filters) for factory in CALL_PROVIDERS],
            context=context,
            order=("opens_at", "pk"),
        )
