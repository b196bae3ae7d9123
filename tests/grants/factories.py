"""Awards as rows, for list and budget tests (the services are tested in test_offers)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from grants.models import Award
from tests.api.factories import ApplicationFactory
from tests.factories import TenantOwnedFactory


class AwardFactory(TenantOwnedFactory):
    class Meta:
        model = Award

    application = factory.SubFactory(
        ApplicationFactory, status="offered", published_outcome="main_list"
    )
    tenant = factory.SelfAttribute("application.tenant")
    organisation = factory.SelfAttribute("application.organisation")
    call = factory.SelfAttribute("application.call")
    amount = Decimal("40000.00")
    amount_requested = Decimal("40000.00")
    acceptance_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
