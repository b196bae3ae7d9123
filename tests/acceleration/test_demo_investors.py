"""The demo's directory, introductions in every state and demo day; a second run changes
nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from acceleration.models import DemoDay, DirectoryEntry, Introduction, PitchApplication
from demo.acceleration.cohorts import seed as cohorts_seed
from demo.acceleration.investors import seed
from socialtech.tenancy.context import tenant_context
from tests.factories import MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_directory_introductions_and_demo_day_are_made_once():
    tenant = TenantFactory(name="SocialTech4EU", slug="socialtech4eu")
    staff = UserFactory(email="staff@example.org")
    MembershipFactory(tenant=tenant, user=staff, role="staff")
    applicant = UserFactory(email="applicant@example.org")
    experts = [UserFactory(email=f"evaluator{n}@example.org") for n in range(1, 6)]
    users = {user.email: user for user in (staff, applicant, *experts)}
    # The introductions and pitches come from the cohort the cohorts demo fills.
    cohorts_seed(tenants={"socialtech4eu": tenant}, users=users)

    summary = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert "10 investors and procurers (10 new)" in summary
    assert "8 introductions (8 new)" in summary
    with tenant_context(tenant):
        assert DirectoryEntry.objects.filter(is_published=True).count() == 9
        assert set(DirectoryEntry.objects.values_list("kind", flat=True)) == {
            "investor",
            "crowdfunding",
            "procurer",
        }
        assert sorted(Introduction.objects.values_list("status", flat=True)) == sorted(
            [
                "investment_made",
                "contract_won",
                "requested",
                "accepted",
                "offer_made",
                "meeting_held",
                "declined",
                "no_follow_up",
            ]
        )
        invested = Introduction.objects.get(status="investment_made")
        assert invested.investment_amount == Decimal("450000.00")
        demo_day = DemoDay.objects.get()
        assert demo_day.invited_entries.count() == 6
        assert PitchApplication.objects.filter(demo_day=demo_day).count() == 3
        rows = (
            DirectoryEntry.objects.count(),
            Introduction.objects.count(),
            PitchApplication.objects.count(),
        )

    again = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert "(0 new)" in again and "8 introductions (0 new)" in again
    with tenant_context(tenant):
        assert (
            DirectoryEntry.objects.count(),
            Introduction.objects.count(),
            PitchApplication.objects.count(),
        ) == rows
