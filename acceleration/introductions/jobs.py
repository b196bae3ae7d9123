"""The introductions' e-mails: staff (and the entry's linked contact person) hear of each
new request; the participant's members hear each answer (accepted, declined). Each recipient once per event, in their language,
claimed in the audit trail so a retried task sends only what did not leave."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.urls import reverse
from django.utils import translation

from acceleration import participation
from acceleration.introductions import selectors
from acceleration.models import Introduction, IntroductionStatus
from applications.selectors import format_money, mail_language
from socialtech.accounts.roles import programme_staff
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from socialtech.tenancy.links import tenant_absolute_url

REQUESTED = "requested"
ACCEPTED = "accepted"
DECLINED = "declined"
TEMPLATES = {
    REQUESTED: "acceleration/emails/introduction_requested",
    ACCEPTED: "acceleration/emails/introduction_accepted",
    DECLINED: "acceleration/emails/introduction_declined",
}
# The answer is e-mailed only while it still stands.
STILL_TRUE: dict[str, set[str]] = {
    REQUESTED: set(IntroductionStatus.values),
    ACCEPTED: set(IntroductionStatus.values)
    - {IntroductionStatus.REQUESTED, IntroductionStatus.DECLINED},
    DECLINED: {IntroductionStatus.DECLINED},
}


def _context(introduction: Introduction, user: Any, url: str) -> dict[str, Any]:
    return {
        "name": user.full_name or user.email,
        "programme": introduction.tenant,
        "organisation": introduction.participant.organisation.legal_name,
        "entry": introduction.entry.name,
        "kind": introduction.entry.get_kind_display(),
        "reason": introduction.reason,
        "seeking": introduction.seeking,
        "amount": format_money(introduction.amount_sought)
        if introduction.amount_sought is not None
        else "",
        "answer_note": introduction.answer_note,
        "url": url,
    }


def _send(introduction: Introduction, user: Any, notice: str, url: str) -> None:
    with translation.override(mail_language(user=user)):
        programme_email(
            tenant=introduction.tenant,
            template=TEMPLATES[notice],
            context=_context(introduction, user, url),
            to=[user.email],
        ).send()


def introduction_notice_send(*, introduction_id: int, notice: str) -> int:
    """E-mail ``notice`` about one introduction: the programme's staff for a new request,
    the participant organisation's members for an answer; each once. Returns how many
    left now (0 when the news is no longer true)."""
    if notice not in TEMPLATES:
        raise ValueError(f"unknown introduction notice {notice!r}")
    introduction = selectors.introduction_for_notice(introduction_id)
    if introduction is None or introduction.status not in STILL_TRUE[notice]:
        return 0
    page = tenant_absolute_url(
        introduction.tenant, reverse("acceleration_introduction_detail", args=[introduction.pk])
    )
    recipients: list[tuple[Any, str]]
    if notice == REQUESTED:
        back_office = tenant_absolute_url(
            introduction.tenant,
            reverse("admin:acceleration_introduction_change", args=[introduction.pk]),
        )
        recipients = [(user, back_office) for user in programme_staff(introduction.tenant)]
        # The entry's own contact person answers on their page.
        contact = introduction.entry.contact_user
        if (
            contact is not None
            and contact.is_active
            and contact.email
            and all(user.pk != contact.pk for user, _url in recipients)
        ):
            recipients.append((contact, page))
        moment = introduction.requested_at
    else:
        recipients = [
            (user, page)
            for user in participation.organisation_members(introduction.participant.organisation_id)
        ]
        moment = introduction.answered_at or introduction.requested_at
    sent = 0
    for user, url in recipients:
        sent += claimed_once(
            target=introduction,
            verb=f"acceleration.introduction_{notice}_notice_sent",
            failed_verb=f"acceleration.introduction_{notice}_notice_failed",
            key={"to": user.email, "moment": moment.isoformat()},
            do=partial(_send, introduction, user, notice, url),
        )
    return sent
