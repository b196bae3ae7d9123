"""``/api/v1/organisations/``: the organisations of the requesting user, and creating one."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings

from organisations import selectors, services
from organisations.models import MemberRole, Organisation


def drf_errors(error: DjangoValidationError) -> dict[str, list[ErrorDetail]] | list[ErrorDetail]:
    """A Django ``ValidationError`` as DRF error details, by field, keeping the codes."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == "__all__" else field): [
                ErrorDetail(message, code=item.code or "invalid")
                for item in items
                for message in item.messages
            ]
            for field, items in error.error_dict.items()
        }
    return [ErrorDetail(message, code=error.code or "invalid") for message in error.messages]


class OrganisationSerializer(serializers.ModelSerializer):
    # Choice fields are plain strings here: the model checks them, so the API and the
    # pages give the same message (e.g. which countries are eligible).
    country = serializers.CharField(
        max_length=2, label=_("country"), help_text=_("ISO 3166-1 alpha-2 code.")
    )
    legal_form = serializers.CharField(max_length=40, label=_("legal form"))
    social_economy_type = serializers.CharField(max_length=40, label=_("social-economy type"))
    turnover_band = serializers.CharField(max_length=20, label=_("annual turnover"))
    balance_sheet_band = serializers.CharField(max_length=20, label=_("annual balance sheet total"))
    is_sme = serializers.BooleanField(read_only=True)
    role = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", *services.EDITABLE_FIELDS, "is_sme", "role"]
        read_only_fields = ["id"]

    @extend_schema_field(serializers.ChoiceField(choices=MemberRole.choices))
    def get_role(self, organisation: Organisation) -> str | None:
        return getattr(organisation, "viewer_role", None)

    def to_representation(self, instance: Organisation) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["country"] = str(instance.country)
        return data

    def create(self, validated_data: dict[str, Any]) -> Organisation:
        try:
            organisation = services.organisation_create(
                created_by=self.context["request"].user, **validated_data
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(drf_errors(error)) from error
        organisation.viewer_role = MemberRole.OWNER  # type: ignore[attr-defined]
        return organisation


class OrganisationViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Organisations the user belongs to (with their ``role``); POST creates one, owned by the user.

    Another user's organisation is a 404.
    """

    serializer_class = OrganisationSerializer
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Organisation]:
        return selectors.organisation_list_for_user(self.request.user)
