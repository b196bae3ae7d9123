"""The e-mail to a learner whose place became usable: the provider accepted the voucher's
work, so the learner may now enrol on the course.

The vouchers' own e-mails go to the enterprise and the provider; the learner may be
another member of the enterprise, so a periodic sweep notices the places accepted lately
and writes to each learner once per acceptance (a voucher declined, booked again and
accepted again is a new acceptance). The e-mail is claimed in the audit trail, so a rerun,
or two runs at once, send it once; a failed send gives the claim back for the retry.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.utils import timezone, translation

from socialtech.audit.claims import claimed_once
from socialtech.emails import programme_email
from socialtech.tenancy.links import tenant_absolute_url
from upskilling.models import TrainingPlace
from upskilling.training import selectors
from vouchers.money import euros

EMAIL_TEMPLATE = "upskilling/training/emails/place_usable"
NOTICE_SENT = "training_place_usable_notice_sent"
# Places accepted this long ago are still noticed: the sweep runs hourly, and a worker down
# for a day must not lose an e-mail; older acceptances were told long before.
LOOKBACK = timedelta(days=3)


def _language(place: TrainingPlace) -> str:
    return (
        getattr(place.learner, "language", "")
        or getattr(place.tenant, "default_language", "")
        or settings.LANGUAGE_CODE
    )


def _notice_send(place: TrainingPlace) -> None:
    course = place.offer.course
    with translation.override(_language(place)):
        programme_email(
            tenant=place.tenant,
            template=EMAIL_TEMPLATE,
            context={
                "name": place.learner.full_name or place.learner.email,
                "programme": place.tenant,
                "course_title": course.title,
                "provider": place.offer.provider.organisation.legal_name,
                "price": euros(place.offer.price),
                "url": tenant_absolute_url(place.tenant, selectors.course_path(course)),
            },
            to=[place.learner.email],
        ).send()


def usable_place_notice_send(place: TrainingPlace) -> bool:
    """E-mail ``place``'s learner once for its current acceptance; ``True`` when the
    e-mail left now."""
    learner = place.learner
    accepted_at = place.voucher.provider_accepted_at
    if not learner.is_active or not learner.email or accepted_at is None:
        return False
    return claimed_once(
        target=place,
        verb=NOTICE_SENT,
        failed_verb=f"{NOTICE_SENT}_failed",
        key={"accepted_at": accepted_at.isoformat(), "to": learner.email},
        do=partial(_notice_send, place),
    )


def usable_place_notices_send(*, now: datetime | None = None) -> list[int]:
    """Tell every learner of the active programme whose place became usable lately that
    they may enrol, once per acceptance; returns the ids of the places told now."""
    now = now or timezone.now()
    return [
        place.pk
        for place in selectors.newly_usable_places(since=now - LOOKBACK)
        if usable_place_notice_send(place)
    ]
