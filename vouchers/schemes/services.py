"""Writes on voucher schemes: staff set the rules of the vouchers a voucher call gives.

A scheme also makes sure the call's application form asks the de minimis question (the
aid the enterprise received in the last three years), which issuing a voucher checks
against the programme's ceiling.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.selectors import format_money
from calls.amendments.services import call_form_amend
from calls.builder.services import ItemChange, form_field_save
from calls.models import Call, CallKind, FieldType
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from vouchers.errors import VoucherError
from vouchers.models import ServiceCategory, VoucherScheme
from vouchers.schemes import selectors
from vouchers.schemes.selectors import DE_MINIMIS_FIELD_KEY

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# The question as the form shows it, in the platform's languages (English is required).
DE_MINIMIS_LABEL = {
    "en": "De minimis aid received in the last three years (EUR)",
    "it": "Aiuti de minimis ricevuti negli ultimi tre anni (EUR)",
    "de": "In den letzten drei Jahren erhaltene De-minimis-Beihilfen (EUR)",
    "fr": "Aides de minimis reçues au cours des trois dernières années (EUR)",
    "es": "Ayudas de minimis recibidas en los últimos tres años (EUR)",
    "ro": "Ajutoare de minimis primite în ultimii trei ani (EUR)",
    "sv": "Stöd av mindre betydelse de senaste tre åren (euro)",
}
DE_MINIMIS_HELP = {
    "en": (
        "The total of de minimis aid (Regulation (EU) 2023/2831) that your enterprise, together "
        "with the enterprises linked to it, received from any public body in the last three "
        "years. Write 0 if none. A voucher is issued only if this amount, the aid already "
        "received from this programme and the voucher together stay within the de minimis "
        "ceiling."
    ),
    "it": (
        "Il totale degli aiuti de minimis (Regolamento (UE) 2023/2831) ricevuti dalla vostra "
        "impresa, insieme alle imprese collegate, da qualsiasi ente pubblico negli ultimi tre "
        "anni. Scrivete 0 se nessuno."
    ),
}
AMENDMENT_SUMMARY = {
    "en": (
        "The form now asks for the de minimis aid received in the last three years "
        "(needed to issue vouchers)."
    )
}


def _categories(values: Iterable[str]) -> list[str]:
    known = {category.value for category in ServiceCategory}
    chosen: list[str] = []
    for value in values or []:
        value = str(value)
        if value not in known:
            raise VoucherError(
                _("“%(value)s” is not a service category vouchers can buy.") % {"value": value},
                "unknown_category",
                field="service_categories",
            )
        if value not in chosen:
            chosen.append(value)
    if not chosen:
        raise VoucherError(
            _("Choose at least one service category the vouchers may buy."),
            "no_category",
            field="service_categories",
        )
    return chosen


def _de_minimis_values(call: Call) -> dict[str, Any]:
    return {
        "key": DE_MINIMIS_FIELD_KEY,
        "type": FieldType.MONEY,
        "label": dict(DE_MINIMIS_LABEL),
        "help": dict(DE_MINIMIS_HELP),
        "required": True,
        "min_value": Decimal("0.00"),
        "order": selectors.next_field_order(call),
    }


def _refusal_of(error: ValidationError) -> VoucherError:
    return VoucherError(
        _("The de minimis question could not be added to the call's form: %(problems)s")
        % {"problems": " ".join(error.messages)},
        "de_minimis_field",
        field="call",
    )


def de_minimis_field_ensure(*, call: Call, by: Any) -> bool:
    """Make sure ``call``'s form asks the required amount ``de_minimis_aid``: added to a
    draft's form, or to a published call's form as a recorded amendment (draft holders are
    told). Returns whether it was added. Refuses when applications were already submitted
    without it (their answers could not be checked), and a field of that key that is not a
    required amount in EUR."""
    existing = selectors.de_minimis_field(call)
    if existing is not None:
        if existing.type != FieldType.MONEY or not existing.required:
            raise VoucherError(
                _(
                    "The call's form has a question “%(key)s” that is not a required amount in "
                    "EUR: make it one, or remove it so the scheme can add its own."
                )
                % {"key": DE_MINIMIS_FIELD_KEY},
                "de_minimis_field",
                field="call",
            )
        return False
    if selectors.has_submitted_applications(call):
        raise VoucherError(
            _(
                "Applications were already submitted to this call without the de minimis "
                "declaration (“%(label)s”), so their aid cannot be checked: add the question "
                "before the call opens, or use a new call."
            )
            % {"label": DE_MINIMIS_LABEL["en"]},
            "de_minimis_missing",
            field="call",
        )
    try:
        if call.is_frozen():
            call_form_amend(
                call=call,
                by=by,
                summary=dict(AMENDMENT_SUMMARY),
                field_changes=[ItemChange(values=_de_minimis_values(call))],
            )
        else:
            form_field_save(call=call, by=by, **_de_minimis_values(call))
    except ValidationError as error:
        raise _refusal_of(error) from error
    return True


@transaction.atomic
def scheme_save(
    *,
    call: Call,
    by: Any,
    value: Decimal,
    co_funding_percent: Decimal,
    validity_months: int = 12,
    service_categories: Iterable[str],
    max_vouchers_per_organisation: int = 1,
    claim_submitter: str = "provider",
    budget: Decimal | None = None,
    scheme: VoucherScheme | None = None,
) -> VoucherScheme:
    """Create the scheme of a voucher call (``scheme`` None) or change it: the voucher's
    value, the co-funding the enterprise pays, the validity in months, the service
    categories, the maximum per organisation, who claims, and the budget (the call's budget
    when not given). The call's form gets the required de minimis question when it lacks it.

    Refuses anyone but staff, a call that is not a voucher call, a second scheme on a call,
    moving a scheme with vouchers to another call, no or unknown categories, a budget below
    what the vouchers already hold (the figures named), and a call whose submitted
    applications were never asked the de minimis question."""
    require_programme_staff(by)
    locked_call = Call.objects.select_for_update().get(pk=call.pk)
    if locked_call.kind != CallKind.VOUCHER:
        raise VoucherError(
            _("Vouchers are given by voucher calls only; “%(call)s” is a %(kind)s call.")
            % {"call": locked_call.title_text, "kind": CallKind(locked_call.kind).label},
            "not_voucher_call",
            field="call",
        )
    if scheme is not None:
        scheme = VoucherScheme.objects.select_for_update().get(pk=scheme.pk)
    other = selectors.scheme_of_call(locked_call)
    if other is not None and (scheme is None or other.pk != scheme.pk):
        raise VoucherError(
            _("The call “%(call)s” already has a voucher scheme: change that one.")
            % {"call": locked_call.title_text},
            "scheme_exists",
            field="call",
        )
    categories = _categories(service_categories)
    is_new = scheme is None
    if scheme is None:
        scheme = VoucherScheme(tenant=locked_call.tenant, call=locked_call)
    elif scheme.call_id != locked_call.pk:
        if scheme.vouchers.exists():
            raise VoucherError(
                _("This scheme has issued vouchers: it stays on its call."),
                "scheme_has_vouchers",
                field="call",
            )
        scheme.call = locked_call
    if budget is None:
        budget = locked_call.budget
    committed = ZERO if is_new else selectors.scheme_committed(scheme)
    if Decimal(budget) < committed:
        raise VoucherError(
            _(
                "The budget cannot be below what the vouchers already hold: budget %(budget)s, "
                "committed %(committed)s."
            )
            % {"budget": format_money(budget), "committed": format_money(committed)},
            "budget_below_committed",
            field="budget",
        )
    before = {
        name: getattr(scheme, name, None)
        for name in (
            "value",
            "co_funding_percent",
            "validity_months",
            "service_categories",
            "max_vouchers_per_organisation",
            "claim_submitter",
            "budget",
        )
    }
    scheme.value = Decimal(value)
    scheme.co_funding_percent = Decimal(co_funding_percent)
    scheme.validity_months = validity_months
    scheme.service_categories = categories
    scheme.max_vouchers_per_organisation = max_vouchers_per_organisation
    scheme.claim_submitter = claim_submitter
    scheme.budget = Decimal(budget)
    try:
        scheme.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise VoucherError(" ".join(messages), "invalid", field=field) from error
    added_question = de_minimis_field_ensure(call=locked_call, by=by)
    scheme.save()
    after = {name: getattr(scheme, name) for name in before}
    audit_log(
        actor=by,
        verb="voucher_scheme.created" if is_new else "voucher_scheme.changed",
        target=scheme,
        data={
            "call": locked_call.pk,
            "changed": sorted(name for name in after if after[name] != before[name]),
            **{
                name: value if isinstance(value, (list, int, str)) else str(value)
                for name, value in after.items()
            },
            "de_minimis_question_added": added_question,
        },
    )
    return scheme
