"""The certificates' pages, under /courses/."""

from __future__ import annotations

from django.urls import URLPattern, path

from mooc.certificates import views

urlpatterns: list[URLPattern] = [
    path(
        "certificates/<int:pk>/pdf/",
        views.certificate_pdf,
        name="mooc_certificate",
    ),
]
