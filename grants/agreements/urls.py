from django.urls import path

from grants.agreements import views

urlpatterns = [
    path(
        "awards/<int:pk>/agreement/v<int:version>.pdf",
        views.agreement_download,
        name="grants_agreement_download",
    ),
]
