from django.urls import path

from reports.exports.api import FundingReportView

urlpatterns: list = [
    path("reports/funding/", FundingReportView.as_view(), name="reports-funding"),
]
