from django.urls import path

from mapping.assessment import views

urlpatterns = [
    path("<slug:slug>/result/", views.survey_result, name="mapping_survey_result"),
]
