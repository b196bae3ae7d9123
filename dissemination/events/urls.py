"""The event pages, under /events/."""

from django.urls import path

from dissemination.events import views

urlpatterns = [
    path("", views.event_list, name="dissemination_event_list"),
    path("mine/", views.my_registrations, name="dissemination_event_mine"),
    path("<slug:slug>/", views.event_detail, name="dissemination_event_detail"),
    path("<slug:slug>/register/", views.event_register, name="dissemination_event_register"),
    path("<slug:slug>/cancel/", views.registration_cancel, name="dissemination_event_cancel"),
    path("<slug:slug>/event.ics", views.event_ics, name="dissemination_event_ics"),
]
