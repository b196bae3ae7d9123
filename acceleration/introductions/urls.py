"""The introductions' pages, under /acceleration/introductions/."""

from django.urls import path

from acceleration.introductions import views

urlpatterns = [
    path("", views.my_introductions, name="acceleration_introduction_mine"),
    path("received/", views.received_introductions, name="acceleration_introduction_received"),
    path("<int:pk>/", views.introduction_detail, name="acceleration_introduction_detail"),
]
