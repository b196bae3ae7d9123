from typing import Any

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.urls import include, path, re_path
from django.utils.decorators import method_decorator
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from applications.api import ApplicationViewSet
from calls.api import CallViewSet
from connect_to_innovate.challenges.api import ChallengeViewSet
from connect_to_innovate.offers.api import OfferViewSet
from grants.duplicates.api import DuplicateFlagViewSet
from grants.offers.api import AwardViewSet
from organisations.api import OrganisationViewSet
from socialtech.accounts.api import TokenView
from socialtech.api_errors import api_not_found
from vouchers.claims.api import VoucherClaimView
from vouchers.issuance.api import VoucherViewSet


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents ``Authorization: Token <key>`` in the OpenAPI schema."""

    target_class = "socialtech.accounts.api_auth.TenantTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token from POST /api/v1/auth/token/, sent as 'Token <key>'.",
        }


@method_decorator(
    csp_replace(
        {
            # ReDoc's bundle injects <style> elements as it loads, before any nonce could be
            # given to it; on this page only, styles (never scripts) may be inline. Its
            # search index runs in a worker made from a blob.
            "style-src": [SELF, UNSAFE_INLINE],
            "worker-src": [SELF, "blob:"],
        }
    ),
    name="dispatch",
)
class OfflineRedocView(SpectacularRedocView):
    """ReDoc without the Google Fonts links nor the inline script of drf-spectacular's page:
    every asset is local, started from a static script."""

    template_name = "api/redoc.html"


class SwaggerView(SpectacularSwaggerView):
    """Swagger UI started from a static script: no inline script or style on the page."""

    template_name = "api/swagger_ui.html"


router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("calls", CallViewSet, basename="call")
router.register("applications", ApplicationViewSet, basename="application")
router.register("awards", AwardViewSet, basename="award")
router.register("duplicate-flags", DuplicateFlagViewSet, basename="duplicate-flag")
router.register("vouchers", VoucherViewSet, basename="voucher")
router.register("challenges", ChallengeViewSet, basename="challenge")
router.register("offers", OfferViewSet, basename="offer")

urlpatterns = [
    path("v1/auth/token/", TokenView.as_view(), name="api_token"),
    path("v1/", include("evaluations.assignment.api_urls")),
    path("v1/", include("evaluations.workspace.api_urls")),
    path("v1/", include("reports.exports.api_urls")),
    path("v1/", include("reports.budget.api_urls")),
    path("v1/vouchers/<str:code>/claims/", VoucherClaimView.as_view(), name="api_voucher_claims"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("redoc/", OfflineRedocView.as_view(url_name="api_schema"), name="api_redoc"),
    # Last: any other path under /api/ is a JSON 404, never the site's HTML page.
    re_path(r"^(?P<path>[\s\S]*)$", api_not_found, name="api_not_found"),
]
