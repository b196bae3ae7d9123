"""The connect-to-innovate pages: every sub-domain's urls, included once by the site under /connect/."""

from django.urls import include, path

from connect_to_innovate.challenges import views as challenge_views

urlpatterns: list = [
    path("", challenge_views.connect_home, name="c2i_home"),
    path("challenges/", include("connect_to_innovate.challenges.urls")),
    path("offers/", include("connect_to_innovate.offers.urls")),
    path("connections/", include("connect_to_innovate.connections.urls")),
    path("hackathons/", include("connect_to_innovate.hackathons.urls")),
]
