"""The export of a person's data: built, recorded in the audit log, handed back as JSON."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from privacy.export.selectors import personal_data
from socialtech.audit.services import audit_log


def personal_data_export(*, user: Any, by: Any, tenant: Any = None) -> bytes:
    """Everything held about ``user`` as a JSON document; ``tenant`` limits the programme
    rows to one programme (staff of that programme exporting for the person).

    The export is recorded as an audit event of ``by`` about ``user``.
    """
    payload = {
        "exported_at": timezone.now().isoformat(),
        "person": user.pk,
        "programme": tenant.slug if tenant is not None else None,
        "records": personal_data(user, tenant=tenant),
    }
    document = json.dumps(payload, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    with transaction.atomic():
        audit_log(
            actor=by,
            verb="privacy.export",
            target=None,
            data={
                "person": user.pk,
                "programme": payload["programme"],
                "by_the_person": getattr(by, "pk", None) == user.pk,
                "models": sorted(payload["records"]),
            },
        )
    return document.encode()
