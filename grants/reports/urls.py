from django.urls import path

from grants.reports import views

urlpatterns = [
    path("reports/<int:pk>/", views.report_edit, name="grants_report"),
    path("reports/<int:pk>/autosave/", views.report_autosave, name="grants_report_autosave"),
    path(
        "reports/<int:pk>/upload/<slug:field_key>/",
        views.report_upload,
        name="grants_report_upload",
    ),
    path("reports/<int:pk>/files/<int:file_pk>/", views.report_file, name="grants_report_file"),
]
