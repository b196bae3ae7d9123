"""The challenge pages, under /connect/challenges/."""

from django.urls import path

from connect_to_innovate.challenges import views

urlpatterns = [
    path("", views.challenge_list, name="c2i_challenge_list"),
    path("mine/", views.challenge_mine, name="c2i_challenge_mine"),
    path("new/", views.challenge_new, name="c2i_challenge_new"),
    path("<int:pk>/", views.challenge_detail, name="c2i_challenge_detail"),
    path("<int:pk>/edit/", views.challenge_edit, name="c2i_challenge_edit"),
    path("<int:pk>/submit/", views.challenge_submit, name="c2i_challenge_submit"),
    path("<int:pk>/close/", views.challenge_close, name="c2i_challenge_close"),
]
