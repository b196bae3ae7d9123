"""The grants pages: every sub-domain's urls, included once by the site under /grants/."""

from django.urls import include, path

urlpatterns = [
    path("", include("grants.offers.urls")),
    path("", include("grants.agreements.urls")),
    path("", include("grants.signature.urls")),
    path("", include("grants.payments.urls")),
    path("", include("grants.reports.urls")),
]
