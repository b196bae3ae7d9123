"""The work the providers' tasks wrap, callable directly too: the e-mail of a decision on
an accreditation to the provider's members, each once per decision.

A job takes keyword-only ids and loads its rows through the selectors; it never imports
the services or tasks of this package.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from django.urls import reverse
from django.utils import translation

from applications.selectors import mail_language
from socialtech.audit.claims import claimed_once
from socialtech.audit.models import AuditEvent
from socialtech.emails import programme_email
from socialtech.tenancy.links import tenant_absolute_url
from vouchers.models import Accreditation, ProviderStatus
from vouchers.notices import members_of
from vouchers.providers import selectors

DECISION_NOTICE_SENT = "accreditation.decision_notice_sent"
DECISION_NOTICE_FAILED = "accreditation.decision_notice_failed"


def accreditation_decision_send(*, accreditation_id: int, event_id: int) -> int:
    """E-mail each member of the provider's organisation once about the decision recorded
    by the audit row ``event_id``, in their language; returns how many e-mails left now."""
    accreditation = selectors.accreditation_for_notice(accreditation_id)
    if accreditation is None:
        return 0
    event = selectors.decision_event(accreditation=accreditation, event_id=event_id)
    if event is None:
        return 0
    sent = 0
    for user in members_of(accreditation.provider.organisation_id):
        sent += claimed_once(
            target=accreditation,
            verb=DECISION_NOTICE_SENT,
            failed_verb=DECISION_NOTICE_FAILED,
            key={"to": user.email, "decision": event.pk},
            do=partial(_send, accreditation, event, user),
        )
    return sent


def _send(accreditation: Accreditation, event: AuditEvent, user: Any) -> None:
    status = str(event.data.get("to", accreditation.status))
    is_listed = status == ProviderStatus.ACCREDITED
    path = (
        reverse("vouchers_provider", args=[accreditation.provider_id])
        if is_listed
        else reverse("vouchers_provider_apply")
    )
    with translation.override(mail_language(user=user)):
        context = {
            "name": user.full_name or user.email,
            "programme": accreditation.tenant,
            "organisation": accreditation.provider.organisation.legal_name,
            "category": accreditation.get_category_display(),
            "decision": event.verb.rsplit(".", 1)[-1],
            "status": ProviderStatus(status).label,
            "reason": event.data.get("reason", ""),
            "is_listed": is_listed,
            "url": tenant_absolute_url(accreditation.tenant, path),
        }
        programme_email(
            tenant=accreditation.tenant,
            template="vouchers/emails/provider_decision",
            context=context,
            to=[user.email],
        ).send()
