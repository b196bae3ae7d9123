"""Participants' progress and KPI reports, and the staff's cohort report."""

from __future__ import annotations

from django.urls import URLPattern, path

from acceleration.kpis import views

urlpatterns: list[URLPattern] = [
    path("participants/<int:pk>/", views.participant_page, name="acceleration_participant"),
    path("participants/<int:pk>/report/", views.report_form, name="acceleration_kpi_report"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="acceleration_milestone_done"),
    path("cohorts/<slug:slug>/report/", views.cohort_overview, name="acceleration_cohort_report"),
    path("cohorts/<slug:slug>/report.csv", views.cohort_csv, name="acceleration_cohort_report_csv"),
    path("cohorts/<slug:slug>/report.pdf", views.cohort_pdf, name="acceleration_cohort_report_pdf"),
]
