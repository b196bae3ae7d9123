"""Reads of the public list of beneficiaries.

What is published (``domain/eu-evaluation-and-fstp.md`` §1.2 and §5 K; FR Art. 38):

- every grant of the programme in an awarded state (``grants.models.AWARDED_STATUSES``: the
  offer accepted and every later state, a terminated grant included) of a call whose results
  are published; an offer not answered, declined or expired is not a grant and never shows;
- the amount is the amount awarded less the recovery orders (what the beneficiary finally
  keeps, so a terminated grant shows what it kept); a grant recovered in full is not listed;
- the purpose is the project's short public description (the answer ``project_summary``),
  else the project's title; the locality is the organisation's city;
- a natural person (a sole trader) is shown by the initials of the name and the country
  only: the platform keeps no NUTS2 region, so the country is the region shown; the words
  of the name are also replaced by their initials in the purpose the applicant wrote;
- a grant whose beneficiary asked not to be published (``BeneficiaryOptOut``) never shows;
- a grant is published until 31 December of the second year after the financial year of
  its award (awarded in 2026: published until 31 December 2028, gone on 1 January 2029),
  on the programme's clock. The query applies the date itself, so the list is right even
  before the daily job has recorded the removal (``BeneficiaryRemoval``).

Every list here is one query (the totals one more), whatever the number of grants.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from calls.models import Call, CallStatus
from grants.models import AWARDED_STATUSES, Award, RecoveryOrder
from organisations.models import LegalForm
from reports.models import BeneficiaryOptOut, BeneficiaryRemoval
from socialtech.i18n import localise
from socialtech.tenancy.context import require_active_tenant

# Calls whose results are published (the grants of a call in evaluation are not yet public).
RESULTS_STATUSES = (CallStatus.RESULTS, CallStatus.ARCHIVED)
# Years after the financial year of the award during which a grant stays published.
YEARS_PUBLISHED = 2
CURRENCY = "EUR"
NATURAL_PERSON_FORMS = (LegalForm.SOLE_TRADER,)
MONEY = DecimalField(max_digits=14, decimal_places=2)
ZERO = Value(Decimal("0.00"), output_field=MONEY)
COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")
CHUNK_SIZE = 2000
# The keys of the open data, in order: part of the published contract, never translated.
OPEN_DATA_KEYS = (
    "name",
    "country",
    "locality",
    "amount",
    "currency",
    "purpose",
    "call_reference",
    "call_title",
    "award_year",
)
FIELDS = (
    "pk",
    "award_date",
    "public_amount",
    "purpose_summary",
    "application__title",
    "organisation__legal_name",
    "organisation__legal_form",
    "organisation__country",
    "organisation__city",
    "call__reference",
    "call__title",
)


# --- Rules --------------------------------------------------------------------------------------


def programme_zone() -> ZoneInfo:
    tenant = require_active_tenant()
    return ZoneInfo(tenant.default_timezone or "Europe/Brussels")


def published_until(award_year: int) -> date:
    """The last day a grant awarded in ``award_year`` is published: 31 December of the
    second year after (the financial year is the calendar year)."""
    return date(award_year + YEARS_PUBLISHED, 12, 31)


def first_year_published(today: date) -> int:
    """The earliest award year still published on ``today``."""
    return today.year - YEARS_PUBLISHED


def initials(name: str) -> str:
    """A person's name as initials, e.g. "Maria Rossi" → "M. R."."""
    letters = [word[0].upper() for word in re.findall(r"[^\W\d_][\w'’-]*", name)]
    return " ".join(f"{letter}." for letter in letters)


def without_name(text: str, name: str) -> str:
    """``text`` with each word of the person's ``name`` replaced by its initial: the
    applicant wrote the description, and may have named themselves in it."""
    for word in sorted(set(re.findall(r"[^\W\d_][\w'’-]+", name)), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", f"{word[0].upper()}.", text, flags=re.I)
    return text


def is_natural_person(legal_form: str) -> bool:
    return legal_form in NATURAL_PERSON_FORMS


# --- Filters ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BeneficiaryFilters:
    """What the list is limited to: a call (by its slug) and a country (ISO code)."""

    call: Call | None = None
    country: str = ""

    def params(self) -> dict[str, str]:
        values = {"call": self.call.slug if self.call else "", "country": self.country}
        return {name: value for name, value in values.items() if value}


def calls_with_results() -> QuerySet[Call]:
    """The programme's calls whose results are published, newest first (the call filter)."""
    return Call.objects.filter(status__in=RESULTS_STATUSES).order_by("-deadline", "-pk")


def filters_from_params(params: Mapping[str, str]) -> BeneficiaryFilters:
    """The filters from request parameters. Raises ``ValidationError`` by parameter name: a
    call the programme has not published results of, a country code that is not one."""
    errors: dict[str, list[str]] = {}
    slug = str(params.get("call") or "").strip()
    call = None
    if slug:
        call = calls_with_results().filter(slug=slug).first()
        if call is None:
            errors["call"] = [
                _("This programme has no call “%(value)s” with published results.")
                % {"value": slug[:80]}
            ]
    country = str(params.get("country") or "").strip().upper()
    if country and (not COUNTRY_CODE.match(country) or country not in dict(countries)):
        errors["country"] = [
            _("“%(value)s” is not a country code: use two letters such as IT or DE.")
            % {"value": country[:40]}
        ]
    if errors:
        raise ValidationError(errors)
    return BeneficiaryFilters(call=call, country=country)


# --- The list -----------------------------------------------------------------------------------


def awards_published(*, today: date | None = None, zone: ZoneInfo | None = None) -> QuerySet[Award]:
    """The programme's grants on its public list on ``today`` (default: today on the
    programme's clock), annotated with ``award_date`` and ``public_amount``."""
    zone = zone or programme_zone()
    today = today or timezone.localdate(timezone.now(), zone)
    earliest = datetime.combine(date(first_year_published(today), 1, 1), time.min, zone)
    recovered = (
        RecoveryOrder.objects.filter(award=OuterRef("pk"))
        .order_by()
        .values("award_id")
        .annotate(total=Sum("amount"))
        .values("total")[:1]
    )
    return (
        Award.objects.filter(status__in=AWARDED_STATUSES, call__status__in=RESULTS_STATUSES)
        # Accepted offers always carry the date of the acceptance; the offer's date stands in
        # for a row written without it.
        .annotate(award_date=Coalesce("decided_at", "offered_at"))
        .filter(award_date__gte=earliest)
        .exclude(Exists(BeneficiaryOptOut.objects.filter(award=OuterRef("pk"))))
        .exclude(Exists(BeneficiaryRemoval.objects.filter(award=OuterRef("pk"))))
        .annotate(
            public_amount=F("amount") - Coalesce(Subquery(recovered, output_field=MONEY), ZERO),
            purpose_summary=KeyTextTransform("project_summary", "application__submitted_answers"),
        )
        # A grant recovered in full kept no money: it is no longer financial support.
        .filter(public_amount__gt=0)
    )


def beneficiaries_filtered(
    filters: BeneficiaryFilters, *, today: date | None = None, zone: ZoneInfo | None = None
) -> QuerySet[Award]:
    awards = awards_published(today=today, zone=zone)
    if filters.call is not None:
        awards = awards.filter(call=filters.call)
    if filters.country:
        awards = awards.filter(organisation__country=filters.country)
    return awards


def beneficiary_rows(
    filters: BeneficiaryFilters, *, today: date | None = None, zone: ZoneInfo | None = None
) -> QuerySet[Any]:
    """The published grants as value rows (``FIELDS``), newest award first."""
    order = ("-award_date", "organisation__legal_name", "pk")  # the date is an annotation
    return beneficiaries_filtered(filters, today=today, zone=zone).order_by(*order).values(*FIELDS)


@dataclass(frozen=True)
class Totals:
    grants: int
    amount: Decimal


def beneficiary_totals(
    filters: BeneficiaryFilters, *, today: date | None = None, zone: ZoneInfo | None = None
) -> Totals:
    """The number of grants the list shows and the money they keep (one query)."""
    found = beneficiaries_filtered(filters, today=today, zone=zone).aggregate(
        grants=Count("pk"), amount=Sum("public_amount")
    )
    return Totals(grants=found["grants"] or 0, amount=found["amount"] or Decimal("0.00"))


def countries_listed(*, today: date | None = None) -> list[tuple[str, str]]:
    """The countries of the published grants as (code, name in the active language)."""
    codes = set(
        awards_published(today=today)
        .order_by()
        .values_list("organisation__country", flat=True)
        .distinct()
    )
    names = dict(countries)
    return sorted(((code, str(names.get(code, code))) for code in codes), key=lambda pair: pair[1])


def public_entry(
    row: Mapping[str, Any], *, zone: ZoneInfo, language: str | None = None
) -> dict[str, Any]:
    """One published grant as the public sees it: a natural person's name as initials and
    no locality; the amount a ``Decimal``."""
    natural = is_natural_person(row["organisation__legal_form"])
    name = row["organisation__legal_name"] or ""
    award_date = row["award_date"]
    purpose = (row["purpose_summary"] or row["application__title"] or "").strip()
    return {
        "name": initials(name) if natural else name,
        "country": str(row["organisation__country"] or ""),
        "locality": "" if natural else (row["organisation__city"] or ""),
        "amount": row["public_amount"],
        "currency": CURRENCY,
        "purpose": without_name(purpose, name) if natural else purpose,
        "call_reference": row["call__reference"],
        "call_title": localise(row["call__title"], language),
        "award_year": award_date.astimezone(zone).year if award_date else None,
    }


def public_entries(
    filters: BeneficiaryFilters,
    *,
    today: date | None = None,
    language: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Every published grant the filters keep, read in chunks (one query).

    The query is built here, in the request (the programme is bound into it then); the rows
    are read as a streamed response consumes them, after the request's programme is reset."""
    zone = programme_zone()
    rows = beneficiary_rows(filters, today=today, zone=zone).iterator(chunk_size=CHUNK_SIZE)
    return (public_entry(row, zone=zone, language=language) for row in rows)


# --- The daily removal --------------------------------------------------------------------------


def awards_to_remove(*, today: date, zone: ZoneInfo) -> QuerySet[Award]:
    """Grants whose publication period ended before ``today`` and not yet recorded removed."""
    earliest = datetime.combine(date(first_year_published(today), 1, 1), time.min, zone)
    return (
        Award.objects.filter(status__in=AWARDED_STATUSES)
        .annotate(award_date=Coalesce("decided_at", "offered_at"))
        .filter(award_date__lt=earliest)
        .exclude(Exists(BeneficiaryRemoval.objects.filter(award=OuterRef("pk"))))
        .order_by("pk")
    )


def awards_for_opt_out() -> QuerySet[Award]:
    """The grants an opt-out may name: the programme's awarded grants without one."""
    return (
        Award.objects.filter(status__in=AWARDED_STATUSES)
        .exclude(Exists(BeneficiaryOptOut.objects.filter(award=OuterRef("pk"))))
        .select_related("organisation", "call", "application")
        .order_by("call__reference", "organisation__legal_name", "pk")
    )
