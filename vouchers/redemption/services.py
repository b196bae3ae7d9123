"""Writes of the redemption: the enterprise picks an accredited provider and agrees a scope
and price, the provider accepts or declines, both sides confirm the delivery.

Each locks the voucher, checks who acts and the rules, moves the voucher through
``voucher_move`` (which writes the audit row) and queues its e-mails after commit.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from vouchers.access import is_self_dealing, may_act_for_enterprise, may_act_for_provider
from vouchers.errors import VoucherError
from vouchers.models import ProviderStatus, ServiceProvider, Voucher, VoucherStatus
from vouchers.redemption import selectors
from vouchers.redemption.tasks import send_redemption_notice
from vouchers.transitions import lock_voucher, require_status, voucher_move

V = VoucherStatus
MAX_SCOPE = 6000
MAX_ANSWER = 4000
MAX_PRICE = Decimal("99999999.99")


def _notify(voucher: Voucher, notice: str, when: Any, provider_id: int | None = None) -> None:
    enqueue_on_commit(
        send_redemption_notice,
        tenant_id=voucher.tenant_id,
        voucher_id=voucher.pk,
        notice=notice,
        key=when.isoformat(),
        provider_id=provider_id,
    )


def _require_enterprise(voucher: Voucher, by: Any) -> None:
    if not may_act_for_enterprise(by, voucher):
        raise VoucherError(
            _("Only the owners and editors of %(organisation)s may do this for its voucher.")
            % {"organisation": voucher.organisation.legal_name},
            "forbidden",
        )


def _require_provider(voucher: Voucher, by: Any) -> None:
    if not may_act_for_provider(by, voucher):
        raise VoucherError(
            _("Only the owners and editors of the chosen provider may do this."), "forbidden"
        )


def _require_not_expired(voucher: Voucher) -> None:
    if voucher.expires_at <= timezone.now():
        raise VoucherError(
            _("Voucher %(code)s expired on %(date)s: it can no longer be spent.")
            % {"code": voucher.code, "date": voucher.expires_at.date().isoformat()},
            "expired",
        )


def _clean_price(raw: Any) -> Decimal:
    try:
        price = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        price = Decimal("NaN")
    if not price.is_finite() or price != price.quantize(selectors.CENT) or price > MAX_PRICE:
        raise VoucherError(
            _("Agreed price: give the price in euros, with at most two decimals."),
            "price_invalid",
            field="agreed_price",
        )
    if price <= 0:
        raise VoucherError(
            _("Agreed price: it must be more than EUR 0.00."),
            "price_not_positive",
            field="agreed_price",
        )
    return price.quantize(selectors.CENT)


@transaction.atomic
def provider_select(
    *,
    voucher: Voucher,
    provider: ServiceProvider,
    category: str,
    scope: str,
    agreed_price: Decimal,
    by: Any,
) -> Voucher:
    """The enterprise chooses ``provider`` for a service of ``category``, with the scope of
    work and the price agreed; the voucher becomes "provider selected" and the provider's
    members are e-mailed.

    Refuses: anyone but the beneficiary's owners and editors; a voucher not issued or past
    its validity; a category the scheme does not cover; a provider not accredited in that
    category; a provider of the beneficiary's own organisation or sharing its VAT number
    (self-dealing); an empty or too long scope; a price that is not more than zero."""
    locked = lock_voucher(voucher)
    _require_enterprise(locked, by)
    require_status(locked, V.ISSUED)
    _require_not_expired(locked)
    allowed = dict(selectors.scheme_categories(locked))
    if category not in allowed:
        raise VoucherError(
            _("Service category: this voucher's scheme covers only %(categories)s.")
            % {"categories": ", ".join(allowed.values()) or "—"},
            "category_not_covered",
            field="category",
        )
    accreditation = selectors.accreditation_of(provider_id=provider.pk, category=category)
    if accreditation is None or accreditation.status != ProviderStatus.ACCREDITED:
        raise VoucherError(
            _(
                "Provider: %(provider)s is not accredited for %(category)s. Choose a provider accredited in that category."
            )
            % {"provider": provider.organisation.legal_name, "category": allowed[category]},
            "provider_not_accredited",
            field="provider",
        )
    if is_self_dealing(
        provider_organisation=provider.organisation, beneficiary=locked.organisation
    ):
        raise VoucherError(
            _(
                "Provider: %(provider)s is %(organisation)s itself or shares its VAT number; "
                "a voucher cannot pay an enterprise for its own services. Choose another provider."
            )
            % {
                "provider": provider.organisation.legal_name,
                "organisation": locked.organisation.legal_name,
            },
            "self_dealing",
            field="provider",
        )
    scope = (scope or "").strip()
    if not scope:
        raise VoucherError(
            _("Scope of work: describe the service the provider will deliver."),
            "scope_missing",
            field="scope",
        )
    if len(scope) > MAX_SCOPE:
        raise VoucherError(
            _("Scope of work: at most %(limit)s characters; this one has %(count)s.")
            % {"limit": MAX_SCOPE, "count": len(scope)},
            "scope_too_long",
            field="scope",
        )
    price = _clean_price(agreed_price)
    now = timezone.now()
    locked.provider = provider
    locked.category = category
    locked.scope = scope
    locked.agreed_price = price
    locked.provider_selected_at = now
    locked.provider_accepted_at = None
    locked.provider_answer = ""
    voucher_move(
        voucher=locked,
        to=V.PROVIDER_SELECTED,
        by=by,
        verb="voucher_provider_selected",
        data={"provider": provider.pk, "category": category, "agreed_price": str(price)},
        update_fields=[
            "provider",
            "category",
            "scope",
            "agreed_price",
            "provider_selected_at",
            "provider_accepted_at",
            "provider_answer",
        ],
    )
    _notify(locked, "provider_selected", now)
    return locked


@transaction.atomic
def provider_selection_withdraw(*, voucher: Voucher, by: Any) -> Voucher:
    """The enterprise takes back its choice of provider before the provider accepted: the
    voucher is issued again and the provider's members are told. Refuses anyone but the
    beneficiary's owners and editors and a voucher whose provider already accepted."""
    locked = lock_voucher(voucher)
    _require_enterprise(locked, by)
    require_status(locked, V.PROVIDER_SELECTED)
    now = timezone.now()
    # Told before the provider is cleared: the e-mail goes to the provider that was chosen.
    previous = locked.provider_id
    locked.provider = None
    locked.category = ""
    locked.agreed_price = None
    locked.provider_selected_at = None
    voucher_move(
        voucher=locked,
        to=V.ISSUED,
        by=by,
        verb="voucher_provider_withdrawn",
        data={"provider": previous},
        update_fields=["provider", "category", "agreed_price", "provider_selected_at"],
    )
    _notify(locked, "selection_withdrawn", now, provider_id=previous)
    return locked


@transaction.atomic
def provider_answer(*, voucher: Voucher, accept: bool, by: Any, message: str = "") -> Voucher:
    """The chosen provider accepts the voucher's work (it goes into delivery) or declines it
    (the voucher is issued again, the provider cleared, the message kept for the
    enterprise, which is e-mailed either way). Refuses anyone but the provider's owners
    and editors, a voucher not waiting for the provider's answer, and an expired one."""
    locked = lock_voucher(voucher)
    _require_provider(locked, by)
    require_status(locked, V.PROVIDER_SELECTED)
    _require_not_expired(locked)
    message = (message or "").strip()
    if len(message) > MAX_ANSWER:
        raise VoucherError(
            _("Message: at most %(limit)s characters.") % {"limit": MAX_ANSWER},
            "message_too_long",
            field="message",
        )
    now = timezone.now()
    provider_id = locked.provider_id
    locked.provider_answer = message
    if accept:
        locked.provider_accepted_at = now
        voucher_move(
            voucher=locked,
            to=V.IN_DELIVERY,
            by=by,
            verb="voucher_provider_accepted",
            data={"provider": provider_id},
            update_fields=["provider_accepted_at", "provider_answer"],
        )
        _notify(locked, "provider_accepted", now)
    else:
        locked.provider = None
        locked.provider_selected_at = None
        voucher_move(
            voucher=locked,
            to=V.ISSUED,
            by=by,
            verb="voucher_provider_declined",
            data={"provider": provider_id, "message": message},
            update_fields=["provider", "provider_selected_at", "provider_answer"],
        )
        _notify(locked, "provider_declined", now, provider_id=provider_id)
    return locked


def acting_side(voucher: Voucher, by: Any) -> str:
    """``enterprise`` or ``provider``: the side ``by`` acts for on ``voucher``. Refuses a
    person of neither side, and one of both (which self-dealing should prevent)."""
    enterprise = may_act_for_enterprise(by, voucher)
    provider = may_act_for_provider(by, voucher)
    if enterprise and provider:
        raise VoucherError(
            _(
                "You act for both the enterprise and the provider of this voucher; a delivery "
                "must be confirmed by each side separately. Ask the programme's staff."
            ),
            "both_sides",
        )
    if not (enterprise or provider):
        raise VoucherError(
            _("Only the owners and editors of the enterprise or of the provider may confirm."),
            "forbidden",
        )
    return "enterprise" if enterprise else "provider"


@transaction.atomic
def delivery_confirm(*, voucher: Voucher, by: Any) -> Voucher:
    """Confirm, for the side ``by`` acts for, that the service was delivered; the other
    side is e-mailed. Confirming again for the same side changes nothing. The voucher stays
    in delivery: once both confirmed, the claim may be submitted. Refuses a voucher not in
    delivery and a person who acts for neither side, or for both."""
    locked = lock_voucher(voucher)
    side = acting_side(locked, by)
    require_status(locked, V.IN_DELIVERY)
    field = f"delivery_confirmed_by_{side}_at"
    if getattr(locked, field) is not None:
        return locked
    now = timezone.now()
    setattr(locked, field, now)
    # The status does not change; the move to the same status is not in the table, so the
    # mark is saved here with its own audit row.
    locked.save(update_fields=[field])
    audit_log(
        actor=by,
        verb="voucher_delivery_confirmed",
        target=locked,
        data={"side": side, "both": locked.is_delivery_confirmed},
    )
    _notify(locked, f"delivery_confirmed_by_{side}", now)
    return locked
