"""The evaluator's workspace, mounted at /evaluation/."""

from django.urls import path

from evaluations import workspace_views as views

urlpatterns = [
    path("", views.workspace, name="evaluation_workspace"),
    path("calls/<int:call_id>/", views.call_invitation, name="evaluation_invitation"),
    path("calls/<int:call_id>/bids/", views.call_bids, name="evaluation_bids"),
    path("<int:pk>/declaration/", views.assignment_declaration, name="evaluation_declaration"),
    path("<int:pk>/review/", views.assignment_review, name="evaluation_review"),
    path("<int:pk>/autosave/", views.assignment_autosave, name="evaluation_autosave"),
    path(
        "<int:pk>/files/<int:attachment_pk>/",
        views.assignment_attachment,
        name="evaluation_attachment",
    ),
]
