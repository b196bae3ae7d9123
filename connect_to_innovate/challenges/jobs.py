"""The challenges' e-mails: the staff's review decision (published, or returned with the
reason), to the person who posted the challenge, once per decision."""

from __future__ import annotations

from django.urls import reverse

from connect_to_innovate.challenges import selectors
from connect_to_innovate.mail import send_once_each
from connect_to_innovate.models import ReviewStatus
from socialtech.tenancy.links import tenant_absolute_url

PUBLISHED = "challenge_published"
RETURNED = "challenge_returned"
TEMPLATES = {
    PUBLISHED: "connect_to_innovate/emails/post_published",
    RETURNED: "connect_to_innovate/emails/post_returned",
}
STILL_TRUE = {PUBLISHED: ReviewStatus.PUBLISHED, RETURNED: ReviewStatus.RETURNED}


def challenge_notice_send(*, challenge_id: int, notice: str) -> int:
    """E-mail the poster ``notice`` (published, returned) once; 0 when it had left, the
    decision no longer holds, or there is nobody to write to."""
    challenge = selectors.challenge_for_notice(challenge_id)
    if challenge is None or notice not in TEMPLATES or challenge.status != STILL_TRUE[notice]:
        return 0
    moment = challenge.published_at if notice == PUBLISHED else challenge.updated_at
    return send_once_each(
        target=challenge,
        notice=notice,
        moment=moment,
        people=[challenge.created_by],
        tenant=challenge.tenant,
        template=TEMPLATES[notice],
        context={
            "programme": challenge.tenant,
            "kind": "challenge",
            "title": challenge.title,
            "reason": challenge.return_reason,
            "url": tenant_absolute_url(
                challenge.tenant, reverse("c2i_challenge_detail", args=[challenge.pk])
            ),
        },
    )
