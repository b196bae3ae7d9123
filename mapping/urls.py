"""The mapping pages: every sub-domain's urls, under /surveys/ (the site includes this at its root)."""

from django.urls import include, path

urlpatterns = [
    path("surveys/", include("mapping.assessment.urls")),
    path("surveys/", include("mapping.surveys.urls")),
]
