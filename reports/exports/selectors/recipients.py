"""The recipient report (issue 13 point 2): a row per award accepted or later, read in
chunks from one query.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.utils import translation
from django.utils.translation import gettext as _

from calls.models import CallKind
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
from reports.exports.selectors.building import (
    build_report,
    choice_labels,
    heading_in_zone,
    zoned_date,
)
from reports.exports.selectors.filters import FundingFilters, period_bounds, programme_context
from reports.exports.selectors.grant_money import grant_money_columns

STAFF_CEILINGS = sorted(STAFF_BELOW.values())  # 10, 50, 250: where the SME answer can change


class RecipientColumns:
    """Who received what, for which project, when (issue 13 point 2), from the award."""

    def annotate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.annotate(
            project_summary=KeyTextTransform("project_summary", "application__submitted_answers"),
            planned_start=KeyTextTransform("start_date", "application__submitted_answers"),
        )

    def columns(self, context: ReportContext) -> list[Column]:
        with translation.override(context.language):
            legal_forms = choice_labels(LegalForm.choices)
            social = choice_labels(SocialEconomyType.choices)
            kinds = choice_labels(CallKind.choices)
            statuses = choice_labels(AwardStatus.choices)
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
                heading_in_zone(context.zone, _("Award date")),
                ColumnType.DATE,
                value=lambda row: zoned_date(zone, row["decided_at"]),
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


# The providers of the recipient report, in column order. The grants' tranches paid and
# recoveries, then vouchers and acceleration places, add their columns by registering one
# (``register_recipient_provider``, from the app's ``ready()``): ``factory(filters)`` returns
# an object with ``annotate(queryset of Award)`` and ``columns(context)``.
RECIPIENT_PROVIDERS: list[Callable[[FundingFilters], ColumnProvider]] = [
    lambda filters: RecipientColumns(),
    grant_money_columns,
]


def register_recipient_provider(factory: Callable[[FundingFilters], ColumnProvider]) -> None:
    """Append columns to the recipient report (tranches paid, recoveries, ...)."""
    if factory not in RECIPIENT_PROVIDERS:
        RECIPIENT_PROVIDERS.append(factory)


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
    start, end = period_bounds(filters, ZoneInfo(programme_context("en").zone))
    if start is not None:
        awards = awards.filter(decided_at__gte=start)
    if end is not None:
        awards = awards.filter(decided_at__lt=end)
    return awards


def recipient_report(filters: FundingFilters, *, language: str) -> Report:
    """The recipient report: a row per award, read in chunks (one query)."""
    context = programme_context(language)
    with translation.override(language):
        return build_report(
            name="recipients",
            title=_("Recipients"),
            queryset=awards_for_report(filters),
            fields=RECIPIENT_FIELDS,
            providers=[factory(filters) for factory in RECIPIENT_PROVIDERS],
            context=context,
            order=("call__reference", "organisation__legal_name", "pk"),
        )
