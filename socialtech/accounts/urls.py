from django.urls import path

from socialtech.accounts import views

urlpatterns = [
    path("profile/", views.profile, name="accounts_profile"),
    path("profile/export.json", views.data_export, name="accounts_data_export"),
]
