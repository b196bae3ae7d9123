"""The learning paths' pages, under /training/paths/."""

from django.urls import path

from upskilling.paths import views

urlpatterns = [
    path("", views.path_list, name="upskilling_paths"),
    path("<slug:slug>/", views.path_detail, name="upskilling_path"),
    path("<slug:slug>/badge/", views.badge_collect, name="upskilling_path_badge"),
]
