"""The technology offer pages, under /connect/offers/."""

from django.urls import path

from connect_to_innovate.offers import views

urlpatterns = [
    path("", views.offer_list, name="c2i_offer_list"),
    path("mine/", views.offer_mine, name="c2i_offer_mine"),
    path("new/", views.offer_new, name="c2i_offer_new"),
    path("<int:pk>/", views.offer_detail, name="c2i_offer_detail"),
    path("<int:pk>/edit/", views.offer_edit, name="c2i_offer_edit"),
    path("<int:pk>/submit/", views.offer_submit, name="c2i_offer_submit"),
    path("<int:pk>/close/", views.offer_close, name="c2i_offer_close"),
]
