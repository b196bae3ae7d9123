"""The demo day's e-mails: once the selection is published, each applicant's members hear
whether they pitch (and in which place) or not; each once, in their language."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.urls import reverse
from django.utils import translation

from acceleration.demoday import selectors
from acceleration.models import PitchApplication, PitchStatus
from acceleration.participation import organisation_members
from applications.selectors import mail_language
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from socialtech.formatting import format_datetime
from socialtech.tenancy.links import tenant_absolute_url

TEMPLATES: dict[str, str] = {
    PitchStatus.SELECTED: "acceleration/emails/pitch_selected",
    PitchStatus.NOT_SELECTED: "acceleration/emails/pitch_not_selected",
}


def _send(pitch: PitchApplication, user: Any) -> None:
    demo_day = pitch.demo_day
    with translation.override(mail_language(user=user)):
        programme_email(
            tenant=demo_day.tenant,
            template=TEMPLATES[pitch.status],
            context={
                "name": user.full_name or user.email,
                "programme": demo_day.tenant,
                "organisation": pitch.participant.organisation.legal_name,
                "title": demo_day.title,
                "starts": format_datetime(demo_day.starts_at, selectors.context_zone(demo_day)),
                "place": demo_day.place,
                "online_url": demo_day.online_url if pitch.status == PitchStatus.SELECTED else "",
                "pitch_order": pitch.pitch_order,
                "url": tenant_absolute_url(
                    demo_day.tenant, reverse("acceleration_demo_day_detail", args=[demo_day.slug])
                ),
            },
            to=[user.email],
        ).send()


def pitch_decision_send(*, pitch_id: int) -> int:
    """E-mail the applicant organisation's members the published decision on one pitch
    application, once each per decision. Returns how many left now (0 before the selection
    is published or while the application is undecided)."""
    pitch = selectors.pitch_for_notice(pitch_id)
    if pitch is None or pitch.status not in TEMPLATES:
        return 0
    if pitch.demo_day.selection_published_at is None:
        return 0
    sent = 0
    for user in organisation_members(pitch.participant.organisation_id):
        sent += claimed_once(
            target=pitch,
            verb=f"acceleration.pitch_{pitch.status}_notice_sent",
            failed_verb=f"acceleration.pitch_{pitch.status}_notice_failed",
            key={"to": user.email, "status": pitch.status},
            do=partial(_send, pitch, user),
        )
    return sent
