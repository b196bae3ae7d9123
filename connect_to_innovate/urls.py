"""The connect-to-innovate pages: every sub-domain's urls, included once by the site under /connect/."""

from django.urls import include, path

urlpatterns: list = [
    path("hackathons/", include("connect_to_innovate.hackathons.urls")),
]
