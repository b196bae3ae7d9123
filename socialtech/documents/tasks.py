"""The document task: ids and JSON in, one call of its job, idempotent."""

from __future__ import annotations

from typing import Any

from socialtech.celery import TenantTask, app
from socialtech.documents.jobs import document_render_and_store


@app.task(base=TenantTask, name="documents.render_and_store_document", acks_late=True)
def render_and_store_document(
    *,
    template_name: str,
    context: dict[str, Any],
    kind: str,
    title: str,
    owner_id: int | None,
    filename: str,
    idempotency_key: str,
    tenant_id: int | None = None,
) -> dict[str, Any]:
    """Render ``template_name`` to PDF and store it for the tenant in ``tenant_id``.

    Call with ``tenant_id=`` (the task base activates it) and an ``idempotency_key`` the
    caller derives from what the document is about (``receipt:application:42``): a retried
    or repeated task returns the document the first run stored and renders nothing.
    ``context`` must be JSON; the template receives it plus ``document_code`` and
    ``verify_link`` (the programme's page checking that code, printed as a link).

    ``tenant_id`` is in the signature only so Celery's argument check at ``delay()`` and
    ``apply_async()`` accepts it; :class:`TenantTask` consumes it before this body runs.
    """
    return document_render_and_store(
        template_name=template_name,
        context=context,
        kind=kind,
        title=title,
        owner_id=owner_id,
        filename=filename,
        idempotency_key=idempotency_key,
    )
