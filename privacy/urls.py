from django.urls import path

from privacy.erasure import views as erasure_views
from privacy.export import views as export_views

urlpatterns = [
    path("my-data.json", export_views.my_data, name="privacy_my_data"),
    path("erase/", erasure_views.erase_account, name="privacy_erase"),
]
