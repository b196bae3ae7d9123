from typing import Any

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path, re_path
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.request import Request
from rest_framework.routers import DefaultRouter

from applications.api import ApplicationViewSet
from calls.api import CallViewSet
from organisations.api import OrganisationViewSet
from socialtech.accounts.api import TokenView
from socialtech.api_errors import api_not_found


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


class OfflineRedocView(SpectacularRedocView):
    """ReDoc without the Google Fonts links of drf-spectacular's page: every asset is local."""

    page = engines["django"].from_string(
        '{% extends "drf_spectacular/redoc.html" %}{% block head %}'
        '<title>{{ title|default:"Redoc" }}</title><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body { margin: 0; padding: 0; }</style>{% endblock head %}"
    )

    @extend_schema(exclude=True)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().get(request, *args, **kwargs)
        return HttpResponse(self.page.render(response.data, request))


router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("calls", CallViewSet, basename="call")
router.register("applications", ApplicationViewSet, basename="application")

urlpatterns = [
    path("v1/auth/token/", TokenView.as_view(), name="api_token"),
    path("v1/", include("evaluations.api_urls_staff")),
    path("v1/", include("evaluations.api_urls_reviews")),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("redoc/", OfflineRedocView.as_view(url_name="api_schema"), name="api_redoc"),
    # Last: any other path under /api/ is a JSON 404, never the site's HTML page.
    re_path(r"^(?P<path>[\s\S]*)$", api_not_found, name="api_not_found"),
]
