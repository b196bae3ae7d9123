"""Training vouchers: a course offered by a provider at a price is enrolled on only through
a place a training voucher paid and the provider accepted; booking a place chooses the
offer's provider for the voucher at the offer's price, in the training category."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.utils import timezone

from mooc.errors import CourseError
from mooc.learning.services import enrol
from mooc.models import Enrolment
from socialtech.audit.models import AuditEvent
from tests.upskilling.factories import training_parties
from tests.vouchers.factories import AccreditationFactory, ProviderFactory, SchemeFactory
from upskilling.errors import UpskillingError
from upskilling.models import TrainingPlace
from upskilling.training import selectors
from upskilling.training.jobs import usable_place_notices_send
from upskilling.training.services import offer_save, place_book
from upskilling.training.wiring import place_condition
from vouchers.models import ServiceCategory, Voucher, VoucherStatus
from vouchers.redemption.services import provider_answer, provider_selection_withdraw

V = VoucherStatus


@pytest.fixture
def people(in_tenant_a: Any) -> Any:
    return training_parties(in_tenant_a)


def book(people: Any, **changes: Any) -> TrainingPlace:
    arguments = {
        "offer": people.offer,
        "voucher": people.voucher,
        "learner": people.learner,
        "by": people.enterprise_owner,
        **changes,
    }
    return place_book(**arguments)


def accept(people: Any, accept: bool = True) -> Voucher:
    return provider_answer(
        voucher=Voucher.objects.get(pk=people.voucher.pk),
        accept=accept,
        by=people.provider_owner,
        message="" if accept else "Our next course is full.",
    )


# --- The condition of enrolment ----------------------------------------------------------------


def test_an_offered_course_refuses_enrolment_naming_provider_and_price(people: Any) -> None:
    with pytest.raises(CourseError) as refused:
        enrol(course=people.course, user=people.learner)
    provider = people.provider.organisation.legal_name
    assert refused.value.code == "enrolment_condition"
    assert refused.value.message == (
        f"This course is given by {provider} for EUR 450.00 per learner; "
        "a training voucher pays for a place."
    )
    assert not Enrolment.objects.filter(user=people.learner).exists()


def test_the_condition_links_to_the_place_page_also_for_a_visitor(people: Any) -> None:
    condition = place_condition(course=people.course, user=AnonymousUser())
    assert condition is not None
    assert condition.url == f"/training/courses/{people.course.slug}/place/"
    assert "EUR 450.00" in condition.message
    assert people.provider.organisation.legal_name in condition.message


def test_an_inactive_offer_does_not_block_enrolment(people: Any) -> None:
    people.offer.active = False
    people.offer.save(update_fields=["active"])
    assert place_condition(course=people.course, user=people.learner) is None
    assert enrol(course=people.course, user=people.learner).user == people.learner


def test_a_course_without_offer_sets_no_condition(people: Any) -> None:
    from tests.mooc.factories import CourseFactory

    assert (
        place_condition(course=CourseFactory(tenant=people.voucher.tenant), user=people.learner)
        is None
    )


def test_the_condition_costs_one_query(people: Any, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(1):
        place_condition(course=people.course, user=people.learner)
    with django_assert_num_queries(1):
        place_condition(course=people.course, user=AnonymousUser())


# --- Booking a place ---------------------------------------------------------------------------


def test_booking_selects_the_offers_provider_at_its_price_for_training(people: Any) -> None:
    place = book(people)
    voucher = Voucher.objects.get(pk=people.voucher.pk)
    assert voucher.status == V.PROVIDER_SELECTED
    assert voucher.provider_id == people.provider.pk
    assert voucher.category == ServiceCategory.TRAINING
    assert voucher.agreed_price == Decimal("450.00")
    assert people.course.title in voucher.scope
    assert f"/courses/{people.course.slug}/" in voucher.scope
    assert "Lara Learner" in voucher.scope and people.learner.email in voucher.scope
    assert TrainingPlace.objects.get() == place
    assert (place.offer, place.learner, place.voucher_id) == (
        people.offer,
        people.learner,
        voucher.pk,
    )
    event = AuditEvent.objects.get(verb="upskilling.place_booked")
    assert event.data["voucher"] == voucher.code
    assert selectors.place_state(people.learner, people.course) == selectors.WAITING


def test_a_place_waiting_for_the_provider_does_not_open_the_course(people: Any) -> None:
    book(people)
    with pytest.raises(CourseError):
        enrol(course=people.course, user=people.learner)


def test_after_the_provider_accepts_the_learner_can_enrol(people: Any) -> None:
    book(people)
    accept(people)
    assert selectors.place_state(people.learner, people.course) == selectors.ACCEPTED
    assert place_condition(course=people.course, user=people.learner) is None
    assert enrol(course=people.course, user=people.learner).course == people.course
    # The place is the learner's own: the enterprise's owner who booked it is not let in.
    with pytest.raises(CourseError):
        enrol(course=people.course, user=people.enterprise_owner)


@pytest.mark.parametrize("later", [V.CLAIM_SUBMITTED, V.VERIFIED, V.REIMBURSED])
def test_a_place_stays_usable_through_the_claim(people: Any, later: str) -> None:
    book(people)
    accept(people)
    Voucher.objects.filter(pk=people.voucher.pk).update(status=later)
    assert place_condition(course=people.course, user=people.learner) is None


@pytest.mark.parametrize("ended", [V.CANCELLED, V.EXPIRED])
def test_a_cancelled_or_expired_voucher_no_longer_opens_the_course(people: Any, ended: str) -> None:
    book(people)
    accept(people)
    Voucher.objects.filter(pk=people.voucher.pk).update(status=ended)
    assert place_condition(course=people.course, user=people.learner) is not None
    assert selectors.place_state(people.learner, people.course) == selectors.ENDED


def test_a_voucher_spent_on_other_work_does_not_open_the_course(people: Any) -> None:
    book(people)
    accept(people)
    Voucher.objects.filter(pk=people.voucher.pk).update(category=ServiceCategory.DIGITAL_AUDIT)
    assert place_condition(course=people.course, user=people.learner) is not None


def test_after_a_decline_the_learner_cannot_enrol_and_the_voucher_is_booked_again(
    people: Any,
) -> None:
    book(people)
    accept(people, accept=False)
    assert selectors.place_state(people.learner, people.course) == selectors.DECLINED
    with pytest.raises(CourseError):
        enrol(course=people.course, user=people.learner)
    again = book(people, learner=people.enterprise_owner)
    assert TrainingPlace.objects.get().pk == again.pk
    assert again.learner == people.enterprise_owner
    assert AuditEvent.objects.get(verb="upskilling.place_booked", data__again=True)
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.PROVIDER_SELECTED


def test_a_withdrawn_choice_can_be_booked_again(people: Any) -> None:
    book(people)
    provider_selection_withdraw(
        voucher=Voucher.objects.get(pk=people.voucher.pk), by=people.enterprise_owner
    )
    assert selectors.place_state(people.learner, people.course) == selectors.DECLINED
    book(people)
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.PROVIDER_SELECTED


def test_a_scheme_without_training_is_refused_naming_the_field(people: Any) -> None:
    tenant = people.voucher.tenant
    scheme = SchemeFactory(tenant=tenant, service_categories=[ServiceCategory.DIGITAL_AUDIT.value])
    Voucher.objects.filter(pk=people.voucher.pk).update(scheme=scheme)
    people.voucher.refresh_from_db()
    with pytest.raises(UpskillingError) as refused:
        book(people)
    assert refused.value.code == "training_not_covered"
    assert refused.value.field == "voucher"
    assert refused.value.message.startswith("Voucher: ")
    assert "does not cover training" in refused.value.message
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.ISSUED
    assert not TrainingPlace.objects.exists()


def test_a_learner_who_is_not_a_member_is_refused(people: Any) -> None:
    with pytest.raises(UpskillingError) as refused:
        book(people, learner=people.stranger)
    assert refused.value.code == "learner_not_member"
    assert refused.value.field == "learner"
    assert refused.value.message.startswith("Learner: Stan Stranger is not a member of ")
    assert not TrainingPlace.objects.exists()


def test_a_stranger_cannot_book_with_another_organisations_voucher(people: Any) -> None:
    with pytest.raises(UpskillingError) as refused:
        book(people, by=people.stranger, learner=people.learner)
    assert refused.value.code == "forbidden"
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.ISSUED
    assert not TrainingPlace.objects.exists()


def test_an_inactive_offer_or_unpublished_course_is_refused(people: Any) -> None:
    people.offer.active = False
    with pytest.raises(UpskillingError) as refused:
        book(people)
    assert refused.value.code == "offer_inactive"
    people.offer.active = True
    people.course.status = "draft"
    with pytest.raises(UpskillingError) as refused:
        book(people)
    assert refused.value.code == "course_not_published"
    assert not TrainingPlace.objects.exists()


def test_the_vouchers_refusals_keep_their_message_code_and_field(people: Any) -> None:
    Voucher.objects.filter(pk=people.voucher.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )
    people.voucher.refresh_from_db()
    with pytest.raises(UpskillingError) as refused:
        book(people)
    assert refused.value.code == "expired"
    assert "expired on" in refused.value.message
    assert not TrainingPlace.objects.exists()


def test_a_provider_no_longer_accredited_for_training_is_refused(people: Any) -> None:
    people.provider.accreditations.filter(category=ServiceCategory.TRAINING).update(
        status="suspended"
    )
    with pytest.raises(UpskillingError) as refused:
        book(people)
    assert (refused.value.code, refused.value.field) == ("provider_not_accredited", "provider")


# --- The selectors the other pages use -------------------------------------------------------


def test_offer_of_and_place_state(people: Any) -> None:
    assert selectors.offer_of(people.course) == people.offer
    assert selectors.place_state(people.learner, people.course) == selectors.NONE
    assert selectors.place_state(AnonymousUser(), people.course) == selectors.NONE
    people.offer.active = False
    people.offer.save(update_fields=["active"])
    assert selectors.offer_of(people.course) is None


# --- The e-mail to the learner -----------------------------------------------------------------


def test_the_learner_is_emailed_once_when_the_place_becomes_usable(people: Any) -> None:
    book(people)
    mail.outbox.clear()
    assert usable_place_notices_send() == []
    accept(people)
    mail.outbox.clear()
    sent = usable_place_notices_send()
    assert sent == [TrainingPlace.objects.get().pk]
    assert [message.to for message in mail.outbox] == [[people.learner.email]]
    assert people.course.title in mail.outbox[0].subject
    assert f"/courses/{people.course.slug}/" in mail.outbox[0].body
    assert usable_place_notices_send() == []
    assert len(mail.outbox) == 1


# --- The offers in the back office ------------------------------------------------------------


def test_an_offer_needs_a_provider_accredited_for_training(people: Any) -> None:
    from tests.mooc.factories import CourseFactory

    tenant = people.voucher.tenant
    auditor = AccreditationFactory(tenant=tenant, category=ServiceCategory.DIGITAL_AUDIT).provider
    course = CourseFactory(tenant=tenant)
    with pytest.raises(UpskillingError) as refused:
        offer_save(by=None, offer=None, course=course, provider=auditor, price="300", active=True)
    assert (refused.value.code, refused.value.field) == ("provider_not_accredited", "provider")
    assert refused.value.message.startswith("Provider: ")
    saved = offer_save(
        by=None, offer=None, course=course, provider=people.provider, price="300", active=True
    )
    assert saved.price == Decimal("300.00")
    with pytest.raises(UpskillingError) as refused:
        offer_save(
            by=None,
            offer=None,
            course=course,
            provider=ProviderFactory(tenant=tenant),
            price="1",
            active=True,
        )
    assert refused.value.field == "provider"
