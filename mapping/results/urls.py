from django.urls import path

from mapping.results import views

urlpatterns = [
    path("<slug:slug>/results/", views.results_page, name="mapping_results"),
    path("<slug:slug>/results.csv", views.results_csv, name="mapping_results_csv"),
    path("<slug:slug>/results.pdf", views.results_pdf, name="mapping_results_pdf"),
]
