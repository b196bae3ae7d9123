from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from socialtech import views
from socialtech.tenancy.views import tenant_logo

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("branding/logo", tenant_logo, name="tenant_logo"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("socialtech.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("documents/", include("socialtech.documents.urls")),
    path("organisations/", include("organisations.urls")),
    path("calls/", include("calls.urls")),
    path("applications/", include("applications.urls")),
    path("api/", include("api.urls")),
]
