"""The training pages: the course page shows the condition with its link instead of Enrol
until the provider accepted the learner's place; the place page shows the price, what each
voucher pays and the co-payment, books a place and lists the places booked; strangers,
garbage and another programme's courses are refused without a 500."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from tests.conftest import HOST_B, login
from tests.upskilling.factories import OfferFactory, training_parties
from tests.vouchers.factories import AccreditationFactory
from upskilling.models import TrainingPlace
from upskilling.training.services import place_book
from vouchers.models import ServiceCategory, Voucher, VoucherStatus
from vouchers.redemption.services import provider_answer

V = VoucherStatus


@pytest.fixture
def people(in_tenant_a: Any) -> Any:
    return training_parties(in_tenant_a)


def place_url(people: Any) -> str:
    return reverse("training_place", args=[people.course.slug])


def course_url(people: Any) -> str:
    return reverse("mooc_course", args=[people.course.slug])


def book(people: Any) -> TrainingPlace:
    return place_book(
        offer=people.offer,
        voucher=people.voucher,
        learner=people.learner,
        by=people.enterprise_owner,
    )


def accept(people: Any, accept: bool = True) -> None:
    provider_answer(
        voucher=Voucher.objects.get(pk=people.voucher.pk), accept=accept, by=people.provider_owner
    )


# --- The course page -------------------------------------------------------------------------


def test_the_course_page_shows_the_condition_and_the_link_instead_of_enrol(people: Any) -> None:
    html = login(Client(), people.learner).get(course_url(people)).content.decode()
    provider = people.provider.organisation.legal_name
    assert (
        f"This course is given by {provider} for EUR 450.00 per learner; a training voucher pays for a place."
        in html
    )
    assert f'href="{place_url(people)}"' in html
    assert "data-enrol>" not in html


def test_a_visitor_reads_the_same_condition(people: Any) -> None:
    html = Client().get(course_url(people)).content.decode()
    assert "for EUR 450.00 per learner" in html
    assert f'href="{place_url(people)}"' in html


def test_after_the_provider_accepts_the_course_page_offers_enrol_then_continue(
    people: Any,
) -> None:
    book(people)
    client = login(Client(), people.learner)
    assert "data-enrol>" not in client.get(course_url(people)).content.decode()
    accept(people)
    html = client.get(course_url(people)).content.decode()
    assert "data-enrol>" in html
    assert "data-enrolment-condition" not in html
    response = client.post(reverse("mooc_enrol", args=[people.course.slug]))
    assert response.status_code == 302
    assert "data-continue" in client.get(course_url(people)).content.decode()


def test_after_a_decline_the_course_page_shows_the_condition_again(people: Any) -> None:
    book(people)
    accept(people, accept=False)
    html = login(Client(), people.learner).get(course_url(people)).content.decode()
    assert "data-enrolment-condition" in html
    assert "data-enrol>" not in html


# --- The place page --------------------------------------------------------------------------


def test_the_place_page_shows_price_what_the_voucher_pays_and_the_co_payment(people: Any) -> None:
    response = login(Client(), people.enterprise_owner).get(place_url(people))
    assert response.status_code == 200
    html = response.content.decode()
    assert people.course.title in html
    assert people.provider.organisation.legal_name in html
    assert "<dd data-price>EUR 450.00</dd>" in html
    # Co-funding 20 %: the enterprise pays EUR 90.00, the voucher EUR 360.00.
    assert f'data-voucher-option="{people.voucher.code}"' in html
    assert "<td data-voucher-pays>EUR 360.00</td>" in html
    assert "<td data-co-payment>EUR 90.00 (20.00 %)</td>" in html
    assert "<td data-enterprise-pays>EUR 90.00</td>" in html
    # The voucher's end of validity, with its zone named.
    assert f'<span class="zone-name">{people.voucher.scheme.call.timezone}</span>' in html
    assert '<label for="id_voucher">' in html and '<label for="id_learner">' in html
    assert f'<option value="{people.learner.pk}">' in html
    assert f'<option value="{people.enterprise_owner.pk}" selected>' in html


def test_a_price_above_the_voucher_is_paid_by_the_enterprise_with_grouped_figures(
    in_tenant_a: Any,
) -> None:
    people = training_parties(in_tenant_a, price="7000.00")
    html = login(Client(), people.enterprise_owner).get(place_url(people)).content.decode()
    assert "<dd data-price>EUR 7,000.00</dd>" in html
    assert "<td data-voucher-pays>EUR 5,000.00</td>" in html
    assert "<td data-co-payment>EUR 1,400.00 (20.00 %)</td>" in html
    assert "<td data-enterprise-pays>EUR 2,000.00</td>" in html


def test_booking_on_the_page_redirects_to_the_voucher_and_says_the_provider_must_accept(
    people: Any,
) -> None:
    client = login(Client(), people.enterprise_owner)
    response = client.post(
        place_url(people), {"voucher": str(people.voucher.pk), "learner": str(people.learner.pk)}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("vouchers_detail", args=[people.voucher.code])
    [message] = [str(message) for message in get_messages(response.wsgi_request)]
    assert "the learner can enrol once the provider accepts" in message
    place = TrainingPlace.objects.get()
    assert place.learner == people.learner
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.PROVIDER_SELECTED
    html = client.get(place_url(people)).content.decode()
    assert f'data-place="{people.voucher.code}" data-place-state="waiting"' in html
    assert "Waiting for the provider to accept" in html
    assert "data-no-voucher" in html  # the voucher is spent while the provider answers


def test_the_places_booked_show_accepted_and_declined(people: Any) -> None:
    book(people)
    accept(people)
    html = login(Client(), people.learner).get(place_url(people)).content.decode()
    assert 'data-place-state="accepted"' in html
    assert "Accepted: the learner may enrol" in html
    Voucher.objects.filter(pk=people.voucher.pk).update(status=V.PROVIDER_SELECTED)
    accept(people, accept=False)
    html = login(Client(), people.enterprise_owner).get(place_url(people)).content.decode()
    assert 'data-place-state="declined"' in html
    # The declined voucher is issued again: it is offered for a new booking.
    assert f'data-voucher-option="{people.voucher.code}"' in html


def test_the_empty_state_explains_where_training_vouchers_come_from(people: Any) -> None:
    html = login(Client(), people.stranger).get(place_url(people)).content.decode()
    assert "data-no-voucher" in html
    assert "You have no training voucher to spend" in html
    assert f'href="{reverse("call_list")}"' in html
    assert "data-place-form" not in html
    assert people.voucher.code not in html


def test_a_voucher_whose_scheme_does_not_cover_training_is_not_offered(people: Any) -> None:
    scheme = people.voucher.scheme
    scheme.service_categories = [ServiceCategory.DIGITAL_AUDIT.value]
    scheme.save(update_fields=["service_categories"])
    html = login(Client(), people.enterprise_owner).get(place_url(people)).content.decode()
    assert "data-no-voucher" in html


@pytest.mark.parametrize("garbage", ["", "abc", "99999999", "1.5", "-1"])
def test_a_garbage_voucher_gives_a_form_error_not_a_500(people: Any, garbage: str) -> None:
    response = login(Client(), people.enterprise_owner).post(
        place_url(people), {"voucher": garbage, "learner": str(people.learner.pk)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Training voucher: " in html
    assert not TrainingPlace.objects.exists()


def test_a_garbage_learner_gives_a_form_error(people: Any) -> None:
    response = login(Client(), people.enterprise_owner).post(
        place_url(people), {"voucher": str(people.voucher.pk), "learner": "nobody"}
    )
    assert response.status_code == 400
    assert (
        "Learner: choose a member of the voucher&#x27;s organisation" in response.content.decode()
    )


def test_a_learner_of_another_organisation_is_refused_on_the_page(people: Any) -> None:
    response = login(Client(), people.enterprise_owner).post(
        place_url(people), {"voucher": str(people.voucher.pk), "learner": str(people.stranger.pk)}
    )
    assert response.status_code == 400
    assert not TrainingPlace.objects.exists()


def test_a_stranger_cannot_book_with_another_organisations_voucher(people: Any) -> None:
    response = login(Client(), people.stranger).post(
        place_url(people), {"voucher": str(people.voucher.pk), "learner": str(people.stranger.pk)}
    )
    assert response.status_code == 400
    assert not TrainingPlace.objects.exists()
    assert Voucher.objects.get(pk=people.voucher.pk).status == V.ISSUED
    # Nor do they see the voucher's page the booking would lead to.
    voucher_page = login(Client(), people.stranger).get(
        reverse("vouchers_detail", args=[people.voucher.code])
    )
    assert voucher_page.status_code == 404


def test_the_place_page_needs_a_sign_in(people: Any) -> None:
    response = Client().get(place_url(people))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_inactive_offer_or_a_course_without_offer_is_404(people: Any) -> None:
    client = login(Client(), people.enterprise_owner)
    assert client.get(reverse("training_place", args=["no-such-course"])).status_code == 404
    people.offer.active = False
    people.offer.save(update_fields=["active"])
    assert client.get(place_url(people)).status_code == 404


def test_tenant_bs_offer_is_404_on_tenant_as_host(people: Any, tenant_b: Any) -> None:
    from socialtech.tenancy.context import tenant_context

    with tenant_context(tenant_b):
        provider = AccreditationFactory(tenant=tenant_b, category=ServiceCategory.TRAINING).provider
        offer_b = OfferFactory(tenant=tenant_b, provider=provider, price=Decimal("100.00"))
    slug = offer_b.course.slug
    client = login(Client(), people.enterprise_owner)
    assert client.get(reverse("training_place", args=[slug])).status_code == 404
    assert (
        login(Client(HTTP_HOST=HOST_B), people.enterprise_owner)
        .get(reverse("training_place", args=[slug]))
        .status_code
        == 200
    )


def test_the_place_page_has_a_fixed_number_of_queries(
    people: Any, django_assert_num_queries: Any
) -> None:
    """Many vouchers to choose from, many members to choose among, many places booked: the
    page costs the same."""
    from organisations.models import OrganisationMember

    def more(booked: bool) -> None:
        extra = training_parties(people.voucher.tenant)
        OrganisationMember.objects.create(
            organisation=extra.voucher.organisation, user=people.enterprise_owner, role="editor"
        )
        if booked:
            place_book(
                offer=people.offer,
                voucher=extra.voucher,
                learner=extra.learner,
                by=extra.enterprise_owner,
            )

    more(booked=True)
    more(booked=False)
    client = login(Client(), people.enterprise_owner)
    client.get(place_url(people))
    with django_assert_num_queries(10):
        page = client.get(place_url(people))
    assert page.content.decode().count("data-place-state=") == 1
    assert page.content.decode().count("data-voucher-option=") == 2
    for _ in range(3):
        more(booked=True)
        more(booked=False)
    with django_assert_num_queries(10):
        page = client.get(place_url(people))
    assert page.content.decode().count("data-place-state=") == 4
    assert page.content.decode().count("data-voucher-option=") == 5


# --- The back office ---------------------------------------------------------------------------


def staff_client(user: Any) -> Client:
    return login(Client(), user, mfa=True)


def test_the_offer_admin_refuses_a_provider_not_accredited_for_training(
    people: Any, alice: Any
) -> None:
    from mooc.models import Course
    from tests.mooc.factories import CourseFactory
    from upskilling.models import CourseOffer

    tenant = people.voucher.tenant
    auditor = AccreditationFactory(tenant=tenant, category=ServiceCategory.DIGITAL_AUDIT).provider
    course = CourseFactory(tenant=tenant)
    client = staff_client(alice)
    response = client.post(
        reverse("admin:upskilling_courseoffer_add"),
        {"course": course.pk, "provider": auditor.pk, "price": "300.00", "active": "on"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Provider: " in html and "is not accredited for training" in html
    assert not CourseOffer.objects.filter(course=course).exists()
    response = client.post(
        reverse("admin:upskilling_courseoffer_add"),
        {"course": course.pk, "provider": people.provider.pk, "price": "300.00", "active": "on"},
    )
    assert response.status_code == 302
    assert CourseOffer.objects.get(course=course).price == Decimal("300.00")
    assert Course.objects.get(pk=course.pk).offer.provider == people.provider


def test_the_admin_lists_offers_with_places_and_places_with_voucher_status(
    people: Any, alice: Any
) -> None:
    book(people)
    client = staff_client(alice)
    offers = client.get(reverse("admin:upskilling_courseoffer_changelist")).content.decode()
    assert people.course.title in offers
    assert '<td class="field-places_booked">1</td>' in offers
    places = client.get(reverse("admin:upskilling_trainingplace_changelist")).content.decode()
    assert people.voucher.code in places
    assert "Provider selected" in places
    assert "Lara Learner" in places
