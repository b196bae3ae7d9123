"""Introductions: who may ask, the refusals, the status table, the outcome in EUR, the
e-mails and the programme's figures."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import TestCase

from acceleration.errors import AccelerationError
from acceleration.introductions import services
from acceleration.introductions.figures import (
    introductions_accepted,
    introductions_made,
    investment_raised,
)
from acceleration.models import INTRODUCTION_TRANSITIONS, Introduction, IntroductionStatus
from organisations.models import OrganisationMember
from socialtech.audit.models import AuditEvent
from socialtech.registry import public_figures
from tests.acceleration.factories_investors import (
    cohort_make,
    entry_make,
    introduction_make,
    participant_make,
    today,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(in_tenant_a, alice, applicant):
    cohort = cohort_make()
    participant = participant_make(cohort=cohort, owner=applicant, legal_name="Cooperativa Aurora")
    investor = entry_make(alice, name="Fondo Sociale Nord")
    procurer = entry_make(alice, kind="procurer", name="Comune di Esempio")
    return {
        "cohort": cohort,
        "participant": participant,
        "investor": investor,
        "procurer": procurer,
    }


def test_an_owner_asks_for_an_introduction_and_staff_are_emailed(world, applicant, alice, bob):
    with TestCase.captureOnCommitCallbacks(execute=True):
        introduction = introduction_make(
            by=applicant, participant=world["participant"], entry=world["investor"]
        )
    assert introduction.status == IntroductionStatus.REQUESTED
    assert introduction.amount_sought == Decimal("150000.00")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "alice@example.org",
        "bob@example.org",
    ]
    assert "Fondo Sociale Nord" in mail.outbox[0].body
    assert AuditEvent.objects.filter(verb="acceleration.introduction_requested").count() == 1


def test_a_non_member_may_not_ask(world):
    stranger = UserFactory(email="stranger@example.org")
    with pytest.raises(PermissionDenied):
        introduction_make(by=stranger, participant=world["participant"], entry=world["investor"])


def test_a_reader_member_may_not_ask(world):
    reader = UserFactory(email="reader@example.org")
    OrganisationMember.objects.create(
        organisation=world["participant"].organisation, user=reader, role="viewer"
    )
    with pytest.raises(PermissionDenied):
        introduction_make(by=reader, participant=world["participant"], entry=world["investor"])


def test_a_withdrawn_participant_is_refused(world, applicant):
    world["participant"].status = "withdrawn"
    world["participant"].save()
    with pytest.raises(AccelerationError) as refused:
        introduction_make(by=applicant, participant=world["participant"], entry=world["investor"])
    assert refused.value.code == "not_participant"
    assert not Introduction.objects.exists()


def test_a_closed_cohort_is_refused(world, applicant):
    world["cohort"].status = "completed"
    world["cohort"].save()
    with pytest.raises(AccelerationError) as refused:
        introduction_make(by=applicant, participant=world["participant"], entry=world["investor"])
    assert refused.value.code == "cohort_not_running"
    assert "Completed" in refused.value.message


def test_an_unpublished_entry_is_refused(world, applicant, alice):
    hidden = entry_make(alice, published=False)
    with pytest.raises(AccelerationError) as refused:
        introduction_make(by=applicant, participant=world["participant"], entry=hidden)
    assert refused.value.code == "entry_not_published"


def test_a_second_open_request_for_the_same_pair_is_refused(world, applicant, alice):
    first = introduction_make(
        by=applicant, participant=world["participant"], entry=world["investor"]
    )
    with pytest.raises(AccelerationError) as refused:
        introduction_make(by=applicant, participant=world["participant"], entry=world["investor"])
    assert refused.value.code == "already_open"
    # Once closed, the pair may ask again.
    services.introduction_decline(introduction=first, by=alice, note="Not now.")
    again = introduction_make(
        by=applicant, participant=world["participant"], entry=world["investor"]
    )
    assert again.pk != first.pk


def test_an_investor_needs_an_amount_and_a_procurer_what_is_offered(world, applicant):
    with pytest.raises(AccelerationError) as refused:
        services.introduction_request(
            by=applicant,
            participant=world["participant"],
            entry=world["investor"],
            reason="Growth.",
            amount_sought=None,
        )
    assert refused.value.field == "amount_sought"
    with pytest.raises(AccelerationError) as refused:
        services.introduction_request(
            by=applicant,
            participant=world["participant"],
            entry=world["procurer"],
            reason="Growth.",
            seeking="",
        )
    assert refused.value.field == "seeking"
    with pytest.raises(AccelerationError) as refused:
        services.introduction_request(
            by=applicant,
            participant=world["participant"],
            entry=world["investor"],
            reason="Growth.",
            amount_sought=Decimal("-5"),
        )
    assert refused.value.code == "amount_invalid"


def test_the_status_table_allows_only_its_moves(world, applicant, alice):
    introduction = introduction_make(
        by=applicant, participant=world["participant"], entry=world["investor"]
    )
    assert INTRODUCTION_TRANSITIONS["requested"] == {"accepted", "declined"}
    with pytest.raises(AccelerationError) as refused:
        services.introduction_record_meeting(introduction=introduction, by=alice, on=today())
    assert refused.value.code == "wrong_state"
    assert "Requested" in refused.value.message
    services.introduction_decline(introduction=introduction, by=alice)
    with pytest.raises(AccelerationError) as refused:
        services.introduction_accept(introduction=introduction, by=alice)
    assert "Declined" in refused.value.message


def test_an_answer_is_emailed_to_the_participant(world, applicant, alice):
    introduction = introduction_make(
        by=applicant, participant=world["participant"], entry=world["investor"]
    )
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.introduction_accept(introduction=introduction, by=alice, note="Call Marta.")
    assert [message.to for message in mail.outbox] == [["applicant@example.org"]]
    assert "Call Marta." in mail.outbox[0].body
    mail.outbox.clear()
    second = introduction_make(
        by=applicant, participant=world["participant"], entry=world["procurer"]
    )
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.introduction_decline(introduction=second, by=alice, note="No tender planned.")
    assert [message.to for message in mail.outbox] == [["applicant@example.org"]]
    assert "No tender planned." in mail.outbox[0].body


def test_only_staff_or_the_linked_contact_answer(world, applicant, alice):
    contact = UserFactory(email="marta@fund.example.org")
    entry = entry_make(alice, contact_user=contact, contact_email="")
    assert entry.contact_email == "marta@fund.example.org"
    with TestCase.captureOnCommitCallbacks(execute=True):
        introduction = introduction_make(
            by=applicant, participant=world["participant"], entry=entry
        )
    to_contact = [message for message in mail.outbox if message.to == [contact.email]]
    assert len(to_contact) == 1
    assert f"/acceleration/introductions/{introduction.pk}/" in to_contact[0].body
    with pytest.raises(PermissionDenied):
        services.introduction_accept(introduction=introduction, by=applicant)
    accepted = services.introduction_accept(introduction=introduction, by=contact)
    assert accepted.answered_by == contact


def test_an_investment_is_tracked_in_euros_to_the_cent(world, applicant, alice):
    introduction = introduction_make(
        by=applicant, participant=world["participant"], entry=world["investor"]
    )
    services.introduction_accept(introduction=introduction, by=alice)
    services.introduction_record_meeting(
        introduction=introduction, by=alice, on=today(), note="Good fit."
    )
    services.introduction_record_offer(introduction=introduction, by=alice, on=today())
    with pytest.raises(AccelerationError) as refused:
        services.introduction_record_investment(
            introduction=introduction, by=alice, amount=Decimal("0"), on=today()
        )
    assert refused.value.field == "amount"
    with pytest.raises(AccelerationError) as refused:
        services.introduction_record_investment(
            introduction=introduction,
            by=alice,
            amount=Decimal("1000"),
            on=today() + timedelta(days=3),
        )
    assert refused.value.code == "date_future"
    done = services.introduction_record_investment(
        introduction=introduction, by=alice, amount=Decimal("120000.456"), on=today()
    )
    done.refresh_from_db()
    assert done.status == IntroductionStatus.INVESTMENT_MADE
    assert done.investment_amount == Decimal("120000.46")
    assert done.investment_on == today()
    assert "Good fit." in done.notes
    assert "EUR 120,000.46" in done.notes
    with pytest.raises(AccelerationError):
        services.introduction_close(introduction=done, by=alice)


def test_a_procurer_wins_a_contract_not_an_investment(world, applicant, alice):
    introduction = introduction_make(
        by=applicant, participant=world["participant"], entry=world["procurer"]
    )
    services.introduction_accept(introduction=introduction, by=alice)
    services.introduction_record_meeting(introduction=introduction, by=alice, on=today())
    with pytest.raises(AccelerationError) as refused:
        services.introduction_record_investment(
            introduction=introduction, by=alice, amount=Decimal("10"), on=today()
        )
    assert refused.value.code == "procurer_investment"
    won = services.introduction_record_contract(
        introduction=introduction, by=alice, value=Decimal("84000"), on=today()
    )
    assert won.contract_value == Decimal("84000.00")
    assert won.status == IntroductionStatus.CONTRACT_WON


def test_the_figures_count_introductions_and_money_raised(world, applicant, alice):
    first = introduction_make(
        by=applicant, participant=world["participant"], entry=world["investor"]
    )
    introduction_make(by=applicant, participant=world["participant"], entry=world["procurer"])
    services.introduction_accept(introduction=first, by=alice)
    services.introduction_record_meeting(introduction=first, by=alice, on=today())
    services.introduction_record_investment(
        introduction=first, by=alice, amount=Decimal("75000.50"), on=today()
    )
    assert introductions_made() == 2
    assert introductions_accepted() == 1
    assert investment_raised() == 75000
    keys = [figure.key for figure in public_figures()]
    assert "acceleration_investment_raised" in keys


def test_the_programme_figures_page_shows_the_introductions(world, applicant, alice, client):
    from django.urls import reverse

    first = introduction_make(
        by=applicant, participant=world["participant"], entry=world["investor"]
    )
    services.introduction_accept(introduction=first, by=alice)
    services.introduction_record_meeting(introduction=first, by=alice, on=today())
    services.introduction_record_investment(
        introduction=first, by=alice, amount=Decimal("75000.50"), on=today()
    )
    text = client.get(reverse("dissemination_programme_figures")).content.decode()
    assert 'data-figure="acceleration_investment_raised"' in text
    assert 'data-figure="acceleration_introductions_accepted"' in text
    assert "Investment raised through introductions" in text
