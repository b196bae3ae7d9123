"""The applicant's results and redress pages, mounted at /results/."""

from django.urls import path

from evaluations.redress import views

urlpatterns = [
    path("", views.results_list, name="results_list"),
    path("<int:pk>/", views.results_detail, name="results_detail"),
    path("<int:pk>/summary.pdf", views.results_esr, name="results_esr"),
]
