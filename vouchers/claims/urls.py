from django.urls import path

from vouchers.claims import views

urlpatterns = [
    path("<str:code>/claim/", views.claim_page, name="vouchers_claim"),
    path("<str:code>/claim/<str:which>/", views.claim_file, name="vouchers_claim_file"),
]
