from django.urls import path

from grants.payments import views

urlpatterns = [
    path("awards/<int:pk>/payments/", views.award_payments, name="grants_payments"),
]
