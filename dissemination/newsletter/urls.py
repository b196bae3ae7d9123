"""The newsletter pages, under /newsletter/."""

from django.urls import path

from dissemination.newsletter import views

urlpatterns = [
    path("", views.newsletter_subscribe, name="dissemination_newsletter_subscribe"),
    path("confirm/<str:token>/", views.newsletter_confirm, name="dissemination_newsletter_confirm"),
    path(
        "unsubscribe/<str:token>/",
        views.newsletter_unsubscribe,
        name="dissemination_newsletter_unsubscribe",
    ),
]
