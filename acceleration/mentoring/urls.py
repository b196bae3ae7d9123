"""Mentors' pages: a session's attendance, and the mentor's own mentees and sessions."""

from __future__ import annotations

from django.urls import URLPattern, path

from acceleration.mentoring import views

urlpatterns: list[URLPattern] = [
    path("sessions/<int:pk>/attendance/", views.attendance, name="acceleration_session_attendance"),
    path("mentoring/", views.mentoring_mine, name="acceleration_mentoring_mine"),
]
