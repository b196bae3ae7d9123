from django.urls import path
from django.views.generic import TemplateView

# Placeholder until the applicant pages land.
urlpatterns = [
    path("", TemplateView.as_view(template_name="home.html"), name="application_dashboard"),
]
