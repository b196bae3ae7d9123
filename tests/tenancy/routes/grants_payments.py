"""Isolation entries for the payments and reports pages (see tests/tenancy/test_isolation.py).

Programme A's award (built by ``grants``) gets a tranche, a recovery order, a final report
with a file, and a report question, as rows; Charlie, staff of programme B, must get 404
for the payments and report pages and for each back-office row.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from grants.models import (
    BeneficiaryReport,
    RecoveryOrder,
    ReportField,
    ReportFile,
    Tranche,
)
from socialtech.tenancy.context import tenant_context
from tests.tenancy.kinds import ObjectPage


def _award(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["grants_award"].pk}


def _report(objects: dict[str, Any]) -> dict[str, Any]:
    return {"pk": objects["grants_beneficiaryreport"].pk}


def _report_upload(objects: dict[str, Any]) -> dict[str, Any]:
    return {**_report(objects), "field_key": "proof"}


def _report_file(objects: dict[str, Any]) -> dict[str, Any]:
    return {**_report(objects), "file_pk": objects["grants_reportfile"].pk}


ROUTES: dict[str, Any] = {
    "grants_payments": ObjectPage(_award),
    "grants_report": ObjectPage(_report),
    "grants_report_autosave": ObjectPage(_report, method="post"),
    "grants_report_upload": ObjectPage(_report_upload, method="post"),
    "grants_report_file": ObjectPage(_report_file),
}


def build(objects: dict[str, Any], *, tenant_a: Any, alice: Any, bob: Any) -> None:
    award = objects["grants_award"]
    with tenant_context(tenant_a):
        objects["grants_tranche"] = Tranche.objects.create(
            award=award,
            position=1,
            percent=Decimal("40"),
            amount=Decimal("16000"),
            trigger="signature",
            status="due",
        )
        objects["grants_recoveryorder"] = RecoveryOrder.objects.create(
            award=award, amount=Decimal("100"), reason="Isolation recovery"
        )
        report = BeneficiaryReport.objects.create(
            award=award, kind="final", due_on=date(2027, 12, 31)
        )
        objects["grants_beneficiaryreport"] = report
        objects["grants_reportfile"] = ReportFile.objects.create(
            report=report,
            field_key="proof",
            file="reports/alpha/isolation.pdf",
            original_name="proof.pdf",
            size=10,
            sha256="0" * 64,
            content_type="application/pdf",
            uploaded_by=alice,
        )
        objects["grants_reportfield"] = ReportField.objects.create(
            call=award.call, kind="final", key="isolation", type="text", label={"en": "Isolation"}
        )


ADMIN_OBJECTS = {
    BeneficiaryReport: lambda objects: objects["grants_beneficiaryreport"],
    RecoveryOrder: lambda objects: objects["grants_recoveryorder"],
    ReportField: lambda objects: objects["grants_reportfield"],
    Tranche: lambda objects: objects["grants_tranche"],
}
