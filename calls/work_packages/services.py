"""The programme's work packages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from calls.models import (
    Call,
    WorkPackage,
)
from socialtech.audit.services import audit_log
from socialtech.tenancy.context import require_active_tenant

# --- The programme's work packages -----------------------------------------------------------


@transaction.atomic
def work_package_save(
    *, by: Any, code: str, name: dict[str, str], order: int, work_package: WorkPackage | None = None
) -> WorkPackage:
    """Create a work package of the active programme, or change ``work_package``.

    Refuses (on ``code``) a code another work package of the programme uses, and a work
    package with no name.
    """
    if work_package is None:
        work_package = WorkPackage(tenant=require_active_tenant())
    elif work_package.pk is not None:
        work_package = WorkPackage.objects.select_for_update().get(pk=work_package.pk)
    taken = WorkPackage.objects.filter(code=code).exclude(pk=work_package.pk).exists()
    if taken:
        raise ValidationError(
            {
                "code": _("Another work package of this programme uses the code %(code)s.")
                % {"code": code}
            }
        )
    is_new = work_package.pk is None
    work_package.code, work_package.name, work_package.order = code, name, order
    work_package.full_clean()
    work_package.save()
    audit_log(
        actor=by,
        verb="work_package.created" if is_new else "work_package.updated",
        target=work_package,
        data={"code": code},
    )
    return work_package


@transaction.atomic
def work_package_delete(*, work_package: WorkPackage, by: Any) -> None:
    """Remove a work package; refuses one that calls are filed under."""
    if Call.objects.filter(work_package=work_package).exists():
        raise ValidationError(
            _("Calls are filed under %(name)s: move them to another work package first.")
            % {"name": work_package.name_text}
        )
    audit_log(
        actor=by, verb="work_package.deleted", target=work_package, data={"code": work_package.code}
    )
    work_package.delete()
