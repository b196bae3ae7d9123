"""The training vouchers' pages, under /training/."""

from __future__ import annotations

from django.urls import URLPattern, path

from upskilling.training import views

urlpatterns: list[URLPattern] = [
    path("courses/<slug:slug>/place/", views.place, name="training_place"),
]
