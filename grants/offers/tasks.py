"""Celery tasks of the offers: ids in, one job each; safe to run twice."""

from __future__ import annotations

from grants.offers.jobs import offer_notice_send, offers_expire, reserve_promote
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS
from socialtech.registry import Schedule

SCHEDULES: list[Schedule] = [
    Schedule(
        name="grants-expire-offers",
        task="grants.expire_offers",
        every=900,
        description="Expire offers past their acceptance deadline and offer the money to the reserve list.",
    )
]


@app.task(
    base=TenantTask,
    name="grants.send_offer_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_offer_notice(*, award_id: int) -> int:
    """E-mail the organisation's members that an offer awaits them (each once)."""
    return offer_notice_send(award_id=award_id)


@app.task(
    base=TenantTask,
    name="grants.promote_reserve",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def promote_reserve(*, award_id: int) -> int | None:
    """Offer the money of a declined offer to the reserve list, once; tell staff and offeree."""
    return reserve_promote(award_id=award_id)


@app.task(
    base=TenantTask,
    name="grants.expire_offers",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def expire_offers() -> list[int]:
    """The periodic sweep: offers past their deadline expire and promote the reserve list."""
    return offers_expire()
