"""Giving one applicant more time, recorded with its reason."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import (
    Application,
    ApplicationStatus,
)
from socialtech.audit.services import audit_log


@transaction.atomic
def application_grant_extension(
    *, application: Application, until: datetime, reason: str, by: Any
) -> Application:
    """Give one applicant more time; recorded with its reason in the audit trail.

    Refuses an extension that ends before the call's deadline, one without a reason, and
    one for an application that is no longer a draft.
    """
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError(_("Only a draft can get more time."), code="not_a_draft")
    if until <= application.call.deadline:
        raise ValidationError({"until": _("The extension must end after the call's deadline.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the extension is granted.")})
    application.extended_until = until
    application.extension_reason = reason.strip()
    application.full_clean(validate_constraints=False)
    application.save(update_fields=["extended_until", "extension_reason", "updated_at"])
    audit_log(
        actor=by,
        verb="application.extension_granted",
        target=application,
        data={"until": until.isoformat(), "reason": reason.strip()},
    )
    return application
