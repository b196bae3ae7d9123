"""The offers' e-mails: the staff's review decision (published, or returned with the
reason), to the person who posted the offer, once per decision."""

from __future__ import annotations

from django.urls import reverse

from connect_to_innovate.mail import send_once_each
from connect_to_innovate.models import ReviewStatus
from connect_to_innovate.offers import selectors
from socialtech.tenancy.links import tenant_absolute_url

PUBLISHED = "offer_published"
RETURNED = "offer_returned"
TEMPLATES = {
    PUBLISHED: "connect_to_innovate/emails/post_published",
    RETURNED: "connect_to_innovate/emails/post_returned",
}
STILL_TRUE = {PUBLISHED: ReviewStatus.PUBLISHED, RETURNED: ReviewStatus.RETURNED}


def offer_notice_send(*, offer_id: int, notice: str) -> int:
    """E-mail the poster ``notice`` (published, returned) once; 0 when it had left, the
    decision no longer holds, or there is nobody to write to."""
    offer = selectors.offer_for_notice(offer_id)
    if offer is None or notice not in TEMPLATES or offer.status != STILL_TRUE[notice]:
        return 0
    moment = offer.published_at if notice == PUBLISHED else offer.updated_at
    return send_once_each(
        target=offer,
        notice=notice,
        moment=moment,
        people=[offer.created_by],
        tenant=offer.tenant,
        template=TEMPLATES[notice],
        context={
            "programme": offer.tenant,
            "kind": "offer",
            "title": offer.title,
            "reason": offer.return_reason,
            "url": tenant_absolute_url(offer.tenant, reverse("c2i_offer_detail", args=[offer.pk])),
        },
    )
