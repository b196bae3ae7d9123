"""What a voucher pays of a price and what the enterprise pays: one rule for the pages, the
e-mails, the claims and the back office, in Decimal to the cent."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from applications.selectors import format_money
from vouchers.models import Voucher

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


def euros(amount: Decimal | None) -> str:
    """``EUR 6,000.00``: an amount as the platform writes money everywhere, grouped the way
    the active language writes numbers."""
    if amount is None:
        return "—"
    return format_money(Decimal(amount).quantize(CENT))


@dataclass(frozen=True)
class CostSplit:
    """Who pays what of an agreed price: all in euros, to the cent."""

    price: Decimal
    co_payment: Decimal  # the enterprise's co-funding share of the price
    voucher_pays: Decimal  # min(value, price - co_payment)
    enterprise_pays: Decimal  # price - voucher_pays: the co-payment and any excess


def cost_split(*, value: Decimal, co_funding_percent: Decimal, price: Decimal) -> CostSplit:
    """Split ``price`` between the voucher (worth ``value``) and the enterprise, which
    co-pays ``co_funding_percent`` % of it; quantized to cents, half up."""
    price = Decimal(price).quantize(CENT, rounding=ROUND_HALF_UP)
    co_payment = (price * Decimal(co_funding_percent) / HUNDRED).quantize(
        CENT, rounding=ROUND_HALF_UP
    )
    voucher_pays = min(Decimal(value).quantize(CENT), price - co_payment)
    return CostSplit(
        price=price,
        co_payment=co_payment,
        voucher_pays=voucher_pays,
        enterprise_pays=price - voucher_pays,
    )


def voucher_cost_split(voucher: Voucher, price: Decimal | None = None) -> CostSplit | None:
    """The split of ``price`` (default: the voucher's agreed price) for ``voucher``."""
    price = voucher.agreed_price if price is None else price
    if price is None:
        return None
    return cost_split(
        value=voucher.value, co_funding_percent=voucher.co_funding_percent, price=price
    )
