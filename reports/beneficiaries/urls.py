from django.urls import path

from reports.beneficiaries import views

urlpatterns = [
    path("", views.beneficiary_list, name="beneficiaries"),
    path("open-data.csv", views.beneficiary_open_data_csv, name="beneficiaries_open_data_csv"),
    path("open-data.json", views.beneficiary_open_data_json, name="beneficiaries_open_data_json"),
]
