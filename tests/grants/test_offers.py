"""Offers: made from a published main list only, accepted or declined by the organisation,
the cap per recipient across calls, and the reserve list promoted once per lapsed offer."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from applications.services import eligibility_failures
from grants.models import Award, AwardStatus
from grants.offers import jobs
from grants.offers.errors import OfferError
from grants.offers.selectors import applications_awaiting_offer, awarded_total, call_remaining
from grants.offers.services import offer_accept, offer_decline, offer_make
from socialtech.audit.models import AuditEvent
from socialtech.registry import funding_received
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.grants.conftest import Ranked, deadline

S = ApplicationStatus


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


# --- Making offers --------------------------------------------------------------------------


def test_offer_from_published_main_list(ranked: Ranked, alice: Any, committing: Any) -> None:
    application = ranked.add(S.MAIN_LIST, "40000")
    mail.outbox.clear()
    with committing(execute=True):
        award = offer_make(
            application=application,
            amount=Decimal("40000"),
            reason="",
            deadline=deadline(),
            by=alice,
        )
    assert award.status == AwardStatus.OFFERED
    assert award.amount == Decimal("40000.00")
    assert award.organisation_id == application.organisation_id
    assert award.call_id == application.call_id
    assert fresh(application).status == S.OFFERED
    assert AuditEvent.objects.filter(verb="award.offered", object_id=str(award.pk)).exists()
    # The organisation's owner is told, once, with a link to the offer.
    assert len(mail.outbox) == 1
    assert f"/grants/offers/{award.pk}/" in mail.outbox[0].body
    assert "EUR 40,000.00" in mail.outbox[0].body
    jobs.offer_notice_send(award_id=award.pk)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("status", "published"),
    [(S.MAIN_LIST, False), (S.RESERVE_LIST, True), (S.REJECTED_BUDGET, True), (S.EVALUATED, False)],
)
def test_offer_refused_off_the_published_main_list(
    ranked: Ranked, alice: Any, status: str, published: bool
) -> None:
    application = ranked.add(status, "40000", published=published)
    with pytest.raises(OfferError) as refused:
        offer_make(
            application=application,
            amount=Decimal("40000"),
            reason="",
            deadline=deadline(),
            by=alice,
        )
    assert refused.value.code == "not_on_published_main_list"
    assert not Award.objects.exists()
    assert fresh(application).status == status


def test_voucher_call_main_list_gets_no_grant_offer(ranked: Ranked, alice: Any) -> None:
    ranked.call.kind = "voucher"
    ranked.call.save(update_fields=["kind"])
    application = ranked.add(S.MAIN_LIST, "5000")
    with pytest.raises(OfferError) as refused:
        offer_make(
            application=application,
            amount=Decimal("5000"),
            reason="",
            deadline=deadline(),
            by=alice,
        )
    assert refused.value.code == "voucher_call"
    assert not Award.objects.exists()
    assert application not in list(applications_awaiting_offer())


def test_offer_amount_rules(ranked: Ranked, alice: Any) -> None:
    application = ranked.add(S.MAIN_LIST, "40000")
    with pytest.raises(OfferError) as above:
        offer_make(
            application=application,
            amount=Decimal("40000.01"),
            reason="",
            deadline=deadline(),
            by=alice,
        )
    assert above.value.code == "amount_above_requested"
    with pytest.raises(OfferError) as unexplained:
        offer_make(
            application=application,
            amount=Decimal("30000"),
            reason=" ",
            deadline=deadline(),
            by=alice,
        )
    assert unexplained.value.code == "reduction_reason_missing"
    with pytest.raises(OfferError) as past:
        offer_make(
            application=application,
            amount=Decimal("40000"),
            reason="",
            deadline=timezone.now() - timedelta(minutes=1),
            by=alice,
        )
    assert past.value.code == "deadline_past"
    award = offer_make(
        application=application,
        amount=Decimal("30000"),
        reason="Travel costs are not eligible.",
        deadline=deadline(),
        by=alice,
    )
    assert award.amount_requested == Decimal("40000.00")
    assert award.reduction_reason == "Travel costs are not eligible."
    with pytest.raises(OfferError) as twice:
        offer_make(
            application=fresh(application),
            amount=Decimal("30000"),
            reason="again",
            deadline=deadline(),
            by=alice,
        )
    assert twice.value.code in {"already_offered", "not_on_published_main_list"}


def test_only_staff_make_offers(ranked: Ranked) -> None:
    owner = UserFactory()
    application = ranked.add(S.MAIN_LIST, "40000", owner=owner)
    with pytest.raises(PermissionDenied):
        offer_make(
            application=application,
            amount=Decimal("40000"),
            reason="",
            deadline=deadline(),
            by=owner,
        )


# --- The cap per recipient across calls -----------------------------------------------------


def test_cap_refusal_names_the_figures(ranked: Ranked, alice: Any, in_tenant_a: Any) -> None:
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    earlier_call = CallFactory(tenant=in_tenant_a, status="results", budget=Decimal("200000"))
    earlier = Ranked(call=earlier_call)
    first = earlier.add(S.MAIN_LIST, "45000", organisation=organisation, owner=owner)
    award = offer_make(
        application=first, amount=Decimal("45000"), reason="", deadline=deadline(), by=alice
    )
    offer_accept(award=award, by=owner, declared=True)
    assert awarded_total(tenant=in_tenant_a, organisation=organisation) == Decimal("45000.00")

    second = ranked.add(S.MAIN_LIST, "20000", organisation=organisation, owner=owner)
    with pytest.raises(OfferError) as refused:
        offer_make(
            application=second, amount=Decimal("20000"), reason="", deadline=deadline(), by=alice
        )
    assert refused.value.code == "cap_exceeded"
    message = refused.value.message
    assert "already awarded EUR 45,000.00" in message
    assert "this award EUR 20,000.00" in message
    assert "cap EUR 60,000.00" in message
    assert refused.value.extra == {
        "already_awarded": "45000.00",
        "this_award": "20000.00",
        "cap": "60000.00",
    }
    # Up to the cap is allowed.
    reduced = offer_make(
        application=second,
        amount=Decimal("15000"),
        reason="Up to the programme's cap.",
        deadline=deadline(),
        by=alice,
    )
    assert reduced.status == AwardStatus.OFFERED


def test_cap_checked_again_at_acceptance(ranked: Ranked, alice: Any, in_tenant_a: Any) -> None:
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    other = Ranked(call=CallFactory(tenant=in_tenant_a, status="results", budget=Decimal("200000")))
    one = ranked.add(S.MAIN_LIST, "40000", organisation=organisation, owner=owner)
    two = other.add(S.MAIN_LIST, "30000", organisation=organisation, owner=owner)
    first = offer_make(
        application=one, amount=Decimal("40000"), reason="", deadline=deadline(), by=alice
    )
    second = offer_make(
        application=two, amount=Decimal("30000"), reason="", deadline=deadline(), by=alice
    )
    offer_accept(award=first, by=owner, declared=True)
    with pytest.raises(OfferError) as refused:
        offer_accept(award=second, by=owner, declared=True)
    assert refused.value.code == "cap_exceeded"
    assert "already awarded EUR 40,000.00" in refused.value.message
    assert "this award EUR 30,000.00" in refused.value.message
    assert Award.objects.get(pk=second.pk).status == AwardStatus.OFFERED


def test_tenant_cap_is_the_programmes_own(ranked: Ranked, alice: Any, in_tenant_a: Any) -> None:
    in_tenant_a.fstp_cap_per_recipient = Decimal("30000.00")
    in_tenant_a.save(update_fields=["fstp_cap_per_recipient"])
    application = ranked.add(S.MAIN_LIST, "35000")
    with pytest.raises(OfferError) as refused:
        offer_make(
            application=application,
            amount=Decimal("35000"),
            reason="",
            deadline=deadline(),
            by=alice,
        )
    assert "cap EUR 30,000.00" in refused.value.message


def test_eligibility_rule_reads_the_same_total(
    ranked: Ranked, alice: Any, in_tenant_a: Any
) -> None:
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    application = ranked.add(S.MAIN_LIST, "60000", organisation=organisation, owner=owner)
    award = offer_make(
        application=application, amount=Decimal("60000"), reason="", deadline=deadline(), by=alice
    )
    new_call = CallFactory(tenant=in_tenant_a, check_funding_cap=True)
    assert funding_received(tenant=in_tenant_a, organisation=organisation) == Decimal("0.00")
    assert not [
        f
        for f in eligibility_failures(call=new_call, organisation=organisation)
        if f.rule == "funding_cap"
    ]
    offer_accept(award=award, by=owner, declared=True)
    assert funding_received(tenant=in_tenant_a, organisation=organisation) == Decimal("60000.00")
    failures = eligibility_failures(call=new_call, organisation=organisation)
    assert [f.rule for f in failures if f.rule == "funding_cap"] == ["funding_cap"]


# --- Accepting and declining ---------------------------------------------------------------


def test_accept_moves_award_and_application(ranked: Ranked, alice: Any) -> None:
    owner = UserFactory()
    application = ranked.add(S.MAIN_LIST, "40000", owner=owner)
    award = offer_make(
        application=application, amount=Decimal("40000"), reason="", deadline=deadline(), by=alice
    )
    with pytest.raises(OfferError) as undeclared:
        offer_accept(award=award, by=owner, declared=False)
    assert undeclared.value.code == "declaration_missing"
    accepted = offer_accept(
        award=award,
        by=owner,
        declared=True,
        other_public_funding=[
            {"source": "Regional innovation fund", "amount": "5000"},
            {"source": "", "amount": ""},
        ],
    )
    assert accepted.status == AwardStatus.ACCEPTED
    assert accepted.decided_by == owner
    assert accepted.other_public_funding == [
        {"source": "Regional innovation fund", "amount": "5000.00"}
    ]
    assert fresh(application).status == S.ACCEPTED
    assert AuditEvent.objects.filter(verb="award.accepted", object_id=str(award.pk)).exists()
    with pytest.raises(OfferError) as again:
        offer_decline(award=accepted, by=owner, reason="changed our mind")
    assert again.value.code == "not_open"


def test_only_owners_and_editors_answer(ranked: Ranked, alice: Any) -> None:
    application = ranked.add(S.MAIN_LIST, "40000")
    award = offer_make(
        application=application, amount=Decimal("40000"), reason="", deadline=deadline(), by=alice
    )
    stranger = UserFactory()
    for attempt in (
        lambda: offer_accept(award=award, by=stranger, declared=True),
        lambda: offer_decline(award=award, by=stranger, reason=""),
        lambda: offer_accept(award=award, by=alice, declared=True),
    ):
        with pytest.raises(OfferError) as refused:
            attempt()
        assert refused.value.code == "forbidden"
    assert Award.objects.get(pk=award.pk).status == AwardStatus.OFFERED


def test_late_answer_refused(ranked: Ranked, alice: Any) -> None:
    owner = UserFactory()
    application = ranked.add(S.MAIN_LIST, "40000", owner=owner)
    award = offer_make(
        application=application, amount=Decimal("40000"), reason="", deadline=deadline(), by=alice
    )
    Award.objects.filter(pk=award.pk).update(
        acceptance_deadline=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(OfferError) as late:
        offer_accept(award=award, by=owner, declared=True)
    assert late.value.code == "deadline_passed"


# --- The reserve list -----------------------------------------------------------------------


def reserve_world(ranked: Ranked, alice: Any) -> tuple[Award, Application, Application, Any]:
    """Budget 100,000: main 60,000 + 40,000; reserve 50,000 (too big once 60,000 is
    still committed), then 35,000 and 30,000."""
    owner = UserFactory()
    big = ranked.add(S.MAIN_LIST, "60000")
    declining = ranked.add(S.MAIN_LIST, "40000", owner=owner)
    too_big = ranked.add(S.RESERVE_LIST, "50000")
    first_fit = ranked.add(S.RESERVE_LIST, "35000")
    second_fit = ranked.add(S.RESERVE_LIST, "30000")
    ranked.rank(alice)
    offer_make(application=big, amount=Decimal("60000"), reason="", deadline=deadline(), by=alice)
    award = offer_make(
        application=declining, amount=Decimal("40000"), reason="", deadline=deadline(), by=alice
    )
    assert too_big.pk  # ranked above first_fit, but the remaining budget cannot fund it
    return award, first_fit, second_fit, owner


def test_decline_promotes_first_fundable_reserve(
    ranked: Ranked, alice: Any, committing: Any
) -> None:
    award, first_fit, second_fit, owner = reserve_world(ranked, alice)
    mail.outbox.clear()
    with committing(execute=True):
        offer_decline(award=award, by=owner, reason="We found other funding.")
    declined = Award.objects.get(pk=award.pk)
    assert declined.status == AwardStatus.DECLINED
    assert fresh(declined.application).status == S.DECLINED
    assert declined.promotion_done_at is not None
    promoted = declined.replaced_by
    assert promoted is not None
    assert promoted.application_id == first_fit.pk
    assert promoted.from_reserve
    assert promoted.amount == Decimal("35000.00")
    assert fresh(first_fit).status == S.OFFERED
    assert fresh(second_fit).status == S.RESERVE_LIST
    # The new offeree and the programme's staff are told.
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert "alice@example.org" in recipients
    assert any(f"/grants/offers/{promoted.pk}/" in message.body for message in mail.outbox)
    # A second run for the same decline promotes no one else and sends nothing more.
    sent = len(mail.outbox)
    assert jobs.reserve_promote(award_id=award.pk) == promoted.pk
    assert Award.objects.filter(from_reserve=True).count() == 1
    assert len(mail.outbox) == sent


def test_no_fundable_reserve_tells_staff(ranked: Ranked, alice: Any, committing: Any) -> None:
    owner = UserFactory()
    declining = ranked.add(S.MAIN_LIST, "40000", owner=owner)
    ranked.add(S.MAIN_LIST, "60000")
    ranked.add(S.RESERVE_LIST, "45000")
    ranked.rank(alice)
    award = offer_make(
        application=declining, amount=Decimal("40000"), reason="", deadline=deadline(), by=alice
    )
    mail.outbox.clear()
    with committing(execute=True):
        offer_decline(award=award, by=owner, reason="")
    assert Award.objects.get(pk=award.pk).replaced_by is None
    assert Award.objects.filter(from_reserve=True).count() == 0
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]
    assert "No application on the reserve list" in mail.outbox[0].body


def test_expiry_job_expires_promotes_and_is_idempotent(ranked: Ranked, alice: Any) -> None:
    award, first_fit, _second_fit, _owner = reserve_world(ranked, alice)
    Award.objects.filter(pk=award.pk).update(
        acceptance_deadline=timezone.now() - timedelta(minutes=1)
    )
    assert jobs.offers_expire() == [award.pk]
    expired = Award.objects.get(pk=award.pk)
    assert expired.status == AwardStatus.EXPIRED
    assert fresh(expired.application).status == S.DECLINED
    assert expired.replaced_by is not None
    assert expired.replaced_by.application_id == first_fit.pk
    # Running the sweep again expires nothing and promotes no one.
    assert jobs.offers_expire() == []
    assert Award.objects.filter(from_reserve=True).count() == 1
    assert AuditEvent.objects.filter(verb="award.expired").count() == 1
    # An offer still within its deadline is left alone.
    assert Award.objects.filter(status=AwardStatus.OFFERED).count() == 2


def test_expiry_task_runs_in_the_programme(ranked: Ranked, alice: Any, in_tenant_a: Any) -> None:
    from grants.tasks import expire_offers

    award, first_fit, _, _ = reserve_world(ranked, alice)
    Award.objects.filter(pk=award.pk).update(
        acceptance_deadline=timezone.now() - timedelta(minutes=1)
    )
    assert expire_offers.apply(kwargs={"tenant_id": in_tenant_a.pk}).get() == [award.pk]
    assert fresh(first_fit).status == S.OFFERED


def test_two_lapsed_offers_promote_two_applications(
    ranked: Ranked, alice: Any, committing: Any
) -> None:
    owner = UserFactory()
    a = ranked.add(S.MAIN_LIST, "50000", owner=owner)
    b = ranked.add(S.MAIN_LIST, "50000", organisation=a.organisation, owner=owner)
    r1 = ranked.add(S.RESERVE_LIST, "30000")
    r2 = ranked.add(S.RESERVE_LIST, "30000")
    ranked.rank(alice)
    one = offer_make(
        application=a, amount=Decimal("50000"), reason="", deadline=deadline(), by=alice
    )
    two = offer_make(
        application=b, amount=Decimal("10000"), reason="cap", deadline=deadline(), by=alice
    )
    with committing(execute=True):
        offer_decline(award=one, by=owner, reason="")
    with committing(execute=True):
        offer_decline(award=two, by=owner, reason="")
    promoted = set(Award.objects.filter(from_reserve=True).values_list("application_id", flat=True))
    assert promoted == {r1.pk, r2.pk}
    assert call_remaining(ranked.call) == Decimal("40000.00")


def test_expiry_sweep_sends_a_failed_notice_again(
    ranked: Ranked, alice: Any, monkeypatch: Any
) -> None:
    award, first_fit, _, _ = reserve_world(ranked, alice)
    Award.objects.filter(pk=award.pk).update(
        acceptance_deadline=timezone.now() - timedelta(minutes=1)
    )
    mail.outbox.clear()
    real_send = jobs.offer_notice_send

    def failing(**kwargs: Any) -> int:
        raise ConnectionError("mail server down")

    monkeypatch.setattr(jobs, "offer_notice_send", failing)
    with pytest.raises(ConnectionError):
        jobs.offers_expire()
    promoted = Award.objects.get(application=first_fit)
    assert not [m for m in mail.outbox if f"/grants/offers/{promoted.pk}/" in m.body]
    monkeypatch.setattr(jobs, "offer_notice_send", real_send)
    jobs.offers_expire()
    notices = [m for m in mail.outbox if f"/grants/offers/{promoted.pk}/" in m.body]
    assert len(notices) == 1
    jobs.offers_expire()
    assert len([m for m in mail.outbox if f"/grants/offers/{promoted.pk}/" in m.body]) == 1
    assert Award.objects.filter(from_reserve=True).count() == 1


def test_offer_email_in_the_readers_language(ranked: Ranked, alice: Any, committing: Any) -> None:
    owner = UserFactory(language="it")
    application = ranked.add(S.MAIN_LIST, "40000", owner=owner)
    mail.outbox.clear()
    with committing(execute=True):
        offer_make(
            application=application,
            amount=Decimal("40000"),
            reason="",
            deadline=deadline(),
            by=alice,
        )
    (message,) = mail.outbox
    assert f"Bando {ranked.call.reference}" in message.subject
    assert f"Open call {ranked.call.reference}" not in message.body
