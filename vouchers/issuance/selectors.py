"""Reads of the vouchers issued: the money an organisation holds in vouchers (the funding
source the de minimis and cap checks add up), the published main list a call issues to,
the de minimis aid an application declared, and the vouchers a person sees."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from applications.models import Application, ApplicationStatus
from applications.selectors import mail_language
from calls.models import Call
from evaluations.models import RankingRun
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import require_active_tenant
from vouchers.access import vouchers_of_member
from vouchers.models import COMMITTED_STATUSES, Claim, ServiceCategory, Voucher, VoucherStatus
from vouchers.schemes.selectors import DE_MINIMIS_FIELD_KEY

S = ApplicationStatus
ZERO = Decimal("0.00")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
MONEY = DecimalField(max_digits=14, decimal_places=2)
FALLBACK_LANGUAGE = "en"
LIST_PAGE_SIZE = 25


# --- The funding source: what an organisation holds in vouchers --------------------------------


def _programme_vouchers(tenant: Any) -> QuerySet[Voucher]:
    """The vouchers of ``tenant``'s programme, read through the scoped manager: the funding
    source is asked about the active programme only, so another programme is a mistake
    (answered with an error, never with a total of zero)."""
    active = require_active_tenant()
    if getattr(tenant, "pk", tenant) != active.pk:
        raise RuntimeError("The vouchers' funding source reads the active programme only.")
    return Voucher.objects.filter(tenant_id=active.pk)


def voucher_total(*, tenant: Any, organisation: Any) -> Decimal:
    """The value of ``organisation``'s vouchers in ``tenant``'s programme that hold money
    (every state but expired and cancelled). Registered as the vouchers' funding source."""
    total = (
        _programme_vouchers(tenant)
        .filter(
            organisation_id=getattr(organisation, "pk", organisation),
            status__in=COMMITTED_STATUSES,
        )
        .aggregate(total=Coalesce(Sum("value"), Value(ZERO), output_field=MONEY))["total"]
    )
    return Decimal(total).quantize(CENT)


def voucher_totals(*, tenant: Any, organisations: Any) -> dict[int, Decimal]:
    """:func:`voucher_total` of each of ``organisations`` in one grouped query, by id
    (organisations without vouchers are left out)."""
    rows = (
        _programme_vouchers(tenant)
        .filter(
            organisation_id__in=[getattr(org, "pk", org) for org in organisations],
            status__in=COMMITTED_STATUSES,
        )
        .order_by()
        .values("organisation_id")
        .annotate(total=Sum("value"))
    )
    return {row["organisation_id"]: Decimal(row["total"]).quantize(CENT) for row in rows}


# --- Issuing ------------------------------------------------------------------------------------


def is_on_published_main_list(application: Application) -> bool:
    """On the main list of results the programme has published (the applicant was told),
    and no later, unpublished ranking has moved it."""
    return application.status == S.MAIN_LIST and application.published_outcome == S.MAIN_LIST


def voucher_value_for(*, scheme: Any, application: Application) -> Decimal:
    """What a voucher issued to ``application`` is worth: the amount it asked for, at most
    the scheme's value (the scheme's value when it asked for none)."""
    value = Decimal(scheme.value).quantize(CENT)
    requested = application.requested_amount
    if requested is not None and Decimal(0) < requested < value:
        return Decimal(requested).quantize(CENT)
    return value


def declared_de_minimis(application: Application) -> Decimal:
    """The de minimis aid the application declared (the answer as submitted, else the
    current one); 0 when it gave none or something that is not an amount."""
    answers = application.submitted_answers or application.answers or {}
    raw = answers.get(DE_MINIMIS_FIELD_KEY)
    if raw in (None, ""):
        return ZERO
    try:
        amount = Decimal(str(raw).strip().replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        return ZERO
    if not amount.is_finite() or amount < 0:
        return ZERO
    return amount.quantize(CENT)


def organisation_vouchers_in_scheme(*, scheme: Any, organisation: Any) -> int:
    """How many vouchers of ``scheme`` the organisation has, cancelled ones aside."""
    return (
        Voucher.objects.filter(
            scheme_id=getattr(scheme, "pk", scheme),
            organisation_id=getattr(organisation, "pk", organisation),
        )
        .exclude(status=VoucherStatus.CANCELLED)
        .count()
    )


def voucher_of_application(application: Application) -> Voucher | None:
    return Voucher.objects.filter(application_id=application.pk).first()


def code_is_taken(code: str) -> bool:
    """Whether any voucher, in any programme, has ``code``: codes are unique across every
    programme (a voucher is found by its code alone on the verification page and the API)."""
    return Voucher.unscoped.filter(code=code).exists()


def ranking_places(call: Call) -> dict[int, int]:
    """Application id -> rank in the call's latest ranking (the published lists follow it)."""
    run = RankingRun.objects.filter(call=call).order_by("-created_at", "-pk").first()
    if run is None:
        return {}
    return {
        int(row["application"]): int(row["rank"])
        for row in run.results
        if row.get("rank") is not None
    }


def main_list_without_voucher(call: Call) -> list[Application]:
    """The published main list of ``call`` still without a voucher, in ranking order
    (unranked rows last, by receipt number)."""
    places = ranking_places(call)
    rows = list(
        Application.objects.filter(
            call=call, status=S.MAIN_LIST, published_outcome=S.MAIN_LIST, voucher__isnull=True
        ).select_related("organisation")
    )
    return sorted(rows, key=lambda row: (places.get(row.pk, 10**9), row.receipt_number, row.pk))


# --- The voucher's PDF and e-mail ------------------------------------------------------------


def voucher_for_document(voucher_id: int) -> Voucher | None:
    return (
        Voucher.objects.select_related(
            "tenant",
            "scheme__call",
            "organisation",
            "application__created_by",
            "document",
        )
        .filter(pk=voucher_id)
        .first()
    )


def voucher_idempotency_key(voucher_id: int) -> str:
    return f"voucher:{voucher_id}:pdf"


def beneficiary_language(voucher: Voucher) -> str:
    """The applicant's language (their account's, else the application's), among the
    installation's languages, else English."""
    application = voucher.application
    language = mail_language(user=application.created_by, application=application)
    return language if language in dict(settings.LANGUAGES) else FALLBACK_LANGUAGE


def category_labels(values: list[str]) -> list[str]:
    labels = dict(ServiceCategory.choices)
    return [str(labels.get(value, value)) for value in values or []]


# --- The pages --------------------------------------------------------------------------------


def vouchers_for_member_list(user: Any) -> QuerySet[Voucher]:
    """The vouchers ``user`` sees as a member, with what the list shows, newest first."""
    return (
        vouchers_of_member(user)
        .select_related("scheme__call", "organisation", "provider__organisation")
        .order_by("-issued_at", "-pk")
    )


def claim_of(voucher: Voucher) -> Claim | None:
    return Claim.objects.filter(voucher=voucher).first()


def vouchers_for_staff() -> QuerySet[Voucher]:
    return Voucher.objects.select_related(
        "scheme__call", "organisation", "provider__organisation", "application", "document"
    )


def voucher_audit_trail(voucher: Voucher) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(
            object_type=ContentType.objects.get_for_model(Voucher), object_id=str(voucher.pk)
        )
        .select_related("actor")
        .order_by("at", "pk")
    )
