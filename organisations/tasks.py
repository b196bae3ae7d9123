"""Background work of organisations: each a call of one job, ids in, safe to run twice."""

from __future__ import annotations

from typing import Any

from celery import Task

from organisations.jobs import organisation_invitation_send
from socialtech.celery import TenantTask, app


class OptionalTenantTask(TenantTask):
    """A :class:`TenantTask` that also runs with ``tenant_id=None``, then with no tenant active.

    Invitations made outside any programme (an operator command, say) have no tenant.
    """

    abstract = True

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if kwargs.get("tenant_id") is None:
            kwargs.pop("tenant_id", None)
            return Task.__call__(self, *args, **kwargs)
        return super().__call__(*args, **kwargs)


@app.task(
    base=OptionalTenantTask, name="organisations.send_organisation_invitation", acks_late=True
)
def send_organisation_invitation(*, invitation_id: int, tenant_id: int | None = None) -> bool:
    """E-mail an invitation link; a second run finds the row claimed and sends nothing.

    ``tenant_id`` is in the signature only so Celery's argument check accepts it; the task
    base consumes it (activating that programme) before this body runs.
    """
    return organisation_invitation_send(invitation_id=invitation_id)
