"""GET /api/v1/challenges/: the programme's published challenges, newest first, paginated
(``{"count", "next", "previous", "results"}``), filtered like the list page (``sector``,
``country``, ``language``, ``q``). Anyone may read it; nothing is written here."""

from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer

from connect_to_innovate.challenges.selectors import public_challenges
from connect_to_innovate.filters import list_filters
from connect_to_innovate.models import Challenge


class ChallengeSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.display_name")
    country = serializers.CharField()
    budget_min = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    budget_max = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)
    languages = serializers.ListField(child=serializers.CharField())
    tags = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Challenge
        fields = [
            "id",
            "title",
            "organisation",
            "problem",
            "target_group",
            "sector",
            "country",
            "languages",
            "budget_min",
            "budget_max",
            "tags",
            "published_at",
        ]


class ChallengeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Published challenges of the programme, newest first."""

    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    serializer_class = ChallengeSerializer
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Challenge]:
        if getattr(self, "swagger_fake_view", False):
            return Challenge.unscoped.none()
        filters, _problems = list_filters(self.request.query_params)
        return public_challenges(filters)
