"""Rows for the acceleration tests: an acceleration call with published results and its
selected applications, a cohort, participants with a member each, mentors, sessions and
KPI reports. The services are tested on them; the factories only set up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from acceleration.models import (
    Cohort,
    KpiReport,
    MentorProfile,
    Participant,
    Session,
)
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, TenantOwnedFactory, UserFactory


def acceleration_call(tenant: Any, *, status: str = "results", kind: str = "acceleration") -> Any:
    return CallFactory(
        tenant=tenant,
        kind=kind,
        status=status,
        opens_at=timezone.now() - timedelta(days=200),
        deadline=timezone.now() - timedelta(days=150),
    )


def application_with_outcome(
    call: Any, *, status: str, published_outcome: str = "", owner: Any = None, name: str = ""
) -> Any:
    owner = owner or UserFactory()
    organisation = OrganisationFactory(owner=owner, **({"legal_name": name} if name else {}))
    return ApplicationFactory(
        call=call,
        tenant=call.tenant,
        organisation=organisation,
        created_by=owner,
        status=status,
        published_outcome=published_outcome,
        submitted_at=call.deadline - timedelta(days=1),
    )


class CohortFactory(TenantOwnedFactory):
    class Meta:
        model = Cohort

    call = factory.LazyAttribute(lambda cohort: acceleration_call(cohort.tenant))
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    name = factory.Sequence(lambda n: f"Acceleration cohort {n}")
    starts_on = date(2025, 1, 15)
    ends_on = date(2026, 6, 30)
    status = "running"


class ParticipantFactory(TenantOwnedFactory):
    class Meta:
        model = Participant

    cohort = factory.SubFactory(CohortFactory)
    tenant = factory.SelfAttribute("cohort.tenant")
    application = factory.LazyAttribute(
        lambda participant: application_with_outcome(
            participant.cohort.call, status="main_list", published_outcome="main_list"
        )
    )
    organisation = factory.SelfAttribute("application.organisation")


class MentorFactory(TenantOwnedFactory):
    class Meta:
        model = MentorProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.Sequence(lambda n: f"Mentor {n}")
    expertise = ["impact measurement"]
    languages = ["en"]
    countries = ["IT"]
    max_mentees = 2


class SessionFactory(TenantOwnedFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    tenant = factory.SelfAttribute("cohort.tenant")
    kind = "workshop"
    title = factory.Sequence(lambda n: f"Workshop {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=3))
    duration_minutes = 90
    place = "Impact Hub, Milano"


class KpiReportFactory(TenantOwnedFactory):
    class Meta:
        model = KpiReport

    participant = factory.SubFactory(ParticipantFactory)
    tenant = factory.SelfAttribute("participant.tenant")
    year = 2025
    quarter = 1
    revenue = Decimal("10000.00")
    jobs_created = 1
    people_reached = 100
    customers = 10
    investment_raised = Decimal("0.00")
    public_contracts_won = 0
    status = "approved"


@dataclass
class Enterprise:
    participant: Participant
    owner: Any


def enterprise_in(cohort: Cohort, *, name: str = "") -> Enterprise:
    """A participant of ``cohort`` whose organisation has an owner (returned)."""
    owner = UserFactory()
    application = application_with_outcome(
        cohort.call, status="main_list", published_outcome="main_list", owner=owner, name=name
    )
    participant = ParticipantFactory(
        cohort=cohort,
        tenant=cohort.tenant,
        application=application,
        organisation=application.organisation,
    )
    return Enterprise(participant=participant, owner=owner)
