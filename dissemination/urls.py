"""The dissemination pages: news under /news/, events under /events/."""

from django.urls import include, path

urlpatterns = [
    path("news/", include("dissemination.news.urls")),
    path("events/", include("dissemination.events.urls")),
]
