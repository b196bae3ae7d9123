"""Background tasks of the connections: one piece of news to the other side; safe to run
twice."""

from __future__ import annotations

from connect_to_innovate.connections.jobs import connection_notice_send
from socialtech.celery import TenantTask, app
from socialtech.emails import TRANSIENT_MAIL_ERRORS


@app.task(
    base=TenantTask,
    name="connect_to_innovate.send_connection_notice",
    acks_late=True,
    autoretry_for=TRANSIENT_MAIL_ERRORS,
    retry_backoff=True,
    max_retries=6,
)
def send_connection_notice(*, notice: str, object_id: int) -> int:
    """E-mail the other side of a connection one piece of news, once."""
    return connection_notice_send(notice=notice, object_id=object_id)
