"""The upskilling pages: every sub-domain's urls, included once by the site under /training/."""

from django.urls import include, path

urlpatterns = [
    path("paths/", include("upskilling.paths.urls")),
    path("badges/", include("upskilling.badges.urls")),
    path("", include("upskilling.training.urls")),
]
