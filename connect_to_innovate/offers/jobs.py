"""The offers' e-mails: to the programme's staff when one awaits their review, and the
staff's decision (published, or returned with the reason) to the person who posted it, once
each."""

from __future__ import annotations

from django.urls import reverse

from connect_to_innovate.mail import programme_staff, send_once_each
from connect_to_innovate.models import ReviewStatus
from connect_to_innovate.offers import selectors
from socialtech.tenancy.links import tenant_absolute_url

PUBLISHED = "offer_published"
RETURNED = "offer_returned"
SUBMITTED = "offer_submitted"
TEMPLATES = {
    PUBLISHED: "connect_to_innovate/emails/post_published",
    RETURNED: "connect_to_innovate/emails/post_returned",
    SUBMITTED: "connect_to_innovate/emails/post_submitted",
}
STILL_TRUE = {
    PUBLISHED: ReviewStatus.PUBLISHED,
    RETURNED: ReviewStatus.RETURNED,
    SUBMITTED: ReviewStatus.SUBMITTED,
}


def offer_notice_send(*, offer_id: int, notice: str) -> int:
    """E-mail the poster ``notice`` (published, returned) once; 0 when it had left, the
    decision no longer holds, or there is nobody to write to."""
    offer = selectors.offer_for_notice(offer_id)
    if offer is None or notice not in TEMPLATES or offer.status != STILL_TRUE[notice]:
        return 0
    moment = {
        PUBLISHED: offer.published_at,
        RETURNED: offer.updated_at,
        SUBMITTED: offer.submitted_at,
    }[notice]
    people = programme_staff(offer.tenant) if notice == SUBMITTED else [offer.created_by]
    path = (
        reverse("admin:connect_to_innovate_technologyoffer_change", args=[offer.pk])
        if notice == SUBMITTED
        else reverse("c2i_offer_detail", args=[offer.pk])
    )
    return send_once_each(
        target=offer,
        notice=notice,
        moment=moment,
        people=people,
        tenant=offer.tenant,
        template=TEMPLATES[notice],
        context={
            "programme": offer.tenant,
            "kind": "offer",
            "title": offer.title,
            "reason": offer.return_reason,
            "organisation": offer.organisation.legal_name,
            "url": tenant_absolute_url(offer.tenant, path),
        },
    )
