from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from socialtech import views
from socialtech.accounts import rate_limits
from socialtech.accounts import views as account_views
from socialtech.tenancy.views import tenant_logo

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("branding/logo", tenant_logo, name="tenant_logo"),
    path("admin/", admin.site.urls),
    # allauth's login page, answering 429 with Retry-After when the account is locked.
    path("accounts/login/", account_views.login, name="account_login"),
    # allauth's second-factor steps, answering 429 with Retry-After after too many codes.
    path("accounts/2fa/authenticate/", rate_limits.mfa_authenticate, name="mfa_authenticate"),
    path("accounts/2fa/reauthenticate/", rate_limits.mfa_reauthenticate, name="mfa_reauthenticate"),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("socialtech.accounts.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("documents/", include("socialtech.documents.urls")),
    # The short address people type from a printed page; the code in the query is kept.
    path(
        "verify/",
        RedirectView.as_view(pattern_name="document_verify", query_string=True, permanent=False),
        name="document_verify_short",
    ),
    path("organisations/", include("organisations.urls")),
    path("calls/", include("calls.urls")),
    path("applications/", include("applications.urls")),
    path("", include("evaluations.urls")),
    path("grants/", include("grants.urls")),
    path("vouchers/", include("vouchers.urls")),
    path("courses/", include("mooc.urls")),
    path("training/", include("upskilling.urls")),
    path("", include("mapping.urls")),
    path("connect/", include("connect_to_innovate.urls")),
    path("acceleration/", include("acceleration.urls")),
    path("", include("reports.urls")),
    path("", include("dissemination.urls")),
    path("privacy/", include("privacy.urls")),
    path("api/", include("api.urls")),
]
# Under /api/ each of these answers JSON {"detail", "code"}; elsewhere the site's page.
handler400 = "socialtech.views.bad_request"
handler403 = "socialtech.views.permission_denied"
handler404 = "socialtech.views.page_not_found"
handler500 = "socialtech.views.server_error"
# allauth's refusal of too many sign-ups or password resets: 429 with Retry-After.
handler429 = "socialtech.accounts.rate_limits.too_many_requests"
