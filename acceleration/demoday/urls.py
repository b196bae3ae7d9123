"""The demo day's pages, under /acceleration/demo-day/."""

from django.urls import path

from acceleration.demoday import views

urlpatterns = [
    path("<slug:slug>/", views.demo_day_detail, name="acceleration_demo_day_detail"),
    path("<slug:slug>/apply/", views.pitch_apply, name="acceleration_demo_day_apply"),
]
