from django.urls import path

from mapping.surveys import views

urlpatterns = [
    path("", views.survey_list, name="mapping_surveys"),
    path("<slug:slug>/", views.survey_page, name="mapping_survey"),
    path("<slug:slug>/autosave/", views.survey_autosave, name="mapping_survey_autosave"),
]
