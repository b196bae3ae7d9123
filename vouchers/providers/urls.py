"""The service providers' pages under /vouchers/providers/."""

from django.urls import path

from vouchers.providers import views

urlpatterns = [
    path("providers/", views.provider_directory, name="vouchers_directory"),
    path("providers/apply/", views.provider_apply, name="vouchers_provider_apply"),
    path("providers/<int:pk>/", views.provider_detail, name="vouchers_provider"),
]
