"""Reads of the audit trail."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from socialtech.audit.models import AuditEvent


def audit_events_of(target: models.Model) -> QuerySet[AuditEvent]:
    """Every audit event about ``target`` (a row of a programme) in its programme, with the
    person who acted."""
    tenant_id: int = target.tenant_id  # type: ignore[attr-defined]
    return AuditEvent.objects.filter(
        tenant_id=tenant_id,
        object_type=ContentType.objects.get_for_model(type(target)),
        object_id=str(target.pk),
    ).select_related("actor")
