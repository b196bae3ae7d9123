"""The e-mail that tells an enterprise's members it joined a cohort, once per member."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from acceleration.cohorts import selectors
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from socialtech.formatting import format_date
from socialtech.tenancy.links import tenant_absolute_url


def mail_language(user: Any) -> str:
    """The reader's language, else the site's."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _send(participant: Any, user: Any) -> None:
    cohort = participant.cohort
    with translation.override(mail_language(user)):
        programme_email(
            tenant=participant.tenant,
            template="acceleration/emails/participant_joined",
            context={
                "name": user.full_name or user.email,
                "programme": participant.tenant,
                "organisation": participant.organisation.legal_name,
                "cohort": cohort.name,
                "starts_on": format_date(cohort.starts_on),
                "ends_on": format_date(cohort.ends_on),
                "url": tenant_absolute_url(participant.tenant, reverse("acceleration_mine")),
            },
            to=[user.email],
        ).send()


def participant_joined_send(*, participant_id: int) -> int:
    """E-mail each member of the participant's organisation that it joined the cohort,
    once each; returns how many left now."""
    participant = selectors.participant_for_notice(participant_id)
    if participant is None:
        return 0
    sent = 0
    for user in selectors.member_users(participant.organisation_id):
        if not user.is_active or not user.email:
            continue
        sent += int(
            claimed_once(
                target=participant,
                verb="acceleration.joined_notice_sent",
                failed_verb="acceleration.joined_notice_failed",
                key={"to": user.email},
                do=partial(_send, participant, user),
            )
        )
    return sent
