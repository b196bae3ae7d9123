"""Every page of the evaluation outside the admin, one URL module per sub-domain."""

from django.urls import include, path

urlpatterns = [
    path("evaluation/", include("evaluations.workspace.urls")),
    path("evaluation/", include("evaluations.pool.urls")),
    path("results/", include("evaluations.redress.urls")),
]
