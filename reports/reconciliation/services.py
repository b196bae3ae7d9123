"""The reconciliation a coordinator runs from the back office, recorded in the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from reports.exports.selectors import may_read_funding_reports
from reports.reconciliation.selectors import Total, reconciliation_totals
from socialtech.audit.services import audit_log


@transaction.atomic
def reconciliation_run(*, by: Any, language: str = "en") -> list[Total]:
    """Compare the funding reports' totals with the database and record the outcome (every
    total with both figures, and how many differ). Returns every total; the differences are
    those whose ``differs`` is true. Refuses anyone but the programme's coordinators and
    staff."""
    if not may_read_funding_reports(by):
        raise PermissionDenied(
            _("Only the programme's coordinators and staff may reconcile its funding reports.")
        )
    totals = reconciliation_totals(language=language)
    differences = [total for total in totals if total.differs]
    audit_log(
        actor=by,
        verb="reports.reconciled",
        data={
            "differences": len(differences),
            "totals": {
                total.key: {"report": str(total.report), "database": str(total.database)}
                for total in totals
            },
        },
    )
    return totals
