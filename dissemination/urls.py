"""The dissemination pages: news under /news/, events under /events/, the newsletter under
/newsletter/, the programme's figures and results under /programme/."""

from django.urls import include, path

urlpatterns = [
    path("news/", include("dissemination.news.urls")),
    path("events/", include("dissemination.events.urls")),
    path("newsletter/", include("dissemination.newsletter.urls")),
    path("programme/", include("dissemination.figures.urls")),
]
