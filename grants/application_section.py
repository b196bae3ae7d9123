"""What the applicant's API shows of the grant of an application (the ``grant`` section of
``/api/v1/applications/``): the award's state and its tranches, read from rows the
application list loads with the applications."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from grants.models import Tranche
from socialtech.registry import ApplicationSection


def load(queryset: QuerySet[Any]) -> QuerySet[Any]:
    return queryset.select_related("award").prefetch_related(
        Prefetch("award__tranches", queryset=Tranche.objects.order_by("position", "pk"))
    )


def read(application: Any) -> dict[str, Any] | None:
    try:
        award = application.award
    except application.__class__.award.RelatedObjectDoesNotExist:
        return None
    return {
        "id": award.pk,
        "status": award.status,
        "amount": str(award.amount),
        "acceptance_deadline": award.acceptance_deadline.isoformat(),
        "tranches": [
            {
                "position": tranche.position,
                "percent": str(tranche.percent),
                "amount": str(tranche.amount),
                "status": tranche.status,
                "paid_on": tranche.paid_on.isoformat() if tranche.paid_on else None,
            }
            for tranche in award.tranches.all()
        ],
    }


SECTION = ApplicationSection(name="grant", read=read, load=load)
