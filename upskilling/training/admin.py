"""Back office of training vouchers: the courses offered for training vouchers (the
provider, the price per learner, open or not, and the places booked), saved through the
service that refuses a provider not accredited for training; and the read-only list of
the places, each with its voucher's state. Places are booked only from the place page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from socialtech.admin_services import ServiceSavedAdminMixin, service_refusal
from socialtech.tenancy.admin import ReadOnlyAdminMixin, TenantScopedAdminMixin
from upskilling.errors import UpskillingError
from upskilling.models import CourseOffer, TrainingPlace
from upskilling.training import selectors, services


@admin.register(CourseOffer)
class CourseOfferAdmin(ServiceSavedAdminMixin, TenantScopedAdminMixin, admin.ModelAdmin):
    fields = ["course", "provider", "price", "active"]
    list_display = ["course", "provider", "price", "active", "places_booked"]
    list_filter = ["active"]
    search_fields = ["course__title", "provider__organisation__legal_name"]
    ordering = ["course__title", "pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER

    def get_queryset(self, request: HttpRequest) -> QuerySet[CourseOffer]:
        return selectors.offers_for_staff()

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "provider" and field is not None and field.queryset is not None:
            # A provider is named by its organisation: read with it, not once an option.
            field.queryset = field.queryset.select_related("organisation")
        return field

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # An offer is closed (not active), never deleted: its places refer to it.
        return False

    @admin.display(description=_("places booked"), ordering="places_count")
    def places_booked(self, offer: CourseOffer) -> int:
        return int(getattr(offer, "places_count", 0))

    def save_through_service(
        self, request: HttpRequest, obj: CourseOffer, form: Any, change: bool
    ) -> CourseOffer:
        data = form.cleaned_data
        try:
            return services.offer_save(
                by=request.user,
                offer=obj if change else None,
                course=data["course"],
                provider=data["provider"],
                price=data["price"],
                active=data["active"],
            )
        except UpskillingError as error:
            raise service_refusal(error) from None


PLACE_FIELDS: tuple[str, ...] = (
    "voucher_code",
    "course",
    "learner_text",
    "voucher_status",
    "created_at",
)


@admin.register(TrainingPlace)
class TrainingPlaceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["voucher_code", "course", "learner_text", "voucher_status", "created_at"]
    list_filter = ["voucher__status"]
    search_fields = [
        "voucher__code",
        "offer__course__title",
        "learner__email",
        "learner__full_name",
    ]
    ordering = ["-created_at", "-pk"]
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    actions = None
    fields = PLACE_FIELDS
    readonly_fields = PLACE_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[TrainingPlace]:
        return selectors.places_for_staff()

    @admin.display(description=_("voucher code"), ordering="voucher__code")
    def voucher_code(self, place: TrainingPlace) -> str:
        return place.voucher.code

    @admin.display(description=_("course"), ordering="offer__course__title")
    def course(self, place: TrainingPlace) -> str:
        return place.offer.course.title

    @admin.display(description=_("learner"), ordering="learner__email")
    def learner_text(self, place: TrainingPlace) -> str:
        user = place.learner
        return f"{user.full_name} <{user.email}>" if user.full_name else str(user.email)

    @admin.display(description=_("voucher status"), ordering="voucher__status")
    def voucher_status(self, place: TrainingPlace) -> str:
        return str(place.voucher.get_status_display())
