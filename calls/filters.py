"""Filters of the public call list (``/api/v1/calls/?status=&kind=&work_package=``).

``status`` filters on the status the clock says (``Call.effective_status``), not on the
stored one, so a call whose deadline passed is ``closed`` even before the scheduler ran.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import django_filters
from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.contrib.django_filters import DjangoFilterExtension

from calls import selectors
from calls.models import PUBLIC_STATUSES, Call, CallKind, CallStatus
from socialtech.tenancy.context import no_tenant_scope


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
    work_package = django_filters.ModelChoiceFilter(
        label=_("work package"),
        queryset=selectors.work_package_choices,
        to_field_name="code",
        error_messages={"invalid_choice": _("%(value)s is not a work package of this programme.")},
        help_text=_("The code of one of the programme's work packages, e.g. wp5."),
    )

    class Meta:
        model = Call
        fields = ["status", "kind", "work_package"]

    def filter_status(self, queryset: QuerySet[Call], name: str, value: str) -> QuerySet[Call]:
        return queryset.alias(current_status=effective_status_expression()).filter(
            current_status=value
        )


class CallFilterBackend(DjangoFilterBackend):
    """django-filter's backend; its own class only so the schema extension below finds it."""


class CallFilterBackendSchema(DjangoFilterExtension):
    """Documents the filters when the schema is built with no programme active.

    drf-spectacular asks the model's default manager for an empty queryset, which the
    fail-closed tenant manager refuses outside a request (``manage.py spectacular``).
    Nothing is read: the filter set only needs the model.
    """

    target_class = "calls.filters.CallFilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema: Any, *args: Any, **kwargs: Any) -> Any:
        with no_tenant_scope():
            return super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
