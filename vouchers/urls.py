"""The vouchers pages: every sub-domain's urls, included once by the site under /vouchers/.

The fixed paths (the provider directory, the provider's work) come before the pages of one
voucher, whose code is the last part of their path.
"""

from django.urls import include, path

urlpatterns = [
    path("", include("vouchers.providers.urls")),
    path("", include("vouchers.redemption.urls")),
    path("", include("vouchers.claims.urls")),
    path("", include("vouchers.issuance.urls")),
]
