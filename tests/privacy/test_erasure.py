"""Erasure anonymises the person at once and keeps the funding records intact."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse

from applications.models import Application
from dissemination.models import Subscriber
from grants.models import Award, Tranche
from organisations.models import OrganisationMember
from privacy.erasure.services import person_erase
from privacy.models import RetentionHold
from reports.exports.selectors import call_report, filters_from_params, recipient_report
from socialtech.accounts.models import ApiToken
from socialtech.audit.models import AuditEvent
from socialtech.registry import funding_received
from socialtech.tenancy.context import tenant_context
from tests.conftest import PASSWORD, login, with_mfa


def _rows(report: Any) -> list[dict[str, Any]]:
    keys = [column.key for column in report.columns]
    return [dict(zip(keys, values, strict=True)) for values in report.values()]


def _funding_figures(tenant: Any, organisation: Any) -> dict[str, Any]:
    """The funding report (recipients and calls) and the money received, as staff read them."""
    with tenant_context(tenant):
        filters = filters_from_params({})
        calls = filters_from_params({"report": "calls"})
        return {
            "recipients": _rows(recipient_report(filters, language="en")),
            "calls": _rows(call_report(calls, language="en")),
            "received": funding_received(tenant=tenant, organisation=organisation),
            "paid": sum((t.amount for t in Tranche.objects.filter(status="paid")), Decimal("0")),
        }


def test_erasure_anonymises_the_person(world: Any) -> None:
    ana = world.ana
    person_erase(user=ana, by=ana)
    ana.refresh_from_db()
    assert ana.email == f"erased-{ana.pk}@invalid"
    assert ana.full_name == ""
    assert not ana.is_active
    assert not ana.has_usable_password()
    assert not EmailAddress.objects.filter(user=ana).exists()
    assert not ApiToken.unscoped.filter(user=ana).exists()
    assert not OrganisationMember.objects.filter(user=ana).exists()
    assert list(Subscriber.unscoped.values_list("email", flat=True)) == ["olga@example.org"]


def test_erasure_keeps_the_award_chain_and_the_funding_totals(world: Any, tenant_a: Any) -> None:
    before = _funding_figures(tenant_a, world.organisation)
    assert before["recipients"] and before["paid"] == Decimal("40000.00")
    person_erase(user=world.ana, by=world.ana)
    after = _funding_figures(tenant_a, world.organisation)
    # Every amount stays; only the count of applications received drops by the old
    # rejected one that the erasure deleted (not a funding record).
    counted = {"received_count", "eligible_count"}
    assert [{k: v for k, v in row.items() if k not in counted} for row in after["calls"]] == [
        {k: v for k, v in row.items() if k not in counted} for row in before["calls"]
    ]
    assert after["recipients"] == before["recipients"]
    assert (after["received"], after["paid"]) == (before["received"], before["paid"])
    award = Award.unscoped.get(pk=world.award.pk)
    assert award.application_id == world.funded.pk
    assert [t.pk for t in Tranche.unscoped.filter(award=award)] == [t.pk for t in world.tranches]
    assert RetentionHold.unscoped.filter(application=world.funded).exists()


def test_erasure_deletes_drafts_and_old_unfunded_applications_only(world: Any) -> None:
    person_erase(user=world.ana, by=world.ana)
    remaining = set(Application.unscoped.values_list("pk", flat=True))
    assert world.draft.pk not in remaining
    assert world.unfunded.pk not in remaining
    # Kept: the funded one, the recent one in programme B (its keeping period runs), and
    # Olga's, untouched.
    assert {world.funded.pk, world.in_b.pk, world.olga_application.pk} <= remaining
    olga = world.olga
    olga.refresh_from_db()
    assert olga.email == "olga@example.org"
    assert OrganisationMember.objects.filter(user=olga).exists()


def test_erasure_ends_sessions_and_second_factors_and_sign_in(world: Any) -> None:
    ana = world.ana
    with_mfa(ana)
    client = login(Client(), ana)
    assert Session.objects.count() == 1
    person_erase(user=ana, by=ana)
    assert Session.objects.count() == 0
    from allauth.mfa.models import Authenticator

    assert not Authenticator.objects.filter(user=ana).exists()
    assert client.get(reverse("accounts_profile")).status_code == 302
    assert not Client().login(username="ana@example.org", password=PASSWORD)


def test_erasure_is_audited_without_personal_data(world: Any) -> None:
    person_erase(user=world.ana, by=world.ana)
    event = AuditEvent.objects.get(verb="privacy.erase")
    assert event.data["person"] == world.ana.pk
    assert event.data["applications"] == {"deleted": 2, "kept": 2}
    assert "ana@example.org" not in str(event.data)


def test_the_erasure_page_explains_and_asks_for_the_password(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = login(Client(), world.ana)
    page = client.get(reverse("privacy_erase"))
    assert page.status_code == 200
    assert "5 years after the final payment" in page.content.decode()
    refused = client.post(
        reverse("privacy_erase"), {"password": "not-the-password", "understood": "on"}
    )
    assert refused.status_code == 200
    assert "The password is not right." in refused.content.decode()
    world.ana.refresh_from_db()
    assert world.ana.is_active

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("privacy_erase"), {"password": PASSWORD, "understood": "on"})
    assert done.status_code == 200
    world.ana.refresh_from_db()
    assert not world.ana.is_active
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert "erased" in mail.outbox[0].subject
    assert client.get(reverse("accounts_profile")).status_code == 302


def test_the_operator_erases_from_the_admin_after_confirming(world: Any, tenant_a: Any) -> None:
    from tests.factories import UserFactory

    operator = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    client = login(Client(), operator, mfa=True)
    url = reverse("admin:privacy_person_changelist")
    ask = client.post(url, {"action": "erase_people", "_selected_action": [world.ana.pk]})
    assert ask.status_code == 200
    world.ana.refresh_from_db()
    assert world.ana.is_active
    client.post(
        url, {"action": "erase_people", "_selected_action": [world.ana.pk], "confirm": "yes"}
    )
    world.ana.refresh_from_db()
    assert not world.ana.is_active
    assert AuditEvent.objects.get(verb="privacy.erase").actor == operator


def test_staff_cannot_erase_from_the_admin(world: Any, bob: Any) -> None:
    client = login(Client(), bob, mfa=True)
    client.post(
        reverse("admin:privacy_person_changelist"),
        {"action": "erase_people", "_selected_action": [world.ana.pk], "confirm": "yes"},
    )
    world.ana.refresh_from_db()
    assert world.ana.is_active


def test_the_erasure_page_stops_password_guessing(world: Any) -> None:
    client = login(Client(), world.ana)
    url = reverse("privacy_erase")
    for _attempt in range(5):
        assert client.post(url, {"password": "guess", "understood": "on"}).status_code == 200
    locked = client.post(url, {"password": PASSWORD, "understood": "on"})
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    world.ana.refresh_from_db()
    assert world.ana.is_active


def test_erasure_blanks_the_texts_the_person_wrote_about_themselves(
    world: Any, tenant_a: Any, alice: Any
) -> None:
    from acceleration.models import MentorProfile
    from connect_to_innovate.models import HackathonSignup
    from tests.acceleration.factories_accel import MentorFactory
    from tests.connect_to_innovate.factories_hackathons import hackathon_make, person_signup

    with tenant_context(tenant_a):
        hackathon = hackathon_make(alice)
        mine = person_signup(hackathon, user=world.ana)
        theirs = person_signup(hackathon, user=world.olga)
    MentorFactory(tenant=tenant_a, user=world.ana, bio="Twenty years in social finance.")
    person_erase(user=world.ana, by=world.ana)
    assert HackathonSignup.unscoped.get(pk=mine.pk).bio == ""
    assert HackathonSignup.unscoped.get(pk=theirs.pk).bio == "Service designer in Landshut."
    mentor = MentorProfile.unscoped.get(user=world.ana)
    assert (mentor.bio, mentor.is_active) == ("", False)
