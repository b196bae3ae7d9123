"""Tasks through a real broker to a real worker (CI runs this on PostgreSQL with Redis).

The default suite runs tasks eagerly; here the invitation e-mail task travels through
the broker configured in CELERY_BROKER_URL to a worker, and the test waits for its effect
in the database.
"""

from __future__ import annotations

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections

from organisations.models import OrganisationInvitation
from organisations.services import organisation_member_invite
from socialtech.celery import app
from socialtech.tenancy.context import tenant_context
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(
        not (
            os.environ.get("CELERY_BROKER_URL", "").startswith("redis")
            and os.environ.get("DATABASE_URL")
        ),
        reason="needs CELERY_BROKER_URL on Redis and DATABASE_URL on PostgreSQL",
    ),
]


def _close_thread_connections(**_kwargs: object) -> None:
    # The worker runs tasks in its own thread, with its own database connections; closing
    # them after each task lets the test database be dropped at the end of the run.
    connections.close_all()


@pytest.fixture
def real_worker():
    app.conf.task_always_eager = False
    task_postrun.connect(_close_thread_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield
    finally:
        task_postrun.disconnect(_close_thread_connections)
        app.conf.task_always_eager = True


@pytest.mark.django_db(transaction=True)
def test_invitation_task_travels_through_the_broker_to_a_worker(tenant_a, applicant, real_worker):
    organisation = OrganisationFactory(owner=applicant)
    with tenant_context(tenant_a):
        invitation = organisation_member_invite(
            organisation=organisation,
            invited_by=applicant,
            email="colleague@example.org",
            role="editor",
        )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        invitation.refresh_from_db()
        if invitation.sent_at is not None:
            break
        time.sleep(0.2)
    assert invitation.sent_at is not None, "the worker did not send the invitation within 30 s"
    assert OrganisationInvitation.objects.get(pk=invitation.pk).sent_at == invitation.sent_at
    assert [message.to for message in mail.outbox] == [["colleague@example.org"]]
