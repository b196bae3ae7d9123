"""The acceleration pages: every sub-domain's urls, included once by the site under /acceleration/."""

from django.urls import include, path

urlpatterns = [
    path("investors/", include("acceleration.investors.urls")),
    path("introductions/", include("acceleration.introductions.urls")),
    path("demo-day/", include("acceleration.demoday.urls")),
    path("", include("acceleration.mentoring.urls")),
    path("", include("acceleration.kpis.urls")),
    path("", include("acceleration.cohorts.urls")),
]
