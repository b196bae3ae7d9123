"""The demo's WP4: five published challenges and one awaiting review, five published offers,
and one connection with a thread and a meeting request; a second run changes nothing."""

from __future__ import annotations

import pytest

from connect_to_innovate.models import (
    Challenge,
    Interest,
    InterestMessage,
    MeetingRequest,
    TechnologyOffer,
)
from demo.connect_to_innovate.challenges import seed
from socialtech.tenancy.context import tenant_context
from tests.factories import MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_challenges_offers_and_connection_are_made_once():
    tenant = TenantFactory(name="SocialTech4EU", slug="socialtech4eu")
    staff = UserFactory(email="staff@example.org")
    MembershipFactory(tenant=tenant, user=staff, role="staff")
    applicant = UserFactory(email="applicant@example.org")
    provider = UserFactory(email="provider@example.org")
    users = {user.email: user for user in (staff, applicant, provider)}

    summary = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert "6 challenges (6 new" in summary and "5 technology offers (5 new" in summary
    with tenant_context(tenant):
        statuses = sorted(Challenge.objects.values_list("status", flat=True))
        assert statuses == ["published"] * 5 + ["submitted"]
        pending = Challenge.objects.get(status="submitted")
        assert pending.organisation.members.filter(user=applicant).exists()
        assert set(TechnologyOffer.objects.values_list("status", flat=True)) == {"published"}
        assert TechnologyOffer.objects.filter(organisation__members__user=provider).exists()
        interest = Interest.objects.get()
        assert interest.status == "accepted"
        assert InterestMessage.objects.filter(interest=interest).count() == 2
        assert MeetingRequest.objects.get(interest=interest).status == "proposed"
        rows = (
            Challenge.objects.count(),
            TechnologyOffer.objects.count(),
            InterestMessage.objects.count(),
            MeetingRequest.objects.count(),
        )

    again = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert "(0 new" in again and "no new connection" in again
    with tenant_context(tenant):
        assert (
            Challenge.objects.count(),
            TechnologyOffer.objects.count(),
            InterestMessage.objects.count(),
            MeetingRequest.objects.count(),
        ) == rows
