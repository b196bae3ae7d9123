"""The events' e-mails and the reminder sweep.

Each e-mail goes to one registrant once per piece of news (their confirmation, their place
on the waiting list, their promotion, the reminder, the event's cancellation), in their
language, claimed in the audit trail so a retried task sends only what did not leave.
The reminder is claimed first on its registration (``reminded_at``, a conditional update),
so two sweeps at once remind a person once.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from dissemination.events import selectors
from dissemination.models import Registration, RegistrationStatus
from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from socialtech.formatting import format_datetime
from socialtech.tenancy.links import tenant_absolute_url

CONFIRMED = "confirmed"
WAITING = "waiting"
PROMOTED = "promoted"
REMINDER = "reminder"
EVENT_CANCELLED = "event_cancelled"
TEMPLATES = {
    CONFIRMED: "dissemination/emails/registration_confirmed",
    WAITING: "dissemination/emails/registration_waiting",
    PROMOTED: "dissemination/emails/registration_promoted",
    REMINDER: "dissemination/emails/event_reminder",
    EVENT_CANCELLED: "dissemination/emails/event_cancelled",
}
# A notice still makes sense only while the registration is in one of these states.
STILL_TRUE = {
    CONFIRMED: {RegistrationStatus.CONFIRMED},
    WAITING: {RegistrationStatus.WAITING},
    PROMOTED: {RegistrationStatus.CONFIRMED},
    REMINDER: {RegistrationStatus.CONFIRMED},
    EVENT_CANCELLED: {RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING},
}


def mail_language(user: Any) -> str:
    """The reader's language, else the site's."""
    language = getattr(user, "language", "") or ""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _moment(registration: Registration, notice: str) -> datetime | None:
    """When the news happened: one e-mail per registration, notice and moment (a person
    promoted, cancelled and promoted again hears both times)."""
    event = registration.event
    return {
        CONFIRMED: registration.created_at,
        WAITING: registration.created_at,
        PROMOTED: registration.promoted_at,
        REMINDER: event.starts_at,
        EVENT_CANCELLED: event.cancelled_at,
    }[notice]


def notice_context(registration: Registration) -> dict[str, Any]:
    """What every event e-mail says: to whom, which programme and event, when on the
    programme's clock with the zone named, where, and the event's page."""
    event = registration.event
    zone = event.tenant.default_timezone
    is_confirmed = registration.status == RegistrationStatus.CONFIRMED
    return {
        "name": registration.user.full_name or registration.user.email,
        "programme": event.tenant,
        "event_title": event.title,
        "starts": format_datetime(event.starts_at, zone),
        "ends": format_datetime(event.ends_at, zone),
        "location": event.location if event.is_on_site else "",
        "online_url": event.online_url if event.is_online and is_confirmed else "",
        "url": tenant_absolute_url(
            event.tenant, reverse("dissemination_event_detail", args=[event.slug])
        ),
        "waiting_place": selectors.waiting_place(registration),
    }


def _send(registration: Registration, notice: str) -> None:
    user = registration.user
    with translation.override(mail_language(user)):
        programme_email(
            tenant=registration.event.tenant,
            template=TEMPLATES[notice],
            context=notice_context(registration),
            to=[user.email],
        ).send()


def registration_notice_send(*, registration_id: int, notice: str) -> int:
    """E-mail the registrant ``notice`` (confirmed, waiting, promoted, reminder,
    event_cancelled) once. Returns 1 when it left now, 0 when it had left before, the news
    is no longer true (a cancelled registration is not confirmed), or there is nobody to
    write to."""
    registration = selectors.registration_for_notice(registration_id)
    if registration is None or notice not in TEMPLATES:
        return 0
    if registration.status not in STILL_TRUE[notice]:
        return 0
    user = registration.user
    moment = _moment(registration, notice)
    if not user.is_active or not user.email or moment is None:
        return 0
    return int(
        claimed_once(
            target=registration,
            verb=f"dissemination.{notice}_notice_sent",
            failed_verb=f"dissemination.{notice}_notice_failed",
            key={"to": user.email, "moment": moment.isoformat()},
            do=partial(_send, registration, notice),
        )
    )


def reminders_send(*, now: datetime | None = None) -> list[int]:
    """Remind, once each, the confirmed registrants of the active programme's events that
    start within the next 24 hours; returns the registrations reminded now. A registration
    is claimed by setting its ``reminded_at``; when the e-mail fails the mark is taken back
    (a retry sends it) and the error raised."""
    now = now or timezone.now()
    reminded: list[int] = []
    for registration_id in selectors.reminder_due_ids(now):
        claimed = Registration.objects.filter(pk=registration_id, reminded_at__isnull=True).update(
            reminded_at=now
        )
        if not claimed:
            continue
        try:
            sent = registration_notice_send(registration_id=registration_id, notice=REMINDER)
        except Exception:
            Registration.objects.filter(pk=registration_id).update(reminded_at=None)
            raise
        if sent:
            reminded.append(registration_id)
    return reminded
