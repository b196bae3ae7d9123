"""Submissions of one call racing on PostgreSQL: every one gets a receipt, the numbers are
unique and consecutive, and the call's counter ends at the number of submissions.

Runs where row locks are real (``DATABASE_URL`` on PostgreSQL); SQLite serialises every
writer on the whole file, so there the race cannot happen and the test is skipped.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from applications.submission.services import application_submit
from calls.models import Call
from tests.applications.test_services import ready_draft
from tests.factories import OrganisationFactory, UserFactory
from tests.grants.test_promotion_race import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL"),
]

SUBMISSIONS = 6


def test_submissions_of_one_call_at_once_get_unique_consecutive_receipts(
    call_a: Call, tenant_a: Any, answers: dict[str, Any]
) -> None:
    drafts = []
    for number in range(SUBMISSIONS):
        user = UserFactory()
        organisation = OrganisationFactory(owner=user, legal_name=f"Cooperative {number}")
        drafts.append((ready_draft(call_a, organisation, user, answers), user))

    submitted = race(
        tenant_a,
        *[
            (lambda draft=draft, user=user: application_submit(application=draft, user=user))
            for draft, user in drafts
        ],
    )

    numbers = sorted(int(application.receipt_number.rsplit("-", 1)[1]) for application in submitted)
    assert numbers == list(range(1, SUBMISSIONS + 1))
    call_a.refresh_from_db()
    assert call_a.submission_counter == SUBMISSIONS
