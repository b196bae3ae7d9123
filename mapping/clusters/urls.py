from django.urls import path

from mapping.clusters import views

urlpatterns = [
    path("", views.cluster_list, name="mapping_clusters"),
    path("<slug:slug>/", views.cluster_page, name="mapping_cluster"),
]
