"""The course library's pages under /courses/ (after the learning and certificate pages,
whose fixed paths "mine/" and "certificates/" come first)."""

from django.urls import path

from mooc.catalogue import views

urlpatterns = [
    path("", views.catalogue, name="mooc_catalogue"),
    path("<slug:slug>/", views.course_detail, name="mooc_course"),
]
