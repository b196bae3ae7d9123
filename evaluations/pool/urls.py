"""The expert's pages of the pool, mounted under /evaluation/."""

from django.urls import path

from evaluations.pool import views

urlpatterns = [
    path("calls/<int:call_id>/", views.call_invitation, name="evaluation_invitation"),
    path("calls/<int:call_id>/bids/", views.call_bids, name="evaluation_bids"),
]
