"""The reports app's public pages: every sub-domain's urls, included once by the site."""

from django.urls import include, path

urlpatterns = [
    path("beneficiaries/", include("reports.beneficiaries.urls")),
]
