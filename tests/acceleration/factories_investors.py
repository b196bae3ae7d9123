"""Rows of the investors, introductions and demo-day sub-domains, made through their
services as staff and members would; cohorts and participants through the ORM (their
services belong to the cohorts sub-domain)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

from django.utils import timezone

from acceleration.demoday import services as demoday
from acceleration.introductions import services as introductions
from acceleration.investors import services as investors
from acceleration.models import (
    Cohort,
    DemoDay,
    DirectoryEntry,
    Introduction,
    Participant,
    PitchApplication,
)
from socialtech.tenancy.context import get_active_tenant
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory

_numbers = count(1)


def cohort_make(*, status: str = "running", name: str = "") -> Cohort:
    number = next(_numbers)
    tenant = get_active_tenant()
    call = CallFactory(tenant=tenant, kind="acceleration", slug=f"acceleration-{number}")
    return Cohort.objects.create(
        tenant=tenant,
        slug=f"cohort-{number}",
        name=name or f"Cohort {number}",
        call=call,
        starts_on=timezone.localdate() - timedelta(days=30),
        ends_on=timezone.localdate() + timedelta(days=90),
        status=status,
    )


def participant_make(
    *, cohort: Cohort, owner: Any = None, legal_name: str = "", status: str = "active"
) -> Participant:
    organisation = OrganisationFactory(
        owner=owner, **({"legal_name": legal_name} if legal_name else {})
    )
    application = ApplicationFactory(
        tenant=cohort.tenant, call=cohort.call, organisation=organisation, status="submitted"
    )
    return Participant.objects.create(
        tenant=cohort.tenant,
        cohort=cohort,
        organisation=organisation,
        application=application,
        status=status,
    )


def entry_make(
    by: Any, *, kind: str = "investor", published: bool = True, **changes: Any
) -> DirectoryEntry:
    number = next(_numbers)
    values: dict[str, Any] = {
        "name": f"Impact Fund {number}",
        "description": "Patient capital for social enterprises in care and inclusion.",
        "countries": ["IT", "DE"],
        "sectors": ["care", "inclusion"],
        "languages": ["en", "it"],
        "instruments": ["equity", "debt"],
        "ticket_min": Decimal("50000"),
        "ticket_max": Decimal("500000"),
        "website": "https://fund.example.org",
        "contact_name": "Marta Ferri",
        "contact_email": f"marta{number}@fund.example.org",
    }
    if kind == "procurer":
        values.update(
            name=f"City Procurement Office {number}",
            instruments=["innovation_procurement"],
            ticket_min=None,
            ticket_max=None,
            buys="Digital services for home care.",
            procedures="Pre-commercial procurement.",
        )
    values.update(changes)
    return investors.entry_save(by=by, kind=kind, is_published=published, **values)


def introduction_make(
    *, by: Any, participant: Participant, entry: DirectoryEntry, amount: str = "150000"
) -> Introduction:
    is_procurer = entry.kind == "procurer"
    return introductions.introduction_request(
        by=by,
        participant=participant,
        entry=entry,
        reason="We are raising a seed round to open two new care centres.",
        seeking="A home-care scheduling service." if is_procurer else "",
        amount_sought=None if is_procurer else Decimal(amount),
    )


def demo_day_make(by: Any, *, cohort: Cohort, slots: int = 2, **changes: Any) -> DemoDay:
    number = next(_numbers)
    starts = timezone.now() + timedelta(days=20)
    values: dict[str, Any] = {
        "slug": f"demo-day-{number}",
        "title": f"Demo day {number}",
        "description": "The cohort pitches to investors.",
        "starts_at": starts,
        "time_zone": "Europe/Rome",
        "place": "Impact Hub, Via Aosta 4, Milano",
        "applications_close_at": starts - timedelta(days=7),
        "pitch_slots": slots,
        "is_published": True,
    }
    values.update(changes)
    return demoday.demo_day_save(by=by, cohort=cohort, **values)


def pitch_make(*, by: Any, demo_day: DemoDay, participant: Participant) -> PitchApplication:
    return demoday.pitch_apply(
        by=by,
        demo_day=demo_day,
        participant=participant,
        summary="An app that matches carers and families in rural areas.",
        ask="EUR 300,000 seed and introductions to health insurers.",
    )


def today() -> date:
    return timezone.localdate()
