from django.urls import path

from evaluations import redress_views

urlpatterns = [
    path("", redress_views.results_list, name="results_list"),
    path("<int:pk>/", redress_views.results_detail, name="results_detail"),
    path("<int:pk>/summary.pdf", redress_views.results_esr, name="results_esr"),
]
