"""``GET /api/v1/reports/budget/``: the programme budget as JSON, for coordinators and staff.

Each line with its partner, work package, the calls drawing on it and its money (EUR as
decimal strings): budget, committed (awards accepted and later less recovery orders),
paid (tranches paid), remaining, the share used and the offers awaiting an answer; then
the totals. Anyone else signed in gets 403; a person of another programme has no role on
this host and is refused too.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from reports.budget.selectors import LineFigures, calls_by_line, may_read_budget, programme_budget


class MayReadBudget(BasePermission):
    message = _("Only the programme's coordinators and staff may read its budget.")

    def has_permission(self, request: Request, view: Any) -> bool:
        return may_read_budget(request.user)


def _money() -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=16, decimal_places=2)


class FiguresSerializer(serializers.Serializer):
    budget = _money()
    committed = _money()
    paid = _money()
    remaining = _money()
    offered = _money()
    percent_used = serializers.DecimalField(
        max_digits=8, decimal_places=1, allow_null=True, help_text="Committed per cent of budget."
    )
    over_committed = serializers.BooleanField()


class PartnerSerializer(serializers.Serializer):
    short_name = serializers.CharField()
    name = serializers.CharField()
    country = serializers.CharField()


class BudgetLineSerializer(FiguresSerializer):
    id = serializers.IntegerField()
    partner = PartnerSerializer()
    work_package = serializers.CharField(help_text="The work package's code.")
    label = serializers.CharField(allow_blank=True)  # type: ignore[assignment]
    calls = serializers.ListField(child=serializers.CharField(), help_text="Slugs of its calls.")


class ProgrammeBudgetSerializer(serializers.Serializer):
    lines = BudgetLineSerializer(many=True)
    totals = FiguresSerializer()


def _figures(row: LineFigures) -> dict[str, Any]:
    return {
        "budget": row.budget,
        "committed": row.committed,
        "paid": row.paid,
        "remaining": row.remaining,
        "offered": row.offered,
        "percent_used": row.percent_used,
        "over_committed": row.over_committed,
    }


class ProgrammeBudgetView(APIView):
    permission_classes = [IsAuthenticated, MayReadBudget]
    renderer_classes = [JSONRenderer]

    @extend_schema(
        summary="The programme budget by partner and work package",
        description=(
            "Every budget line (a partner's money in a work package for support to third "
            "parties) with the calls drawing on it and its figures in EUR, then the totals. "
            "Coordinators and staff of the programme only."
        ),
        responses={200: ProgrammeBudgetSerializer},
    )
    def get(self, request: Request) -> Response:
        budget = programme_budget()
        calls = calls_by_line()
        lines = []
        for row in budget.lines:
            line = row.line
            assert line is not None
            lines.append(
                {
                    "id": line.pk,
                    "partner": {
                        "short_name": line.partner.short_name,
                        "name": line.partner.name,
                        "country": str(line.partner.country),
                    },
                    "work_package": line.work_package.code,
                    "label": line.label,
                    "calls": [call.slug for call in calls.get(line.pk, [])],
                    **_figures(row),
                }
            )
        data = {"lines": lines, "totals": _figures(budget.totals)}
        return Response(ProgrammeBudgetSerializer(data).data)
