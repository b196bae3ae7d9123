"""The offers' e-mails: to the programme's staff when one awaits their review, and the
staff's decision (published, or returned with the reason) to the person who posted it, once
each (``connect_to_innovate.mail.review_notice_send``)."""

from __future__ import annotations

from connect_to_innovate.mail import review_notice_send
from connect_to_innovate.offers import selectors

PUBLISHED = "offer_published"
RETURNED = "offer_returned"
SUBMITTED = "offer_submitted"


def offer_notice_send(*, offer_id: int, notice: str) -> int:
    """E-mail ``notice`` about the offer once (see ``review_notice_send``)."""
    return review_notice_send(
        row=selectors.offer_for_notice(offer_id),
        kind="offer",
        notice=notice,
        admin_url_name="admin:connect_to_innovate_technologyoffer_change",
        page_url_name="c2i_offer_detail",
    )
