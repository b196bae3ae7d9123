"""The course pages: every sub-domain's urls, included once by the site under /courses/."""

from django.urls import include, path

urlpatterns = [
    path("", include("mooc.learning.urls")),
    path("", include("mooc.certificates.urls")),
    path("", include("mooc.catalogue.urls")),
]
