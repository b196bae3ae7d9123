"""The redemption's e-mails, each to the side that must know, once per recipient and event.

A job loads the voucher through the selectors and sends through ``vouchers.notices``; it
never imports the services or tasks of this package.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from socialtech.tenancy.links import tenant_absolute_url
from vouchers.money import euros, voucher_cost_split
from vouchers.notices import enterprise_members, members_of, notify_once_each, provider_members
from vouchers.redemption import selectors

NOTICES = (
    "provider_selected",
    "selection_withdrawn",
    "provider_accepted",
    "provider_declined",
    "delivery_confirmed_by_enterprise",
    "delivery_confirmed_by_provider",
)


def redemption_notice_send(
    *, voucher_id: int, notice: str, key: str, provider_id: int | None = None
) -> int:
    """E-mail the side a redemption event ``notice`` concerns (each member once for the
    event ``key``); ``provider_id`` names a provider the voucher no longer holds (after a
    withdrawal or a refusal). Returns how many e-mails left now."""
    if notice not in NOTICES:
        raise ValueError(f"unknown redemption notice {notice!r}")
    voucher = selectors.voucher_for_notice(voucher_id)
    former = selectors.provider_for_notice(provider_id)
    detail = tenant_absolute_url(voucher.tenant, selectors.voucher_path(voucher))
    split = voucher_cost_split(voucher)
    context: dict[str, Any] = {
        "url": detail,
        "scope": voucher.scope,
        "category": voucher.get_category_display(),
        "agreed_price": euros(voucher.agreed_price),
        "voucher_pays": euros(split.voucher_pays) if split else "",
        "enterprise_pays": euros(split.enterprise_pays) if split else "",
        "message": voucher.provider_answer,
        "former_provider": former.organisation.legal_name if former else "",
    }
    users: list[Any]
    if notice == "provider_selected":
        users = provider_members(voucher)
        context["url"] = tenant_absolute_url(
            voucher.tenant, reverse("vouchers_provider_answer", args=[voucher.code])
        )
        template = "vouchers/emails/provider_selected"
    elif notice == "selection_withdrawn":
        users = members_of(former.organisation_id if former else None)
        template = "vouchers/emails/selection_withdrawn"
    elif notice in ("provider_accepted", "provider_declined"):
        users = enterprise_members(voucher)
        context["accepted"] = notice == "provider_accepted"
        if notice == "provider_declined":
            context["url"] = tenant_absolute_url(
                voucher.tenant, reverse("vouchers_choose_provider", args=[voucher.code])
            )
        template = "vouchers/emails/provider_answer"
    else:
        by_enterprise = notice == "delivery_confirmed_by_enterprise"
        users = provider_members(voucher) if by_enterprise else enterprise_members(voucher)
        context["by_enterprise"] = by_enterprise
        context["both"] = voucher.is_delivery_confirmed
        template = "vouchers/emails/delivery_confirmed"
    return notify_once_each(
        voucher=voucher,
        users=users,
        template=template,
        verb=f"voucher_{notice}_notice_sent",
        context=lambda user: context,
        key={"event": key},
    )
