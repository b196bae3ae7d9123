from django.urls import path

from socialtech.documents import views

urlpatterns = [
    path("verify/", views.document_verify, name="document_verify"),
    path("<str:code>/download/", views.document_download, name="document_download"),
]
