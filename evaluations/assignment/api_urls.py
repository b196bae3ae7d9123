from django.urls import path

from evaluations.assignment.api import AssignEvaluatorsView, TaskDetailView

urlpatterns: list = [
    path(
        "calls/<slug:slug>/assign-evaluators/",
        AssignEvaluatorsView.as_view(),
        name="call-assign-evaluators",
    ),
    path("tasks/<uuid:task_id>/", TaskDetailView.as_view(), name="task-detail"),
]
