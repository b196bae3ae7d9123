"""``/api/v1/calls/``: the programme's published calls, and one call with its form and criteria.

Anyone may read them (no account, no second factor). Drafts do not exist here (404). Texts
come in the request's language (``Accept-Language`` or the user's preference), with the
usual fallbacks of :func:`socialtech.i18n.localise`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from calls.filters import CallFilter, CallFilterBackend
from calls.models import (
    Call,
    CallKind,
    CallStatus,
    Criterion,
    FieldType,
    FormField,
    WorkPackage,
)
from calls.selectors import call_list_public
from socialtech.i18n import localise


def call_detail_public() -> QuerySet[Call]:
    """The public calls, each with its form fields and criteria in one query apiece."""
    return call_list_public().prefetch_related(
        Prefetch("fields", queryset=FormField.objects.order_by("order", "pk")),
        Prefetch("criteria", queryset=Criterion.objects.order_by("order", "pk")),
    )


class OptionSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]


class FormFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField(source="label_text")  # type: ignore[assignment]
    type = serializers.ChoiceField(choices=FieldType.choices)
    required = serializers.BooleanField()  # type: ignore[assignment]
    help = serializers.CharField(source="help_text")
    options = serializers.SerializerMethodField()
    max_words = serializers.IntegerField(allow_null=True)
    max_bytes = serializers.IntegerField(allow_null=True)
    allowed_types = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(OptionSerializer(many=True))
    def get_options(self, field: FormField) -> list[dict[str, str]]:
        return [{"value": value, "label": label} for value, label in field.option_pairs()]


class CriterionSerializer(serializers.Serializer):
    name = serializers.CharField(source="name_text")
    description = serializers.CharField(source="description_text")
    weight = serializers.DecimalField(max_digits=4, decimal_places=2)
    threshold = serializers.DecimalField(max_digits=3, decimal_places=1)


class CallSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.SerializerMethodField()
    kind = serializers.ChoiceField(choices=CallKind.choices)
    status = serializers.SerializerMethodField(
        help_text=_("The status the clock says: an announced call is open from its opening.")
    )
    work_package: serializers.SlugRelatedField[WorkPackage] = serializers.SlugRelatedField(
        slug_field="code",
        read_only=True,
        allow_null=True,
        help_text=_("The code of the programme's work package the call is filed under, e.g. wp5."),
    )
    opens_at = serializers.DateTimeField()
    deadline = serializers.DateTimeField()
    timezone = serializers.CharField(help_text=_("The call's time zone, e.g. Europe/Brussels."))
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, help_text=_("EUR."))

    def get_title(self, call: Call) -> str:
        return localise(call.title)

    @extend_schema_field(serializers.ChoiceField(choices=CallStatus.choices))
    def get_status(self, call: Call) -> str:
        now = self.context.get("now") or timezone.now()
        return call.effective_status(now)


class CallDetailSerializer(CallSerializer):
    # "fields" is a contract key, but also the name of Serializer.fields: added here.
    def get_fields(self) -> dict[str, serializers.Field]:
        declared = super().get_fields()
        declared["fields"] = FormFieldSerializer(many=True, read_only=True)
        declared["criteria"] = CriterionSerializer(many=True, read_only=True)
        return declared


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Published calls of the programme; filter by ``status`` (as the clock says), ``kind``
    and ``work_package``. The detail adds the application form (``fields``) and ``criteria``.
    """

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    filter_backends = [CallFilterBackend]
    filterset_class = CallFilter
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Call]:
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no programme
            return Call.unscoped.none()
        if self.action == "retrieve":
            return call_detail_public()
        return call_list_public()

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.action == "retrieve":
            return CallDetailSerializer
        return CallSerializer

    def get_serializer_context(self) -> dict[str, Any]:
        # One clock for the whole page, so every row's status is judged at the same moment.
        return {**super().get_serializer_context(), "now": timezone.now()}
