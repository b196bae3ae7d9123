from django.urls import path

from reports.budget.api import ProgrammeBudgetView

urlpatterns: list = [
    path("reports/budget/", ProgrammeBudgetView.as_view(), name="reports-budget"),
]
