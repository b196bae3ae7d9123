"""Filters of the public call list (``/api/v1/calls/?status=&kind=&work_package=``).

``status`` filters on the status the clock says (``Call.effective_status``), not on the
stored one, so a call whose deadline passed is ``closed`` even before the scheduler ran.
"""

from __future__ import annotations

from datetime import datetime

import django_filters
from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.models import PUBLIC_STATUSES, Call, CallKind, CallStatus, WorkPackage


def effective_status_expression(now: datetime | None = None) -> Case:
    """``Call.effective_status(now)`` as a database expression, to filter and order by."""
    now = now or timezone.now()
    return Case(
        When(
            status__in=[CallStatus.PUBLISHED, CallStatus.OPEN],
            deadline__lte=now,
            then=Value(CallStatus.CLOSED.value),
        ),
        When(status=CallStatus.PUBLISHED, opens_at__lte=now, then=Value(CallStatus.OPEN.value)),
        default=F("status"),
        output_field=CharField(),
    )


class CallFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=[(value, CallStatus(value).label) for value in PUBLIC_STATUSES],
        method="filter_status",
    )
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=CallKind.choices)
    work_package = django_filters.ChoiceFilter(label=_("work package"), choices=WorkPackage.choices)

    class Meta:
        model = Call
        fields = ["status", "kind", "work_package"]

    def filter_status(self, queryset: QuerySet[Call], name: str, value: str) -> QuerySet[Call]:
        return queryset.alias(current_status=effective_status_expression()).filter(
            current_status=value
        )
