"""Background tasks of the hackathons: the e-mails, each safe to run twice."""

from __future__ import annotations

from connect_to_innovate.hackathons.jobs import (
    challenge_decision_send,
    signup_notice_send,
    team_notice_send,
)
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS

RETRIES = {
    "base": TenantTask,
    "acks_late": True,
    "autoretry_for": TRANSIENT_MAIL_ERRORS,
    "retry_backoff": True,
    "max_retries": 6,
}


@app.task(name="connect_to_innovate.send_hackathon_challenge_decision", **RETRIES)
def send_challenge_decision(*, challenge_id: int) -> int:
    """E-mail the enterprise whether its challenge is accepted, once."""
    return challenge_decision_send(challenge_id=challenge_id)


@app.task(name="connect_to_innovate.send_hackathon_signup_notice", **RETRIES)
def send_signup_notice(*, signup_id: int, notice: str) -> int:
    """E-mail a coach or sparring partner about their place, once."""
    return signup_notice_send(signup_id=signup_id, notice=notice)


@app.task(name="connect_to_innovate.send_hackathon_team_notice", **RETRIES)
def send_team_notice(*, team_id: int) -> int:
    """E-mail a published team's people their team, once each."""
    return team_notice_send(team_id=team_id)
