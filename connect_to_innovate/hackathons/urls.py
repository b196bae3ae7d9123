"""The hackathon pages, under /connect/hackathons/."""

from django.urls import path

from connect_to_innovate.hackathons import views

urlpatterns = [
    path("", views.hackathon_list, name="connect_hackathon_list"),
    path("mine/", views.my_hackathons, name="connect_hackathon_mine"),
    path("<slug:slug>/", views.hackathon_detail, name="connect_hackathon_detail"),
    path("<slug:slug>/challenge/", views.challenge_submit, name="connect_hackathon_challenge"),
    path("<slug:slug>/sign-up/", views.signup_create, name="connect_hackathon_signup"),
    path("<slug:slug>/withdraw/", views.signup_withdraw, name="connect_hackathon_withdraw"),
    path("<slug:slug>/teams/<int:pk>/", views.team_detail, name="connect_hackathon_team"),
]
