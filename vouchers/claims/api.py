"""``POST /api/v1/vouchers/{code}/claims/``: submit a voucher's claim, or submit again a
claim staff sent back for changes (multipart: the amount, the invoice's number, date and
file, the proof of delivery and of the co-payment, a note).

The answer is the claim's state (201 when made, 200 when submitted again). A refusal is
JSON with its code: 400 with the messages by field for what was typed, 403 for the wrong
side, 409 for a voucher or claim in a state that does not allow it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from socialtech.api_schema import ErrorSerializer, FieldErrorsSerializer
from vouchers.access import voucher_for_viewer
from vouchers.claims.services import claim_resubmit, claim_submit
from vouchers.errors import VoucherError
from vouchers.issuance.api import ClaimStateSerializer, voucher_code_or_404
from vouchers.models import Claim, ClaimStatus, Voucher

STATUS_BY_CODE = {
    "wrong_side": status.HTTP_403_FORBIDDEN,
    "wrong_state": status.HTTP_409_CONFLICT,
    "wrong_claim_state": status.HTTP_409_CONFLICT,
    "delivery_not_confirmed": status.HTTP_409_CONFLICT,
}


class ClaimRequestSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=10, decimal_places=2)
    invoice_number = serializers.CharField(max_length=60)
    invoice_date = serializers.DateField()
    invoice = serializers.FileField()
    delivery_proof = serializers.FileField()
    co_payment_proof = serializers.FileField(required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ResubmitRequestSerializer(ClaimRequestSerializer):
    """Submitting again: only what changes need be sent."""

    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False)
    invoice_number = serializers.CharField(max_length=60, required=False)
    invoice_date = serializers.DateField(required=False)
    invoice = serializers.FileField(required=False)
    delivery_proof = serializers.FileField(required=False)


def refusal(error: VoucherError) -> Response:
    """A refusal of the claims' rules as the API's error shape."""
    body: dict[str, Any] = {"detail": error.message, "code": error.code}
    fields = error.extra.get("fields")
    if fields:
        body["errors"] = fields
    elif error.field:
        body["errors"] = {error.field: [error.message]}
    else:
        body["errors"] = {}
    return Response(body, status=STATUS_BY_CODE.get(error.code, status.HTTP_400_BAD_REQUEST))


class VoucherClaimView(APIView):
    """The claim of one voucher, by the side its scheme names."""

    permission_classes = [IsAuthenticated]
    renderer_classes = [JSONRenderer]
    parser_classes = [MultiPartParser, FormParser]

    def _voucher(self, code: str) -> Voucher:
        from rest_framework.exceptions import NotFound

        try:
            return voucher_for_viewer(user=self.request.user, code=voucher_code_or_404(code))
        except Voucher.DoesNotExist:
            raise NotFound() from None

    @extend_schema(
        summary="Submit a voucher's claim",
        request={"multipart/form-data": ClaimRequestSerializer},
        responses={
            201: ClaimStateSerializer,
            200: ClaimStateSerializer,
            400: FieldErrorsSerializer,
            403: OpenApiResponse(ErrorSerializer, description="Not the side that claims."),
            404: OpenApiResponse(ErrorSerializer, description="Not a voucher you may see."),
            409: OpenApiResponse(
                ErrorSerializer,
                description="The voucher is not delivered, or its claim is not open to changes.",
            ),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        voucher = self._voucher(code)
        existing = Claim.objects.filter(voucher=voucher).first()
        again = existing is not None and existing.status == ClaimStatus.CHANGES_REQUESTED
        serializer_class = ResubmitRequestSerializer if again else ClaimRequestSerializer
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            if again:
                assert existing is not None
                claim = claim_resubmit(claim=existing, by=request.user, **data)
            elif existing is not None:
                raise VoucherError(
                    _(
                        "Voucher %(code)s already has a claim (%(status)s); it can be sent "
                        "again only when staff ask for changes."
                    )
                    % {"code": voucher.code, "status": existing.get_status_display()},
                    "wrong_claim_state",
                    status=existing.status,
                )
            else:
                claim = claim_submit(
                    voucher=voucher,
                    by=request.user,
                    amount=data["amount"],
                    invoice_number=data["invoice_number"],
                    invoice_date=data["invoice_date"],
                    invoice=data["invoice"],
                    delivery_proof=data["delivery_proof"],
                    co_payment_proof=data.get("co_payment_proof"),
                    note=data.get("note", ""),
                )
        except VoucherError as error:
            return refusal(error)
        return Response(
            ClaimStateSerializer(claim).data,
            status=status.HTTP_200_OK if again else status.HTTP_201_CREATED,
        )
