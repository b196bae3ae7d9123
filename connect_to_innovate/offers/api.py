"""GET /api/v1/offers/: the programme's published technology offers, newest first,
paginated (``{"count", "next", "previous", "results"}``), filtered like the list page.
Anyone may read it; nothing is written here."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from connect_to_innovate.filters import list_filters
from connect_to_innovate.models import TechnologyOffer
from connect_to_innovate.offers.selectors import public_offers


class OfferSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.display_name")
    technologies = serializers.ListField(source="tags", child=serializers.CharField())
    sectors = serializers.ListField(child=serializers.CharField())
    countries = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = TechnologyOffer
        fields = [
            "id",
            "title",
            "organisation",
            "provider_type",
            "description",
            "technologies",
            "sectors",
            "countries",
            "languages",
            "published_at",
        ]


class OfferViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Published technology offers of the programme, newest first."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    serializer_class = OfferSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[TechnologyOffer]:
        if getattr(self, "swagger_fake_view", False):
            return TechnologyOffer.unscoped.none()
        filters, _problems = list_filters(self.request.query_params)
        return public_offers(filters)
