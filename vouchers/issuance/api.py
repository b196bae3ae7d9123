"""``/api/v1/vouchers/``: the vouchers a person may see, by code, and their claims.

An enterprise's members see its vouchers; a provider's members see the vouchers it holds;
the programme's staff see every voucher of the programme. A code that is mistyped (its
check character does not match) is answered as such without a lookup; any other code not
visible is a 404, as for a code that does not exist.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer

from socialtech.api_schema import ErrorSerializer
from vouchers.access import is_programme_staff, member_roles, vouchers_of_member
from vouchers.codes import is_valid_voucher_code, normalise_voucher_code
from vouchers.models import ClaimStatus, Voucher, VoucherStatus


class ProviderSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="organisation.legal_name")
    country = serializers.CharField(source="organisation.country.code")


class ClaimStateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ClaimStatus.choices)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    invoice_number = serializers.CharField()
    invoice_date = serializers.DateField()
    submitted_at = serializers.DateTimeField()
    review_note = serializers.CharField(allow_blank=True)
    reimbursed_on = serializers.DateField(allow_null=True)
    reimbursement_reference = serializers.CharField(allow_blank=True)


class VoucherSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=gettext_lazy("The voucher's code; its last character is a check character.")
    )
    call = serializers.SlugField(source="scheme.call.slug")
    organisation = serializers.IntegerField(source="organisation_id")
    organisation_name = serializers.CharField(source="organisation.legal_name")
    status = serializers.ChoiceField(choices=VoucherStatus.choices)
    value = serializers.DecimalField(max_digits=10, decimal_places=2)
    co_funding_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    issued_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    category = serializers.CharField(allow_blank=True)
    provider = ProviderSerializer(allow_null=True)
    scope = serializers.CharField(allow_blank=True)
    agreed_price = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    delivery_confirmed_by_enterprise_at = serializers.DateTimeField(allow_null=True)
    delivery_confirmed_by_provider_at = serializers.DateTimeField(allow_null=True)
    verification_code = serializers.SerializerMethodField(
        help_text=gettext_lazy("The voucher PDF's code for the /verify/ page; null until made.")
    )
    role = serializers.SerializerMethodField(
        help_text=gettext_lazy("How you see the voucher: beneficiary, provider or staff.")
    )
    claim = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_verification_code(self, voucher: Voucher) -> str | None:
        return voucher.document.code if voucher.document is not None else None

    @extend_schema_field(serializers.ChoiceField(choices=["beneficiary", "provider", "staff"]))
    def get_role(self, voucher: Voucher) -> str:
        roles = self.context.get("member_roles", {})
        if voucher.organisation_id in roles:
            return "beneficiary"
        if voucher.provider is not None and voucher.provider.organisation_id in roles:
            return "provider"
        return "staff"

    @extend_schema_field(ClaimStateSerializer(allow_null=True))
    def get_claim(self, voucher: Voucher) -> dict[str, Any] | None:
        try:
            claim = voucher.claim
        except Voucher.claim.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
            return None
        return dict(ClaimStateSerializer(claim).data)


def voucher_code_or_404(raw: str) -> str:
    """The canonical code of ``raw``; a 404 naming the mistake when its check character
    does not match (no lookup is made for a mistyped code)."""
    code = normalise_voucher_code(raw)
    if not is_valid_voucher_code(code):
        raise NotFound(
            _("“%(code)s” is not a voucher code: check each character.") % {"code": raw[:40]},
            code="voucher_code_mistyped",
        )
    return code


@extend_schema_view(
    list=extend_schema(
        summary="Vouchers",
        parameters=[
            OpenApiParameter("status", str, enum=VoucherStatus.values),
            OpenApiParameter("role", str, enum=["beneficiary", "provider"]),
        ],
    ),
    retrieve=extend_schema(
        summary="One voucher, by its code",
        responses={
            200: VoucherSerializer,
            404: OpenApiResponse(
                ErrorSerializer,
                description="A mistyped code (voucher_code_mistyped), or not a voucher you may see.",
            ),
        },
    ),
)
class VoucherViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your organisations' vouchers and those your provider holds; every one for staff."""

    serializer_class = VoucherSerializer
    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    filter_backends: list[type] = []
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if not getattr(self, "swagger_fake_view", False):
            context["member_roles"] = member_roles(self.request.user)
        return context

    def get_queryset(self) -> QuerySet[Voucher]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no programme
            return Voucher.unscoped.none()
        user = self.request.user
        vouchers = Voucher.objects.all() if is_programme_staff(user) else vouchers_of_member(user)
        params = self.request.query_params
        status = params.get("status", "")
        if status:
            if status not in VoucherStatus.values:
                raise ValidationError(
                    {
                        "status": [
                            _("Choose one of: %(values)s.")
                            % {"values": ", ".join(VoucherStatus.values)}
                        ]
                    }
                )
            vouchers = vouchers.filter(status=status)
        role = params.get("role", "")
        if role:
            organisations = list(member_roles(user))
            if role == "beneficiary":
                vouchers = vouchers.filter(organisation_id__in=organisations)
            elif role == "provider":
                vouchers = vouchers.filter(provider__organisation_id__in=organisations)
            else:
                raise ValidationError({"role": [_("Choose beneficiary or provider.")]})
        return vouchers.select_related(
            "scheme__call", "organisation", "provider__organisation", "document", "claim"
        ).order_by("-issued_at", "-pk")

    def get_object(self) -> Any:
        self.kwargs["code"] = voucher_code_or_404(str(self.kwargs.get("code", "")))
        return super().get_object()
