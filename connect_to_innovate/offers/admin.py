"""Back office of the technology offers: the same review as the challenges (publish, or
return with the reason the poster reads), through the offers' services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from connect_to_innovate.challenges.admin import ReviewAdminMixin
from connect_to_innovate.models import TechnologyOffer
from connect_to_innovate.offers import services


@admin.register(TechnologyOffer)
class TechnologyOfferAdmin(ReviewAdminMixin):
    list_display = ["title", "organisation", "provider_type", "status", "submitted_at"]
    list_filter = ["status", "provider_type"]
    search_fields = ["title", "organisation__legal_name"]
    fields = [
        "title",
        "organisation",
        "provider_type",
        "created_by",
        "status",
        "return_reason",
        "description",
        "tags",
        "sectors",
        "countries",
        "languages",
        "references",
        "submitted_at",
        "published_at",
        "reviewed_by",
        "closed_at",
    ]
    decision_url_name = "connect_to_innovate_technologyoffer_review"

    def approve(self, row: Any, by: Any) -> Any:
        return services.offer_approve(offer=row, by=by)

    def send_back(self, row: Any, by: Any, reason: str) -> Any:
        return services.offer_return(offer=row, by=by, reason=reason)

    def get_queryset(self, request: HttpRequest) -> QuerySet[TechnologyOffer]:
        return (
            super()
            .get_queryset(request)
            .select_related("organisation", "created_by", "reviewed_by")
        )
