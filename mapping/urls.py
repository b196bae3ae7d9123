"""The mapping pages: every sub-domain's urls, under /surveys/ and /clusters/ (the site
includes this at its root)."""

from django.urls import include, path

urlpatterns = [
    path("surveys/", include("mapping.assessment.urls")),
    path("surveys/", include("mapping.results.urls")),
    path("surveys/", include("mapping.surveys.urls")),
    path("clusters/", include("mapping.clusters.urls")),
]
