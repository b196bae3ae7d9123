"""The demo hackathons: the completed Social Innovation Hackathon of September 2023 and an
upcoming one open to the applicant's organisation; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.test import Client

from connect_to_innovate.hackathons.selectors import editable_organisations, is_taking_part
from connect_to_innovate.models import (
    Hackathon,
    HackathonChallenge,
    HackathonSignup,
    HackathonTeam,
)
from demo.connect_to_innovate.hackathons import seed
from socialtech.accounts.models import User
from socialtech.tenancy.context import tenant_context
from tests.factories import DomainFactory, MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


def _rows() -> tuple[int, ...]:
    return (
        Hackathon.objects.count(),
        HackathonChallenge.objects.count(),
        HackathonSignup.objects.count(),
        HackathonTeam.objects.count(),
        User.objects.count(),
    )


def test_the_demo_hackathons_are_made_once_and_read_like_the_real_one():
    from demo.organisations import demo_organisations

    tenant = TenantFactory(name="SocialTech4EU", slug="socialtech4eu")
    DomainFactory(tenant=tenant, host="testserver")
    staff = UserFactory(email="staff@example.org")
    MembershipFactory(tenant=tenant, user=staff, role="staff")
    applicant = UserFactory(email="applicant@example.org")
    expert = UserFactory(email="evaluator1@example.org", full_name="Sofia Martínez")
    users = {user.email: user for user in (staff, applicant, expert)}
    demo_organisations(users=users)

    summary = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert "2 hackathons (2 new)" in summary
    with tenant_context(tenant):
        past = Hackathon.objects.get(slug="social-innovation-hackathon-2023")
        assert past.status == "completed" and past.starts_at.year == 2023
        assert HackathonChallenge.objects.filter(hackathon=past, status="accepted").count() == 16
        signups = HackathonSignup.objects.filter(hackathon=past)
        assert signups.filter(role="sparring_partner", status="confirmed").count() == 40
        assert signups.filter(team__isnull=True).count() == 0
        teams = HackathonTeam.objects.filter(hackathon=past)
        assert teams.count() == 16
        assert not teams.filter(outcome="").exists()
        assert all(team.members.filter(role="coach").count() == 1 for team in teams)
        sparring = User.objects.filter(email__startswith="hackathon-sparring")
        assert sparring.count() == 40
        assert not any(user.has_usable_password() for user in sparring)

        upcoming = Hackathon.objects.get(slug="social-tech-hackathon-torino")
        assert is_taking_part(upcoming)
        assert HackathonChallenge.objects.get(hackathon=upcoming).status == "submitted"
        rows = _rows()

    assert editable_organisations(applicant).exists()
    page = Client().get(f"/connect/hackathons/{past.slug}/").content.decode()
    assert "Elderly care on working farms" in page and "Tenant services for social housing" in page
    assert "hackathon-sparring" not in page

    again = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert "2 hackathons (0 new)" in again
    with tenant_context(tenant):
        assert _rows() == rows
