from django.urls import path

from vouchers.issuance import views

# The voucher's own pages end the vouchers' paths: the fixed paths of the other sub-domains
# (providers/, work/) are included before these.
urlpatterns = [
    path("", views.voucher_list, name="vouchers_list"),
    path("<str:code>/", views.voucher_detail, name="vouchers_detail"),
    path("<str:code>/pdf/", views.voucher_pdf, name="vouchers_pdf"),
]
