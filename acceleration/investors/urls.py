"""The directory's pages, under /acceleration/investors/."""

from django.urls import path

from acceleration.investors import views

urlpatterns = [
    path("", views.directory, name="acceleration_investor_directory"),
    path("<slug:slug>/", views.entry_detail, name="acceleration_investor_detail"),
    path("<slug:slug>/ask/", views.introduction_request, name="acceleration_introduction_request"),
]
