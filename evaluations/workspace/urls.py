"""The evaluator's workspace, mounted at /evaluation/."""

from django.urls import path

from evaluations.workspace import views

urlpatterns = [
    path("", views.workspace, name="evaluation_workspace"),
    path("<int:pk>/declaration/", views.assignment_declaration, name="evaluation_declaration"),
    path("<int:pk>/review/", views.assignment_review, name="evaluation_review"),
    path("<int:pk>/autosave/", views.assignment_autosave, name="evaluation_autosave"),
    path(
        "<int:pk>/files/<int:attachment_pk>/",
        views.assignment_attachment,
        name="evaluation_attachment",
    ),
]
