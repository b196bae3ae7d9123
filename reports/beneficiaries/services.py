"""Writes of the public list of beneficiaries: staff record an opt-out on request."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from grants.models import AWARDED_STATUSES, Award
from reports.models import BeneficiaryOptOut
from socialtech.accounts.roles import require_programme_staff
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import require_active_tenant

MIN_REASON_LENGTH = 10


@transaction.atomic
def beneficiary_opt_out_record(
    *, award: Award, reason: str, requested_by: str, by: Any
) -> BeneficiaryOptOut:
    """Keep ``award`` off the public list of beneficiaries and its open data from now on,
    on the beneficiary's request, with its reason (publication would threaten the rights
    and freedoms of the person concerned or harm their commercial interests). Refuses
    anyone but the programme's staff and coordinators (``PermissionDenied``), and with a
    ``ValidationError`` naming the field: no reason (or one under 10 characters), no
    requester, an award that is not a grant (an offer not accepted), a grant already
    kept off the list."""
    require_programme_staff(by)
    tenant = require_active_tenant()
    errors: dict[str, list[str]] = {}
    reason = (reason or "").strip()
    requested_by = (requested_by or "").strip()
    if len(reason) < MIN_REASON_LENGTH:
        errors["reason"] = [
            _("Give the reason of the request in at least %(count)s characters.")
            % {"count": MIN_REASON_LENGTH}
        ]
    if not requested_by:
        errors["requested_by"] = [_("Say who asked not to be published, and how.")]
    locked = Award.objects.select_for_update().filter(pk=award.pk).first()
    if locked is None:
        errors["award"] = [_("This programme has no such grant.")]
    elif locked.status not in AWARDED_STATUSES:
        errors["award"] = [
            _("Only grants are published; this offer is %(status)s.")
            % {"status": locked.get_status_display()}
        ]
    elif BeneficiaryOptOut.objects.filter(award=locked).exists():
        errors["award"] = [_("This grant is already kept off the public list.")]
    if errors:
        raise ValidationError(errors)
    assert locked is not None
    opt_out = BeneficiaryOptOut(
        tenant=tenant, award=locked, reason=reason, requested_by=requested_by, recorded_by=by
    )
    opt_out.full_clean()
    opt_out.save()
    audit_log(
        actor=by,
        verb="beneficiary.opted_out",
        target=locked,
        data={"opt_out": opt_out.pk, "reason": reason, "requested_by": requested_by},
    )
    return opt_out
