"""The applicant's pages (My applications, the start page, the form, its review, the receipt,
organisations, the profile and its export) cost the same queries for N and 3N rows."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from organisations.models import OrganisationInvitation
from tests.api.factories import ApplicationFactory, AttachmentFactory
from tests.calls.factories import VALID_ANSWERS, CallFactory, FormFieldFactory, full_form
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory
from tests.perf.world import Page, assert_flat, cases

numbers = itertools.count(1)


def more_applications(world: dict[str, Any]) -> Any:
    """Applications of the applicant's organisations, each of its own organisation and call."""

    def more(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            call = CallFactory(tenant=world["tenant"], reference=f"APP{n}", work_package=f"w{n}")
            organisation = OrganisationFactory(owner=world["applicant"])
            application = ApplicationFactory(
                call=call, organisation=organisation, created_by=world["applicant"]
            )
            AttachmentFactory(application=application)

    return more


def more_fields(world: dict[str, Any]) -> Any:
    """More questions on the form, each a file question with its uploaded file."""
    application = world["application"]

    def more(count: int) -> None:
        for _ in range(count):
            key = f"annex_{next(numbers)}"
            FormFieldFactory(
                call=application.call,
                key=key,
                type="file",
                required=False,
                allowed_types=["pdf"],
                max_bytes=1024 * 1024,
            )
            AttachmentFactory(application=application, field_key=key, original_name=f"{key}.pdf")

    return more


def application_dashboard(world: dict[str, Any]) -> Page:
    return Page(world["client"], reverse("application_dashboard"), more_applications(world))


def application_start(world: dict[str, Any]) -> Page:
    call = world["application"].call

    def more(count: int) -> None:
        for _ in range(count):
            organisation = OrganisationFactory(owner=world["applicant"])
            ApplicationFactory(call=call, organisation=organisation, created_by=world["applicant"])

    return Page(world["client"], reverse("application_start", args=[call.slug]), more)


def application_edit(world: dict[str, Any]) -> Page:
    url = reverse("application_edit", args=[world["application"].pk])
    return Page(world["client"], url, more_fields(world))


def application_review(world: dict[str, Any]) -> Page:
    url = reverse("application_review", args=[world["application"].pk])
    return Page(world["client"], url, more_fields(world))


def application_confirmation(world: dict[str, Any]) -> Page:
    application = world["application"]
    application.status = "submitted"
    application.receipt_number = "ALPHA-2026-APPL1-000001"
    application.submitted_at = timezone.now()
    application.submitted_answers = application.answers
    application.save()
    url = reverse("application_confirmation", args=[application.pk])
    adding = [more_fields(world), more_applications(world)]
    return Page(world["client"], url, lambda n: [add(n) for add in adding], grows=False)


def organisation_list(world: dict[str, Any]) -> Page:
    def more(count: int) -> None:
        for _ in range(count):
            OrganisationFactory(owner=UserFactory(), editors=[world["applicant"]])

    return Page(world["client"], reverse("organisation_list"), more)


def organisation_detail(world: dict[str, Any]) -> Page:
    organisation = world["organisation"]

    def more(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            organisation.members.create(user=UserFactory(), role="editor")
            OrganisationInvitation.objects.create(
                organisation=organisation,
                email=f"invited{n}@example.org",
                role="editor",
                invited_by=UserFactory(),
                tenant=world["tenant"],
            )

    url = reverse("organisation_detail", args=[organisation.pk])
    return Page(world["client"], url, more)


def accounts_profile(world: dict[str, Any]) -> Page:
    return Page(world["client"], reverse("accounts_profile"), more_applications(world), grows=False)


def accounts_data_export(world: dict[str, Any]) -> Page:
    return Page(world["client"], reverse("accounts_data_export"), more_applications(world))


PAGES = {
    "application_dashboard": application_dashboard,
    "application_start": application_start,
    "application_edit": application_edit,
    "application_review": application_review,
    "application_confirmation": application_confirmation,
    "organisation_list": organisation_list,
    "organisation_detail": organisation_detail,
    "accounts_profile": accounts_profile,
    "accounts_data_export": accounts_data_export,
}

# Pages that still read a row per listed row, with why the fix is not a few lines.
KNOWN_GROWTH: dict[str, str] = {}


@pytest.fixture
def world(in_tenant_a, applicant) -> dict[str, Any]:
    """The applicant's draft to an open call with one question of every type."""
    call = CallFactory(tenant=in_tenant_a, reference="APPL1", max_applications_per_organisation=50)
    full_form(call)
    organisation = OrganisationFactory(owner=applicant, legal_name="Cooperativa Sociale Aurora")
    application = ApplicationFactory(
        call=call, organisation=organisation, created_by=applicant, answers=dict(VALID_ANSWERS)
    )
    AttachmentFactory(application=application)
    return {
        "tenant": in_tenant_a,
        "applicant": applicant,
        "client": login(Client(), applicant),
        "organisation": organisation,
        "application": application,
    }


@pytest.mark.parametrize("name", cases(list(PAGES), KNOWN_GROWTH))
def test_applicant_page_costs_the_same_queries_for_n_and_3n_rows(world, name):
    assert_flat(name, PAGES[name](world))
