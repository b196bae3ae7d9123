"""The challenges' e-mails: to the programme's staff when one awaits their review, and the
staff's decision (published, or returned with the reason) to the person who posted it, once
each (``connect_to_innovate.mail.review_notice_send``)."""

from __future__ import annotations

from connect_to_innovate.challenges import selectors
from connect_to_innovate.mail import review_notice_send

PUBLISHED = "challenge_published"
RETURNED = "challenge_returned"
SUBMITTED = "challenge_submitted"


def challenge_notice_send(*, challenge_id: int, notice: str) -> int:
    """E-mail ``notice`` about the challenge once (see ``review_notice_send``)."""
    return review_notice_send(
        row=selectors.challenge_for_notice(challenge_id),
        kind="challenge",
        notice=notice,
        admin_url_name="admin:connect_to_innovate_challenge_change",
        page_url_name="c2i_challenge_detail",
    )
