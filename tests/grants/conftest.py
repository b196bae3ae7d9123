"""A call with published results: main and reserve lists in ranking order, built as rows
(the evaluation tests walk the road to them; here only the outcome matters)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from evaluations.models import RankingRun
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, UserFactory

S = ApplicationStatus


@dataclass
class Ranked:
    call: Any
    rows: list[Application] = field(default_factory=list)
    owners: dict[int, Any] = field(default_factory=dict)

    def add(
        self,
        status: str,
        requested: str,
        *,
        published: bool = True,
        organisation: Any = None,
        owner: Any = None,
    ) -> Application:
        if organisation is None:
            owner = owner or UserFactory()
            organisation = OrganisationFactory(owner=owner)
        application = ApplicationFactory(
            call=self.call,
            tenant=self.call.tenant,
            organisation=organisation,
            created_by=owner or UserFactory(),
            status=status,
            published_outcome=status if published else "",
            requested_amount=Decimal(requested),
            submitted_at=timezone.now() - timedelta(days=30),
            receipt_number=f"ALPHA-{self.call.reference}-{len(self.rows) + 1:06d}",
        )
        self.rows.append(application)
        if owner is not None:
            self.owners[application.pk] = owner
        return application

    def rank(self, by: Any) -> RankingRun:
        """The ranking of the rows in the order they were added."""
        return RankingRun.unscoped.create(
            tenant=self.call.tenant,
            call=self.call,
            seed=1,
            budget=self.call.budget,
            created_by=by,
            results=[
                {"application": row.pk, "rank": place, "outcome": row.status}
                for place, row in enumerate(self.rows, start=1)
            ],
        )


def deadline(days: int = 14) -> Any:
    return timezone.now() + timedelta(days=days)


@pytest.fixture
def results_call(in_tenant_a: Any) -> Any:
    return CallFactory(
        tenant=in_tenant_a,
        status="results",
        opens_at=timezone.now() - timedelta(days=90),
        deadline=timezone.now() - timedelta(days=60),
        budget=Decimal("100000.00"),
    )


@pytest.fixture
def ranked(results_call: Any) -> Ranked:
    return Ranked(call=results_call)


@pytest.fixture
def committing(django_capture_on_commit_callbacks: Any) -> Any:
    """``with committing(execute=True):`` runs what a service queues on commit, as a commit would."""
    return django_capture_on_commit_callbacks
