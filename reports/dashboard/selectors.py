"""The dashboard's figures, read in a fixed number of queries whatever the number of rows.

Each figure is a :class:`Chart`: labels along one axis and one or more series of numbers
(counts, or money as ``Decimal``). The same charts feed the JSON endpoints the browser
draws from, the tables beside the charts (rendered on the server, so the page works
without JavaScript) and the PDF summary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from applications.models import Application, ApplicationStatus
from calls.models import Call, CallStatus
from evaluations.models import Assignment
from grants.models import AWARDED_STATUSES, Award, RecoveryOrder, Tranche, TrancheStatus
from organisations.models import LegalForm
from reports.exports.selectors.calls import (
    ELIGIBLE_STATUSES,
    NOT_RECEIVED,
    RANKED_OUTCOMES,
    STEPS,
    CallFunnelColumns,
)
from reports.exports.selectors.filters import may_read_funding_reports, programme_context
from vouchers.models import COMMITTED_STATUSES as VOUCHER_COMMITTED
from vouchers.models import Claim, ClaimStatus, Voucher

S = ApplicationStatus
MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Decimal("0.00")
DECLINED = (Assignment.Status.DECLINED_CONFLICT, Assignment.Status.DECLINED_OTHER)

__all__ = [
    "CHARTS",
    "Chart",
    "Series",
    "chart_by_name",
    "dashboard_charts",
    "may_read_dashboard",
    "set_budget_source",
]


def may_read_dashboard(user: Any) -> bool:
    """Coordinators and staff of the active programme (those who read its funding reports)."""
    return may_read_funding_reports(user)


CENT = Decimal("0.01")


@dataclass(frozen=True)
class Series:
    """One row of figures: counts (``money`` false) or EUR amounts. ``drawn`` false: in the
    table only (the money of the funnel, beside the counts the chart shows)."""

    label: str
    values: list[Any]
    money: bool = False
    drawn: bool = True

    def __post_init__(self) -> None:
        if self.money:  # to the cent, whatever the database's sum gave
            cents = [Decimal(value or 0).quantize(CENT) for value in self.values]
            object.__setattr__(self, "values", cents)


@dataclass(frozen=True)
class Chart:
    """A chart and its table: ``kind`` is ``bar`` or ``line``; ``labels`` name the points."""

    name: str
    title: str
    description: str
    kind: str
    label_heading: str
    labels: list[str]
    series: list[Series] = field(default_factory=list)

    @property
    def drawn(self) -> list[Series]:
        return [series for series in self.series if series.drawn]

    def rows(self) -> list[tuple[str, list[tuple[Any, bool]]]]:
        """The table: a row per label with every series' value at it (and whether money)."""
        return [
            (label, [(series.values[index], series.money) for series in self.series])
            for index, label in enumerate(self.labels)
        ]

    def as_json(self) -> dict[str, Any]:
        """Counts as numbers, money as strings (exact decimals)."""
        return {
            "name": self.name,
            "title": self.title,
            "kind": self.kind,
            "labels": self.labels,
            "series": [
                {
                    "label": series.label,
                    "money": series.money,
                    "drawn": series.drawn,
                    "values": [str(value) if series.money else value for value in series.values],
                }
                for series in self.series
            ],
        }


def _received() -> Q:
    return Q(submitted_at__isnull=False) & ~Q(status__in=NOT_RECEIVED)


def _published_calls() -> QuerySet[Call]:
    return Call.objects.exclude(status=CallStatus.DRAFT)


# --- The funnel per call (one query) -------------------------------------------------------------


def funnel_chart() -> Chart:
    step_names = {
        "received": _("Received"),
        "eligible": _("Eligible"),
        "above_threshold": _("Above threshold"),
        "selected": _("Selected"),
        "contracted": _("Contracted"),
    }
    fields = [f"{step}_{what}" for step in STEPS for what in ("count", "amount")]
    rows = list(
        CallFunnelColumns()
        .annotate(_published_calls())
        .order_by("opens_at", "pk")
        .values("reference", *fields)
    )
    series = [
        Series(step_names[step], [row[f"{step}_count"] for row in rows]) for step in STEPS
    ] + [
        Series(
            _("%(step)s (EUR)") % {"step": step_names[step]},
            [row[f"{step}_amount"] for row in rows],
            money=True,
            drawn=False,
        )
        for step in STEPS
    ]
    return Chart(
        name="funnel",
        title=_("Applications at each step, per call"),
        description=_(
            "For each call, the applications received, eligible, above the threshold, "
            "selected and contracted, and the money requested (awarded, once contracted)."
        ),
        kind="bar",
        label_heading=_("Call"),
        labels=[row["reference"] for row in rows],
        series=series,
    )


# --- Money committed and paid per month against the budget (four queries) -------------------------


def _months(first: date, last: date) -> list[date]:
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return months


def _as_month(value: Any) -> date:
    return value.date().replace(day=1) if hasattr(value, "date") else value.replace(day=1)


def calls_budget_total() -> Decimal:
    """The programme's budget until it has its own: the sum of its published calls' budgets
    (one query)."""
    total = _published_calls().aggregate(
        total=Coalesce(Sum("budget"), Value(ZERO, output_field=MONEY))
    )["total"]
    return Decimal(total)


# Where the budget line of the money chart comes from; the programme budget (issue 13
# point 6) replaces it with ``set_budget_source`` (one query, returning EUR as Decimal).
BUDGET_SOURCE: list[Callable[[], Decimal]] = [calls_budget_total]


def set_budget_source(read: Callable[[], Decimal]) -> None:
    """Draw the money chart against ``read()`` instead of the sum of the calls' budgets."""
    BUDGET_SOURCE[0] = read


def money_chart() -> Chart:
    zone = ZoneInfo(programme_context("en").zone)
    committed = {
        _as_month(row["month"]): row["total"]
        for row in Award.objects.filter(status__in=AWARDED_STATUSES)
        .annotate(
            month=TruncMonth(Coalesce("decided_at", "offered_at"), tzinfo=zone),
        )
        .order_by()
        .values("month")
        .annotate(total=Sum("amount"))
    }
    # A recovery order takes its amount off what is committed, in the month it was issued.
    for row in (
        RecoveryOrder.objects.annotate(month=TruncMonth("issued_at", tzinfo=zone))
        .order_by()
        .values("month")
        .annotate(total=Sum("amount"))
    ):
        month = _as_month(row["month"])
        committed[month] = committed.get(month, ZERO) - row["total"]
    paid = {
        _as_month(row["month"]): row["total"]
        for row in Tranche.objects.filter(status=TrancheStatus.PAID, paid_on__isnull=False)
        .annotate(month=TruncMonth("paid_on"))
        .order_by()
        .values("month")
        .annotate(total=Sum("amount"))
    }
    # Vouchers commit their value when issued (an expired or cancelled one gives it back)
    # and are paid when their claim is reimbursed.
    for row in (
        Voucher.objects.filter(status__in=VOUCHER_COMMITTED)
        .annotate(month=TruncMonth("issued_at", tzinfo=zone))
        .order_by()
        .values("month")
        .annotate(total=Sum("value"))
    ):
        month = _as_month(row["month"])
        committed[month] = committed.get(month, ZERO) + row["total"]
    for row in (
        Claim.objects.filter(status=ClaimStatus.REIMBURSED, reimbursed_on__isnull=False)
        .annotate(month=TruncMonth("reimbursed_on"))
        .order_by()
        .values("month")
        .annotate(total=Sum("amount"))
    ):
        month = _as_month(row["month"])
        paid[month] = paid.get(month, ZERO) + row["total"]
    budget = BUDGET_SOURCE[0]()
    known = [*committed, *paid]
    months = _months(min(known), max(known)) if known else []
    committed_series, paid_series = [], []
    committed_sum, paid_sum = ZERO, ZERO
    for month in months:
        committed_sum += committed.get(month, ZERO)
        paid_sum += paid.get(month, ZERO)
        committed_series.append(committed_sum)
        paid_series.append(paid_sum)
    return Chart(
        name="money",
        title=_("Money committed and paid over time"),
        description=_(
            "The money awarded (offers accepted, less recovery orders, and vouchers issued) "
            "and paid (tranches paid and voucher claims reimbursed), added up month by month, "
            "against the programme's budget."
        ),
        kind="line",
        label_heading=_("Month"),
        labels=[month.strftime("%Y-%m") for month in months],
        series=[
            Series(_("Committed (EUR)"), committed_series, money=True),
            Series(_("Paid (EUR)"), paid_series, money=True),
            Series(_("Budget (EUR)"), [budget for _month in months], money=True),
        ],
    )


# --- Applications and awards by country and by legal form (one query each) ----------------------


def _by(field_name: str, names: Callable[[str], str], name: str, title: str, heading: str) -> Chart:
    awarded = Q(award__status__in=AWARDED_STATUSES)
    rows = list(
        Application.objects.filter(_received(), call__in=_published_calls())
        .order_by()
        .values(field_name)
        .annotate(
            received=Count("pk"),
            awards=Count("award", filter=awarded),
            awarded=Coalesce(Sum("award__amount", filter=awarded), Value(ZERO, output_field=MONEY)),
        )
    )
    rows.sort(key=lambda row: (-row["received"], str(row[field_name])))
    return Chart(
        name=name,
        title=title,
        description=_("Applications received, awards (offers accepted) and the money awarded."),
        kind="bar",
        label_heading=heading,
        labels=[names(str(row[field_name] or "")) for row in rows],
        series=[
            Series(_("Applications"), [row["received"] for row in rows]),
            Series(_("Awards"), [row["awards"] for row in rows]),
            Series(_("Awarded (EUR)"), [row["awarded"] for row in rows], money=True, drawn=False),
        ],
    )


def country_chart() -> Chart:
    names = dict(countries)
    return _by(
        "organisation__country",
        lambda code: str(names.get(code, code or _("Unknown"))),
        "countries",
        _("Applications and awards by country"),
        _("Country"),
    )


def legal_form_chart() -> Chart:
    names = {value: str(label) for value, label in LegalForm.choices}
    return _by(
        "organisation__legal_form",
        lambda form: names.get(form, form or _("Unknown")),
        "legal_forms",
        _("Applications and awards by legal form"),
        _("Legal form"),
    )


# --- Evaluation progress per call (one query) ----------------------------------------------------


def evaluation_chart() -> Chart:
    to_evaluate = Q(applications__submitted_at__isnull=False) & (
        Q(applications__status__in=ELIGIBLE_STATUSES)
        | Q(applications__published_outcome__in=RANKED_OUTCOMES)
    )
    rows = list(
        _published_calls()
        .annotate(
            to_evaluate=Count("applications", filter=to_evaluate, distinct=True),
            assigned=Count(
                "applications__assignments",
                filter=~Q(applications__assignments__status__in=DECLINED),
                distinct=True,
            ),
            submitted=Count(
                "applications__assignments",
                filter=Q(applications__assignments__review__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("opens_at", "pk")
        .values("reference", "evaluators_per_application", "to_evaluate", "assigned", "submitted")
    )
    return Chart(
        name="evaluation",
        title=_("Evaluation progress per call"),
        description=_(
            "Reviews expected (eligible applications times the evaluators each one needs), "
            "evaluators assigned and reviews submitted."
        ),
        kind="bar",
        label_heading=_("Call"),
        labels=[row["reference"] for row in rows],
        series=[
            Series(
                _("Reviews expected"),
                [row["to_evaluate"] * row["evaluators_per_application"] for row in rows],
            ),
            Series(_("Evaluators assigned"), [row["assigned"] for row in rows]),
            Series(_("Reviews submitted"), [row["submitted"] for row in rows]),
        ],
    )


CHARTS: dict[str, Callable[[], Chart]] = {
    "funnel": funnel_chart,
    "money": money_chart,
    "countries": country_chart,
    "legal_forms": legal_form_chart,
    "evaluation": evaluation_chart,
}


def chart_by_name(name: str, *, language: str) -> Chart | None:
    """One chart in ``language``, or ``None`` for a name that is not one."""
    read = CHARTS.get(name)
    if read is None:
        return None
    with translation.override(language):
        return read()


def dashboard_charts(*, language: str, names: Iterable[str] = CHARTS) -> list[Chart]:
    """Every chart of the dashboard, in ``language``."""
    with translation.override(language):
        return [CHARTS[name]() for name in names]
