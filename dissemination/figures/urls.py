"""The programme's figures and results, under /programme/."""

from django.urls import path

from dissemination.figures import views

urlpatterns = [
    path("figures/", views.programme_figures, name="dissemination_programme_figures"),
    path("results/", views.programme_results, name="dissemination_programme_results"),
]
