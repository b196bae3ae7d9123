"""The badges' pages and public documents, under /training/badges/."""

from __future__ import annotations

from django.urls import URLPattern, path

from upskilling.badges import views

urlpatterns: list[URLPattern] = [
    path("mine/", views.my_badges, name="upskilling_badges_mine"),
    path("verify/", views.badge_verify, name="upskilling_badge_verify"),
    path("issuer.json", views.issuer_json, name="upskilling_badge_issuer"),
    path("revocations.json", views.revocations_json, name="upskilling_badge_revocations"),
    path("keys/<uuid:kid>.json", views.key_json, name="upskilling_badge_key"),
    path("paths/<slug:slug>/class.json", views.badge_class_json, name="upskilling_badge_class"),
    path("paths/<slug:slug>/image.svg", views.badge_image, name="upskilling_badge_image"),
    path("<str:code>/", views.badge_page, name="upskilling_badge"),
    path("<str:code>/assertion.json", views.assertion_json, name="upskilling_badge_assertion"),
    path("<str:code>/badge.jws", views.badge_jws, name="upskilling_badge_jws"),
    path("<str:code>/badge.json", views.badge_json_download, name="upskilling_badge_download"),
]
