from django.urls import path

from grants.offers import views

urlpatterns = [
    path("offers/<int:pk>/", views.offer_detail, name="grants_offer"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="grants_offer_accept"),
    path("offers/<int:pk>/decline/", views.offer_decline, name="grants_offer_decline"),
]
