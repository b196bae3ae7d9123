"""``/api/v1/awards/``: grant offers and awards, read-only.

Staff and coordinators of the programme see every award of the programme; anyone else sees
the awards of the organisations they belong to. Any other id is a 404, as for an id that
does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer

from grants.models import (
    Agreement,
    Award,
    AwardStatus,
    Signature,
    SignatureMethod,
    Tranche,
    TrancheStatus,
)
from grants.offers.selectors import awards_visible_to
from socialtech.api_schema import ErrorSerializer


class FundingRowSerializer(serializers.Serializer):
    # A declared field named like DRF's ``Field.source`` attribute: the metaclass takes it.
    source = serializers.CharField()  # type: ignore[assignment]
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


class SignatureStateSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        source="agreement.version", help_text=gettext_lazy("The agreement version signed.")
    )
    method = serializers.ChoiceField(choices=SignatureMethod.choices)
    signed_at = serializers.DateTimeField()
    countersigned_at = serializers.DateTimeField(allow_null=True)


class TrancheSerializer(serializers.Serializer):
    position = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    status = serializers.ChoiceField(choices=TrancheStatus.choices)
    due_at = serializers.DateTimeField(allow_null=True)
    paid_on = serializers.DateField(allow_null=True)


class AwardSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    application = serializers.IntegerField(source="application_id")
    receipt_number = serializers.CharField(source="application.receipt_number")
    call = serializers.SlugField(source="call.slug")
    organisation = serializers.IntegerField(source="organisation_id")
    status = serializers.ChoiceField(choices=AwardStatus.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount_requested = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    reduction_reason = serializers.CharField(allow_blank=True)
    from_reserve = serializers.BooleanField(
        help_text=gettext_lazy("Offered because an earlier offer of the call lapsed.")
    )
    offered_at = serializers.DateTimeField()
    acceptance_deadline = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    other_public_funding = FundingRowSerializer(
        many=True,
        help_text=gettext_lazy(
            "Other public funding for the same costs, declared at acceptance; empty for none."
        ),
    )
    signature = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "The organisation's signature of the latest agreement version, and the "
            "programme's countersignature; null while the latest version is unsigned."
        )
    )

    @extend_schema_field(SignatureStateSerializer(allow_null=True))
    def get_signature(self, award: Award) -> dict[str, Any] | None:
        versions = getattr(award, "agreement_versions", None)
        if versions is None:
            versions = list(award.agreements.select_related("signature").order_by("-version"))
        if not versions:
            return None
        try:
            signature = versions[0].signature
        except Signature.DoesNotExist:
            return None
        return dict(SignatureStateSerializer(signature).data)

    tranches = TrancheSerializer(
        many=True,
        read_only=True,
        help_text=gettext_lazy(
            "The grant's payments in order; made when the agreement is signed, empty before."
        ),
    )


@extend_schema_view(
    list=extend_schema(summary="Grant offers and awards"),
    retrieve=extend_schema(
        summary="One grant offer or award",
        responses={
            200: AwardSerializer,
            404: OpenApiResponse(ErrorSerializer, description="Not an award you may see."),
        },
    ),
)
class AwardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The programme's awards for its staff; your organisations' awards otherwise."""

    serializer_class = AwardSerializer
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Award]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no programme
            return Award.unscoped.none()
        return awards_visible_to(self.request.user).prefetch_related(
            Prefetch(
                "agreements",
                queryset=Agreement.objects.select_related("signature").order_by("-version"),
                to_attr="agreement_versions",
            ),
            Prefetch("tranches", queryset=Tranche.objects.order_by("position", "pk")),
        )

    def get_object(self) -> Any:
        # Ids beyond the database's integers are simply not found (never a 500).
        pk = str(self.kwargs.get("pk", ""))
        if not pk.isdigit() or int(pk) > 2**63 - 1:
            raise NotFound()
        return super().get_object()
