"""The connection pages, under /connect/connections/."""

from django.urls import path

from connect_to_innovate.connections import views

urlpatterns = [
    path("", views.connections_mine, name="c2i_connections"),
    path("new/", views.interest_new, name="c2i_interest_new"),
    path("<int:pk>/", views.interest_detail, name="c2i_interest_detail"),
    path("<int:pk>/accept/", views.interest_accept, name="c2i_interest_accept"),
    path("<int:pk>/decline/", views.interest_decline, name="c2i_interest_decline"),
    path("<int:pk>/messages/", views.message_post, name="c2i_message_post"),
    path("<int:pk>/meetings/", views.meeting_new, name="c2i_meeting_new"),
    path(
        "<int:pk>/joint-application/",
        views.joint_application_start,
        name="c2i_joint_application_start",
    ),
    path("meetings/<int:pk>/confirm/", views.meeting_confirm, name="c2i_meeting_confirm"),
    path("meetings/<int:pk>/decline/", views.meeting_decline, name="c2i_meeting_decline"),
]
