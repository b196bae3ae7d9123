from django.urls import path

from organisations import views

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<int:pk>/invite/", views.organisation_invite, name="organisation_invite"),
    path(
        "<int:pk>/members/<int:member_pk>/remove/",
        views.organisation_member_remove,
        name="organisation_member_remove",
    ),
    path(
        "invitations/<str:token>/",
        views.organisation_invitation_accept,
        name="organisation_invitation_accept",
    ),
]
