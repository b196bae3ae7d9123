"""The grants' e-mails to the people of a grant: each recipient once, in their language.

Every notice of the grants (an offer, an agreement to sign, a countersignature, a payment,
a report to write or reviewed) goes to the members of the award's organisation, or to the
people given, with the same opening context; each sending is claimed in the audit trail
per recipient (and per ``key``, such as the agreement version), so a retry sends only
what did not leave.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from django.utils import translation

from applications.selectors import mail_language
from grants.models import Award
from organisations.models import OrganisationMember
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email


def organisation_members(award: Award) -> list[Any]:
    """The active members with an e-mail address of the award's organisation."""
    return [
        member.user
        for member in OrganisationMember.objects.filter(organisation_id=award.organisation_id)
        .select_related("user")
        .order_by("pk")
        if member.user.is_active and member.user.email
    ]


def base_context(award: Award, user: Any) -> dict[str, Any]:
    """What every grants e-mail says first: to whom, which programme, call and organisation."""
    return {
        "name": user.full_name or user.email,
        "programme": award.call.tenant,
        "call_title": award.call.title_text,
        "organisation": award.organisation.legal_name,
    }


def _send(
    award: Award, user: Any, template: str, context: Callable[[Any], Mapping[str, Any]]
) -> None:
    with translation.override(mail_language(user=user, application=award.application)):
        programme_email(
            tenant=award.call.tenant,
            template=template,
            context={**base_context(award, user), **context(user)},
            to=[user.email],
        ).send()


def notify_once_each(
    *,
    award: Award,
    template: str,
    verb: str,
    failed_verb: str,
    context: Callable[[Any], Mapping[str, Any]],
    target: Any = None,
    key: Mapping[str, Any] | None = None,
    users: Iterable[Any] | None = None,
) -> int:
    """E-mail ``template`` to each of ``users`` (the organisation's members by default),
    each once for ``target`` (the award by default) and ``key``; returns how many left now.
    ``context(user)`` adds to :func:`base_context`."""
    sent = 0
    recipients = organisation_members(award) if users is None else users
    for user in recipients:
        sent += claimed_once(
            target=award if target is None else target,
            verb=verb,
            failed_verb=failed_verb,
            key={"to": user.email, **(key or {})},
            do=partial(_send, award, user, template, context),
        )
    return sent
