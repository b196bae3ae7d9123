from django.urls import path

from grants.signature import views

urlpatterns = [
    path("awards/<int:pk>/agreement/", views.agreement_page, name="grants_agreement"),
    path("awards/<int:pk>/agreement/sign/", views.agreement_sign, name="grants_agreement_sign"),
    path(
        "awards/<int:pk>/agreement/upload/",
        views.agreement_upload,
        name="grants_agreement_upload",
    ),
    path(
        "awards/<int:pk>/agreement/v<int:version>-signed.pdf",
        views.signed_copy_download,
        name="grants_agreement_signed_copy",
    ),
]
