"""The acceleration pages: every sub-domain's urls, included once by the site under /acceleration/."""

from django.urls import include, path

urlpatterns: list = [
    path("investors/", include("acceleration.investors.urls")),
    path("introductions/", include("acceleration.introductions.urls")),
    path("demo-day/", include("acceleration.demoday.urls")),
]
