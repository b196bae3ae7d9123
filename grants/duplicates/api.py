"""``/api/v1/duplicate-flags/``: the programme's near-duplicate applications, read-only.

Staff and coordinators of the programme only; anyone else gets an empty list, and any id a
404, as for an id that does not exist. A pair with another programme's application names
that programme only: no id, reference or text of the other application.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer

from grants.duplicates import selectors
from grants.models import DuplicateFlag, DuplicateFlagStatus
from socialtech.api_schema import ErrorSerializer


class DuplicateFlagSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    application = serializers.IntegerField(source="application_id")
    receipt_number = serializers.CharField(source="application.receipt_number")
    call = serializers.SlugField(source="call.slug")
    similarity = serializers.DecimalField(max_digits=4, decimal_places=3)
    same_programme = serializers.BooleanField()
    other_application = serializers.IntegerField(
        source="other_application_id",
        allow_null=True,
        help_text=gettext_lazy("The other application, when it is of this programme."),
    )
    other_receipt_number = serializers.SerializerMethodField(
        help_text=gettext_lazy("Its reference, when it is of this programme.")
    )
    other_programme = serializers.CharField(source="other_tenant.name")
    status = serializers.ChoiceField(choices=DuplicateFlagStatus.choices)
    found_at = serializers.DateTimeField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    review_note = serializers.CharField(allow_blank=True)

    def get_other_receipt_number(self, flag: DuplicateFlag) -> str | None:
        if flag.same_programme and flag.other_application is not None:
            return flag.other_application.receipt_number
        return None


@extend_schema_view(
    list=extend_schema(
        summary="Near-duplicate applications",
        parameters=[
            OpenApiParameter("call", OpenApiTypes.STR, description="A call's slug."),
            OpenApiParameter(
                "status", OpenApiTypes.STR, enum=DuplicateFlagStatus.values, description="Status."
            ),
        ],
    ),
    retrieve=extend_schema(
        summary="One near-duplicate flag",
        responses={
            200: DuplicateFlagSerializer,
            404: OpenApiResponse(ErrorSerializer, description="Not a flag you may see."),
        },
    ),
)
class DuplicateFlagViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The programme's near-duplicate applications, for its staff."""

    serializer_class = DuplicateFlagSerializer
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[DuplicateFlag]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no programme
            return DuplicateFlag.unscoped.none()
        flags = selectors.flags_visible_to(self.request.user)
        call = self.request.query_params.get("call", "")
        if call:
            flags = flags.filter(call__slug=call)
        status = self.request.query_params.get("status", "")
        if status in DuplicateFlagStatus.values:
            flags = flags.filter(status=status)
        return flags.order_by("-similarity", "-found_at", "-pk")

    def get_object(self) -> Any:
        # Ids beyond the database's integers are simply not found (never a 500).
        pk = str(self.kwargs.get("pk", ""))
        if not pk.isdigit() or int(pk) > 2**63 - 1:
            raise NotFound()
        return super().get_object()
