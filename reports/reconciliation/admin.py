"""The reconciliation button of the back office: a POST from the programme budget page
that runs the check and shows "No difference", or each difference with both figures,
beside the table of every total. The pages hang on the budget lines' admin (see
``reports.budget.admin``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST

from reports.exports.selectors import may_read_funding_reports
from reports.reconciliation import services
from socialtech.admin_services import admin_page

TEMPLATE = "admin/reports/reconciliation/result.html"


def reconcile_view(model_admin: Any, request: HttpRequest) -> HttpResponse:
    """Run the reconciliation (POST) and show its outcome."""
    if not (model_admin.has_view_permission(request) and may_read_funding_reports(request.user)):
        raise PermissionDenied(
            gettext(
                "Only the programme's coordinators and staff may reconcile its funding reports."
            )
        )
    totals = services.reconciliation_run(by=request.user, language=get_language() or "en")
    differences = [total for total in totals if total.differs]
    return admin_page(
        model_admin,
        request,
        TEMPLATE,
        {
            "title": gettext("Reconciliation of the funding reports"),
            "totals": totals,
            "differences": differences,
        },
    )


def reconciliation_urls(model_admin: Any) -> list[URLPattern]:
    view = model_admin.admin_site.admin_view

    def reconcile(request: HttpRequest) -> HttpResponse:
        return reconcile_view(model_admin, request)

    return [
        path("reconcile/", view(require_POST(reconcile)), name="reports_budgetline_reconcile"),
    ]
