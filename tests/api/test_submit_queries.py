"""A submission's cost in queries: nothing re-read that the service has just loaded."""

from __future__ import annotations

from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Application
from tests.api.test_applications import URL, ready

# Request (programme, session, user, roles), whether the row is one of the user's (its id
# only) through the API, then in the service: the locked row with the user's role in its
# organisation, eligibility (3), fields, files, the attempt, the application, the receipt
# number (2 on SQLite, 1 on PostgreSQL) and the audit row.
MOST_QUERIES = 19


def test_a_submission_takes_a_bounded_number_of_queries_and_no_existence_checks(
    applicant_client, open_call, organisation
):
    pk = ready(applicant_client, open_call, organisation)

    with (
        mock.patch("applications.receipts.tasks.send_receipt.apply_async"),
        CaptureQueriesContext(connection) as captured,
    ):
        response = applicant_client.post(f"{URL}{pk}/submit/")

    assert response.status_code == 200, response.content
    statements = [query["sql"] for query in captured.captured_queries]
    assert not [sql for sql in statements if sql.startswith('SELECT 1 AS "a"')]
    assert len(statements) <= MOST_QUERIES, "\n".join(statements)
    stored = Application.unscoped.get(pk=pk)
    assert stored.receipt_number == response.json()["receipt_number"]
    assert stored.receipt_number.endswith("-000001")
