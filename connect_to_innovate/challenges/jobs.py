"""The challenges' e-mails: to the programme's staff when one awaits their review, and the
staff's decision (published, or returned with the reason) to the person who posted it, once
each."""

from __future__ import annotations

from django.urls import reverse

from connect_to_innovate.challenges import selectors
from connect_to_innovate.mail import programme_staff, send_once_each
from connect_to_innovate.models import ReviewStatus
from socialtech.tenancy.links import tenant_absolute_url

PUBLISHED = "challenge_published"
RETURNED = "challenge_returned"
SUBMITTED = "challenge_submitted"
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


def challenge_notice_send(*, challenge_id: int, notice: str) -> int:
    """E-mail the poster ``notice`` (published, returned) once; 0 when it had left, the
    decision no longer holds, or there is nobody to write to."""
    challenge = selectors.challenge_for_notice(challenge_id)
    if challenge is None or notice not in TEMPLATES or challenge.status != STILL_TRUE[notice]:
        return 0
    moment = {
        PUBLISHED: challenge.published_at,
        RETURNED: challenge.updated_at,
        SUBMITTED: challenge.submitted_at,
    }[notice]
    people = programme_staff(challenge.tenant) if notice == SUBMITTED else [challenge.created_by]
    path = (
        reverse("admin:connect_to_innovate_challenge_change", args=[challenge.pk])
        if notice == SUBMITTED
        else reverse("c2i_challenge_detail", args=[challenge.pk])
    )
    return send_once_each(
        target=challenge,
        notice=notice,
        moment=moment,
        people=people,
        tenant=challenge.tenant,
        template=TEMPLATES[notice],
        context={
            "programme": challenge.tenant,
            "kind": "challenge",
            "title": challenge.title,
            "reason": challenge.return_reason,
            "organisation": challenge.organisation.legal_name,
            "url": tenant_absolute_url(challenge.tenant, path),
        },
    )
