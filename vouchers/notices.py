"""The vouchers' e-mails: to the members of an organisation (the beneficiary or the
provider) or to the people given, each once per voucher, verb and key, in their language.

A sending is claimed in the audit trail per recipient, so a retried task sends only what
did not leave.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from django.utils import translation

from applications.selectors import format_money, mail_language
from organisations.models import OrganisationMember
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from vouchers.models import Voucher


def members_of(organisation_id: int | None) -> list[Any]:
    """The active members with an e-mail address of an organisation."""
    if organisation_id is None:
        return []
    return [
        member.user
        for member in OrganisationMember.objects.filter(organisation_id=organisation_id)
        .select_related("user")
        .order_by("pk")
        if member.user.is_active and member.user.email
    ]


def enterprise_members(voucher: Voucher) -> list[Any]:
    return members_of(voucher.organisation_id)


def provider_members(voucher: Voucher) -> list[Any]:
    return members_of(voucher.provider.organisation_id if voucher.provider is not None else None)


def base_context(voucher: Voucher, user: Any) -> dict[str, Any]:
    """What every voucher e-mail says first: to whom, which programme, voucher and beneficiary."""
    return {
        "name": user.full_name or user.email,
        "programme": voucher.tenant,
        "code": voucher.code,
        "value": format_money(voucher.value),
        "organisation": voucher.organisation.legal_name,
        "provider": voucher.provider.organisation.legal_name
        if voucher.provider is not None
        else "",
        "call_title": voucher.scheme.call.title_text,
    }


def _send(
    voucher: Voucher, user: Any, template: str, context: Callable[[Any], Mapping[str, Any]]
) -> None:
    with translation.override(mail_language(user=user, application=voucher.application)):
        programme_email(
            tenant=voucher.tenant,
            template=template,
            context={**base_context(voucher, user), **context(user)},
            to=[user.email],
        ).send()


def notify_once_each(
    *,
    voucher: Voucher,
    users: Iterable[Any],
    template: str,
    verb: str,
    context: Callable[[Any], Mapping[str, Any]] = lambda user: {},
    key: Mapping[str, Any] | None = None,
) -> int:
    """E-mail ``template`` to each of ``users``, each once for ``voucher``, ``verb`` and
    ``key``; returns how many left now. ``context(user)`` adds to :func:`base_context`."""
    sent = 0
    for user in users:
        sent += claimed_once(
            target=voucher,
            verb=verb,
            failed_verb=f"{verb}_failed",
            key={"to": user.email, **(key or {})},
            do=partial(_send, voucher, user, template, context),
        )
    return sent
