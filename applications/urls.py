from django.urls import path

from applications import views
from applications.drafts import views as draft_views
from applications.receipts import views as receipt_views
from applications.submission import views as submission_views

urlpatterns = [
    path("", views.application_dashboard, name="application_dashboard"),
    path("start/<slug:slug>/", views.application_start, name="application_start"),
    path("<int:pk>/", draft_views.application_edit, name="application_edit"),
    path("<int:pk>/autosave/", draft_views.application_autosave, name="application_autosave"),
    path(
        "<int:pk>/files/<slug:field_key>/",
        draft_views.application_upload,
        name="application_upload",
    ),
    path("<int:pk>/review/", submission_views.application_review, name="application_review"),
    path("<int:pk>/submit/", submission_views.application_submit, name="application_submit"),
    path(
        "<int:pk>/submitted/",
        submission_views.application_confirmation,
        name="application_confirmation",
    ),
    path("<int:pk>/receipt.pdf", receipt_views.application_receipt, name="application_receipt"),
    path(
        "<int:pk>/answers.pdf",
        submission_views.application_answers_pdf,
        name="application_answers_pdf",
    ),
    path("<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.application_attachment,
        name="application_attachment",
    ),
]
