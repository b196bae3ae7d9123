"""Challenges: the review flow, the rules of the form, and hidden until staff publish."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from connect_to_innovate.challenges import services
from connect_to_innovate.errors import ConnectError
from connect_to_innovate.models import Challenge, ReviewStatus
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.conftest import login
from tests.connect_to_innovate.factories_c2i import challenge_make, offer_make, person

pytestmark = pytest.mark.django_db


def test_a_challenge_goes_draft_submitted_returned_resubmitted_published_closed(
    in_tenant_a, sara, sara_org, alice
):
    challenge = challenge_make(sara, organisation=sara_org, submit=False)
    assert challenge.status == ReviewStatus.DRAFT
    challenge = services.challenge_submit(challenge=challenge, by=sara)
    assert challenge.status == ReviewStatus.SUBMITTED
    submitted_mail = mail.outbox[-1]
    assert submitted_mail.to == [alice.email]
    assert "awaits your review" in submitted_mail.subject
    assert f"/admin/connect_to_innovate/challenge/{challenge.pk}/change/" in submitted_mail.body
    challenge = services.challenge_return(
        challenge=challenge, by=alice, reason="Say how many farms."
    )
    assert (challenge.status, challenge.return_reason) == (
        ReviewStatus.RETURNED,
        "Say how many farms.",
    )
    returned_mail = mail.outbox[-1]
    assert returned_mail.to == [sara.email]
    assert "Say how many farms." in returned_mail.body
    challenge = services.challenge_save(
        by=sara,
        challenge=challenge,
        organisation=sara_org,
        title=challenge.title,
        problem="Forty farms in the valley have elderly owners living alone.",
        target_group=challenge.target_group,
        sector=challenge.sector,
        country="IT",
        languages=["it"],
        budget_min=Decimal("10000.00"),
        budget_max=Decimal("40000.00"),
        tags="telecare",
    )
    challenge = services.challenge_submit(challenge=challenge, by=sara)
    challenge = services.challenge_approve(challenge=challenge, by=alice)
    assert challenge.status == ReviewStatus.PUBLISHED
    assert challenge.published_at is not None and challenge.reviewed_by == alice
    assert "is published" in mail.outbox[-1].subject
    challenge = services.challenge_close(challenge=challenge, by=sara)
    assert challenge.status == ReviewStatus.CLOSED
    verbs = list(
        AuditEvent.objects.filter(
            object_id=str(challenge.pk), verb__startswith="connect_to_innovate.challenge_"
        )
        .order_by("pk")
        .values_list("verb", flat=True)
    )
    assert [v for v in verbs if "notice" not in v] == [
        "connect_to_innovate.challenge_created",
        "connect_to_innovate.challenge_submitted",
        "connect_to_innovate.challenge_returned",
        "connect_to_innovate.challenge_changed",
        "connect_to_innovate.challenge_submitted",
        "connect_to_innovate.challenge_published",
        "connect_to_innovate.challenge_closed",
    ]


def test_a_move_the_table_does_not_allow_is_refused_naming_the_state(
    in_tenant_a, sara, sara_org, alice
):
    challenge = challenge_make(sara, organisation=sara_org, submit=False)
    with pytest.raises(ConnectError) as refused:
        services.challenge_approve(challenge=challenge, by=alice)
    assert refused.value.code == "wrong_state"
    assert "draft" in refused.value.message
    assert Challenge.objects.get(pk=challenge.pk).status == ReviewStatus.DRAFT


def test_only_staff_review_and_a_return_needs_a_reason(in_tenant_a, sara, sara_org, alice):
    challenge = challenge_make(sara, organisation=sara_org)
    with pytest.raises(PermissionDenied):
        services.challenge_approve(challenge=challenge, by=sara)
    with pytest.raises(ConnectError) as refused:
        services.challenge_return(challenge=challenge, by=alice, reason="  ")
    assert refused.value.field == "reason"


def test_a_submitted_challenge_cannot_change_until_returned(in_tenant_a, sara, sara_org):
    challenge = challenge_make(sara, organisation=sara_org)
    with pytest.raises(ConnectError) as refused:
        services.challenge_save(
            by=sara,
            challenge=challenge,
            organisation=sara_org,
            title="New",
            problem="p",
            target_group="t",
            sector="care_health",
            country="IT",
            languages=["it"],
            budget_min=Decimal("1.00"),
            budget_max=Decimal("2.00"),
            tags="",
        )
    assert refused.value.code == "not_editable"


def test_budget_minimum_above_maximum_is_refused_on_the_field(in_tenant_a, sara, sara_org):
    with pytest.raises(ConnectError) as refused:
        challenge_make(
            sara,
            organisation=sara_org,
            budget_min=Decimal("50000.00"),
            budget_max=Decimal("10000.00"),
        )
    assert refused.value.field == "budget_max"
    assert not Challenge.objects.exists()


def test_tags_are_lower_case_each_once_and_languages_must_be_eu_languages(
    in_tenant_a, sara, sara_org
):
    challenge = challenge_make(sara, organisation=sara_org, tags="Telecare,  SENSORS , telecare,,")
    assert challenge.tags == ["telecare", "sensors"]
    with pytest.raises(ConnectError) as refused:
        challenge_make(sara, organisation=sara_org, languages=["xx"])
    assert refused.value.field == "languages"
    with pytest.raises(ConnectError):
        challenge_make(sara, organisation=sara_org, languages=[])


def test_only_owners_and_editors_post_for_an_organisation(in_tenant_a, sara_org):
    stranger = person("stranger")
    with pytest.raises(PermissionDenied):
        challenge_make(stranger, organisation=sara_org)


def test_a_challenge_is_hidden_from_everyone_but_its_members_and_staff_until_published(
    tenant_a, sara, sara_org, paolo, paolo_org, alice
):
    from socialtech.tenancy.context import tenant_context

    with tenant_context(tenant_a):
        challenge = challenge_make(sara, organisation=sara_org, title="Hidden telecare challenge")
        offer = offer_make(paolo, organisation=paolo_org, staff=alice)
    url = reverse("c2i_challenge_detail", args=[challenge.pk])
    assert Client().get(url).status_code == 404
    assert login(Client(), paolo).get(url).status_code == 404
    assert "Hidden telecare" not in Client().get(reverse("c2i_challenge_list")).content.decode()
    offer_page = login(Client(), paolo).get(reverse("c2i_offer_detail", args=[offer.pk]))
    assert "Hidden telecare" not in offer_page.content.decode()
    assert login(Client(), sara).get(url).status_code == 200
    assert login(Client(), alice, mfa=True).get(url).status_code == 200

    with tenant_context(tenant_a):
        services.challenge_approve(challenge=challenge, by=alice)
    assert Client().get(url).status_code == 200
    assert "Hidden telecare" in Client().get(reverse("c2i_challenge_list")).content.decode()
    offer_page = login(Client(), paolo).get(reverse("c2i_offer_detail", args=[offer.pk]))
    assert "Hidden telecare" in offer_page.content.decode()


def test_the_form_keeps_what_was_typed_and_names_the_field(tenant_a, sara, sara_org):
    client = login(Client(), sara)
    response = client.post(
        reverse("c2i_challenge_new"),
        {
            "organisation": sara_org.pk,
            "title": "Tenant services",
            "problem": "Repairs are slow.",
            "target_group": "Tenants",
            "sector": "housing",
            "country": "IT",
            "languages": ["it"],
            "budget_min": "9000",
            "budget_max": "5000",
            "tags": "apps",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Repairs are slow." in page
    assert "The maximum must be at least the minimum" in page


def test_a_member_posts_and_submits_through_the_pages(tenant_a, sara, sara_org):
    client = login(Client(), sara)
    response = client.post(
        reverse("c2i_challenge_new"),
        {
            "organisation": sara_org.pk,
            "title": "Tenant services",
            "problem": "Repairs are slow.",
            "target_group": "Tenants",
            "sector": "housing",
            "country": "IT",
            "languages": ["it", "en"],
            "budget_min": "5000",
            "budget_max": "9000",
            "tags": "Apps, repairs",
        },
    )
    challenge = Challenge.unscoped.get()
    assert response.status_code == 302
    assert challenge.tags == ["apps", "repairs"]
    client.post(reverse("c2i_challenge_submit", args=[challenge.pk]))
    challenge.refresh_from_db()
    assert challenge.status == ReviewStatus.SUBMITTED
    mine = client.get(reverse("c2i_challenge_mine")).content.decode()
    assert "Tenant services" in mine


def test_staff_publish_and_return_in_the_back_office(tenant_a, sara, sara_org, alice):
    from socialtech.tenancy.context import tenant_context

    with tenant_context(tenant_a):
        first = challenge_make(sara, organisation=sara_org, title="First")
        second = challenge_make(sara, organisation=sara_org, title="Second")
    client = login(Client(), alice, mfa=True)
    change = client.get(reverse("admin:connect_to_innovate_challenge_change", args=[first.pk]))
    assert 'data-decision="approve"' in change.content.decode()
    url = reverse("admin:connect_to_innovate_challenge_review", args=[first.pk, "approve"])
    assert client.post(url).status_code == 302
    url = reverse("admin:connect_to_innovate_challenge_review", args=[second.pk, "return"])
    assert client.post(url, {"reason": ""}).status_code == 400
    assert client.post(url, {"reason": "Add the budget's breakdown."}).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == ReviewStatus.PUBLISHED
    assert (second.status, second.return_reason) == (
        ReviewStatus.RETURNED,
        "Add the budget's breakdown.",
    )


def test_a_returned_challenge_is_changed_and_resubmitted_through_its_pages(
    tenant_a, sara, sara_org, alice
):
    with tenant_context(tenant_a):
        challenge = challenge_make(sara, organisation=sara_org, title="Farm alarms")
        services.challenge_return(challenge=challenge, by=alice, reason="Name the villages.")
    client = login(Client(), sara)
    page = client.get(reverse("c2i_challenge_detail", args=[challenge.pk])).content.decode()
    assert "Name the villages." in page
    edit = reverse("c2i_challenge_edit", args=[challenge.pk])
    assert "Farm alarms" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "title": "Farm alarms in Val di Non",
            "problem": "Twelve villages.",
            "target_group": "Older farmers",
            "sector": "care_health",
            "country": "IT",
            "languages": ["it"],
            "budget_min": "1000",
            "budget_max": "2000",
            "tags": "alarms",
        },
    )
    assert response.status_code == 302
    client.post(reverse("c2i_challenge_submit", args=[challenge.pk]))
    challenge.refresh_from_db()
    assert (challenge.title, challenge.status) == ("Farm alarms in Val di Non", "submitted")
    # Awaiting review: the form is closed again.
    assert client.get(edit).status_code == 302
    assert login(Client(), person("outsider")).get(edit).status_code == 404


def test_only_a_side_of_the_pair_opens_the_interest_form(tenant_a, sara, sara_org, paolo, alice):
    with tenant_context(tenant_a):
        challenge = challenge_make(sara, organisation=sara_org, staff=alice)
        offer = offer_make(paolo, staff=alice)
    url = reverse("c2i_interest_new") + f"?challenge={challenge.pk}&offer={offer.pk}"
    assert login(Client(), person("outsider")).get(url).status_code == 404
    assert (
        login(Client(), sara).get(reverse("c2i_interest_new") + "?challenge=x").status_code == 404
    )
    client = login(Client(), paolo)
    assert client.get(url).status_code == 200
    assert client.post(url, {"message": ""}).status_code == 400
    response = client.post(url, {"message": "We build alarms."})
    assert response.status_code == 302
    assert client.get(url).status_code == 302  # the existing connection opens
