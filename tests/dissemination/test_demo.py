"""The demo's news and events: three published posts and a draft, a webinar the applicant
is registered for, a full workshop with a waiting list, a past meeting; a second run
changes nothing."""

from __future__ import annotations

import pytest

from demo.dissemination import seed
from dissemination.models import Event, NewsPost, Registration
from socialtech.tenancy.context import tenant_context
from tests.factories import MembershipFactory, TenantFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_demo_news_and_events_are_made_once():
    tenant = TenantFactory(name="SocialTech4EU", slug="socialtech4eu")
    staff = UserFactory(email="staff@example.org")
    MembershipFactory(tenant=tenant, user=staff, role="staff")
    applicant = UserFactory(email="applicant@example.org")
    experts = [UserFactory(email=f"evaluator{n}@example.org") for n in range(1, 6)]
    users = {user.email: user for user in [staff, applicant, *experts]}

    summary = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert "4 news posts (4 new" in summary and "3 events (3 new)" in summary
    with tenant_context(tenant):
        assert sorted(NewsPost.objects.values_list("status", flat=True)) == [
            "draft",
            "published",
            "published",
            "published",
        ]
        webinar = Event.objects.get(slug="webinar-digital-tools-for-social-enterprises")
        assert Registration.objects.get(event=webinar, user=applicant).status == "confirmed"
        workshop = Event.objects.get(slug="workshop-social-procurement-brussels")
        statuses = list(
            Registration.objects.filter(event=workshop)
            .order_by("pk")
            .values_list("user__email", "status", "position")
        )
        assert statuses == [
            ("evaluator1@example.org", "confirmed", None),
            ("evaluator2@example.org", "confirmed", None),
            ("evaluator3@example.org", "confirmed", None),
            ("evaluator4@example.org", "waiting", 1),
            ("evaluator5@example.org", "waiting", 2),
        ]
        assert Event.objects.filter(status="published").count() == 3
        rows = (NewsPost.objects.count(), Event.objects.count(), Registration.objects.count())

    again = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert "(0 new" in again and "3 events (0 new)" in again
    with tenant_context(tenant):
        assert (
            NewsPost.objects.count(),
            Event.objects.count(),
            Registration.objects.count(),
        ) == rows


def test_the_demo_newsletter_list_is_made_once():
    from dissemination.models import Subscriber

    tenant = TenantFactory(name="SocialTech4EU", slug="socialtech4eu")
    staff = UserFactory(email="staff@example.org")
    MembershipFactory(tenant=tenant, user=staff, role="staff")
    applicant = UserFactory(email="applicant@example.org")
    users = {user.email: user for user in [staff, applicant]}
    summary = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert "5 newsletter subscribers (5 new" in summary
    again = seed(tenants={"socialtech4eu": tenant}, users=users)
    assert "5 newsletter subscribers (0 new" in again
    with tenant_context(tenant):
        statuses = sorted(Subscriber.objects.values_list("status", flat=True))
        assert statuses == ["confirmed"] * 3 + ["pending", "unsubscribed"]
        gone = Subscriber.objects.get(status="unsubscribed")
        assert gone.unsubscribe_token == "" and gone.confirmation_token == ""
