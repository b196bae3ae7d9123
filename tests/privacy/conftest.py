"""A person with data in two programmes, and others around them who must stay untouched.

Ana applies for her cooperative in programme A: a draft, an old unfunded application, and
one that won a grant paid in two tranches (the last on 10 March 2021). She also applied in
programme B ten days ago. Olga, a member of the same cooperative, has her own application in A. Both
are on A's newsletter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from applications.models import ApplicationStatus
from dissemination.models import Subscriber
from grants.models import AwardStatus, Tranche, TrancheStatus, TrancheTrigger
from socialtech.accounts.models import ApiToken
from tests.api.factories import ApplicationFactory, AttachmentFactory
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.grants.factories import AwardFactory

FINAL_PAYMENT = date(2021, 3, 10)


@dataclass
class World:
    ana: Any
    olga: Any
    organisation: Any
    draft: Any
    unfunded: Any
    funded: Any
    award: Any
    tranches: list[Any]
    in_b: Any
    olga_application: Any


def _subscriber(tenant: Any, email: str) -> Subscriber:
    return Subscriber.unscoped.create(
        tenant=tenant, email=email, language="en", status="confirmed", consent_text="Yes"
    )


@pytest.fixture
def world(tenant_a: Any, tenant_b: Any) -> World:
    ana = UserFactory(email="ana@example.org", full_name="Ana Popescu")
    olga = UserFactory(email="olga@example.org", full_name="Olga Lindqvist")
    organisation = OrganisationFactory(owner=ana, editors=[olga])
    old_call = CallFactory(
        tenant=tenant_a,
        opens_at=timezone.now() - timedelta(days=2000),
        deadline=timezone.now() - timedelta(days=1900),
    )
    call = CallFactory(tenant=tenant_a)

    def application(**fields: Any) -> Any:
        fields.setdefault("call", call)
        fields.setdefault("tenant", tenant_a)
        fields.setdefault("organisation", organisation)
        fields.setdefault("created_by", ana)
        return ApplicationFactory(**fields)

    draft = application(status=ApplicationStatus.DRAFT, title="Ana's unfinished draft")
    AttachmentFactory(application=draft, tenant=tenant_a)
    unfunded = application(
        call=old_call,
        status=ApplicationStatus.REJECTED_THRESHOLD,
        title="Ana's rejected idea",
        submitted_at=timezone.now() - timedelta(days=1900),
    )
    funded = application(
        call=old_call,
        status=ApplicationStatus.ACCEPTED,
        title="Ana's funded project",
        submitted_at=timezone.now() - timedelta(days=1900),
        receipt_number="ALPHA-FUNDED-1",
    )
    award = AwardFactory(
        application=funded, amount=Decimal("40000.00"), status=AwardStatus.COMPLETED
    )
    tranches = [
        Tranche.unscoped.create(
            tenant=tenant_a,
            award=award,
            position=position,
            percent=percent,
            amount=amount,
            trigger=TrancheTrigger.SIGNATURE,
            status=TrancheStatus.PAID,
            paid_on=paid_on,
        )
        for position, percent, amount, paid_on in [
            (1, Decimal("40"), Decimal("16000.00"), date(2020, 6, 1)),
            (2, Decimal("60"), Decimal("24000.00"), FINAL_PAYMENT),
        ]
    ]
    in_b = ApplicationFactory(
        call=CallFactory(tenant=tenant_b),
        tenant=tenant_b,
        organisation=organisation,
        created_by=ana,
        title="Ana's application in programme B",
        status=ApplicationStatus.SUBMITTED,
        submitted_at=timezone.now() - timedelta(days=10),
    )
    olga_application = application(created_by=olga, title="Olga's own application")
    for tenant in (tenant_a,):
        _subscriber(tenant, "ana@example.org")
        _subscriber(tenant, "olga@example.org")
    ApiToken.unscoped.create(tenant=tenant_a, user=ana, key_hash="f" * 64, prefix="anatoken")
    return World(
        ana=ana,
        olga=olga,
        organisation=organisation,
        draft=draft,
        unfunded=unfunded,
        funded=funded,
        award=award,
        tranches=tranches,
        in_b=in_b,
        olga_application=olga_application,
    )
