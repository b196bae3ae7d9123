"""The participants' page, at /acceleration/."""

from __future__ import annotations

from django.urls import URLPattern, path

from acceleration.cohorts import views

urlpatterns: list[URLPattern] = [
    path("", views.mine, name="acceleration_mine"),
]
