"""Every list and detail endpoint of the JSON API costs the same queries for N and 3N rows.

The endpoints are read from the URL resolver (every ``…-list`` and ``…-detail`` route under
``/api/v1/``); each needs a way to be filled below, so a new endpoint fails here until it
has one, and from then on a new N+1 in it fails the build.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.api.factories import ApplicationFactory, AttachmentFactory
from tests.calls.factories import CallFactory, CriterionFactory, FormFieldFactory, full_form
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory
from tests.perf.world import Page, assert_flat, cases

N = 5
references = itertools.count(1)


def api_route_names() -> list[str]:
    """The names of the list and detail routes under /api/v1/."""
    names: set[str] = set()

    def walk(patterns: list[Any], prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
            elif (
                isinstance(pattern, URLPattern)
                and route.startswith("api/v1/")
                and (pattern.name or "").endswith(("-list", "-detail"))
            ):
                names.add(pattern.name)

    walk(get_resolver().url_patterns, "")
    return sorted(names)


def call_list(world: dict[str, Any]) -> Page:
    def more(count: int) -> None:
        for _ in range(count):
            CallFactory(tenant=world["tenant"], work_package=f"wp{next(counter)}")

    counter = iter(range(10_000))
    return Page(Client(), reverse("call-list"), more)


def call_detail(world: dict[str, Any]) -> Page:
    call = world["call"]

    def more(count: int) -> None:
        for _ in range(count):
            FormFieldFactory(call=call, type="choice", options=[{"value": "a", "label": {}}])
            CriterionFactory(call=call)

    return Page(Client(), reverse("call-detail", args=[call.slug]), more)


def organisation_list(world: dict[str, Any]) -> Page:
    def more(count: int) -> None:
        for _ in range(count):
            OrganisationFactory(owner=world["applicant"], editors=[UserFactory()])

    return Page(world["applicant_client"], reverse("organisation-list"), more)


def organisation_detail(world: dict[str, Any]) -> Page:
    organisation = world["organisation"]

    def more(count: int) -> None:
        for _ in range(count):
            organisation.members.create(user=UserFactory(), role="editor")
            OrganisationFactory(owner=world["applicant"])

    url = reverse("organisation-detail", args=[organisation.pk])
    return Page(world["applicant_client"], url, more, grows=False)


def application_list(world: dict[str, Any]) -> Page:
    def more(count: int) -> None:
        for _ in range(count):
            application = ApplicationFactory(
                call=world["call"],
                organisation=OrganisationFactory(owner=world["applicant"]),
                created_by=world["applicant"],
            )
            AttachmentFactory(application=application)

    return Page(world["applicant_client"], reverse("application-list"), more)


def application_detail(world: dict[str, Any]) -> Page:
    application = world["application"]

    def more(count: int) -> None:
        for _ in range(count):
            AttachmentFactory(
                application=application,
                uploaded_by=UserFactory(),
                field_key=f"file_{next(references)}",
            )

    url = reverse("application-detail", args=[application.pk])
    return Page(world["applicant_client"], url, more)


def review_list(world: dict[str, Any]) -> Page:
    from tests.evaluations.test_workspace import assign, evaluation_call, submitted_application

    def more(count: int) -> None:
        for _ in range(count):
            call = evaluation_call(world["tenant"], reference=f"Q{next(references)}")
            assign(submitted_application(call), world["reviewer"])

    return Page(world["reviewer_client"], reverse("review-list"), more)


def review_detail(world: dict[str, Any]) -> Page:
    """One assignment's review: more criteria and more of the evaluator's assignments."""
    from tests.evaluations.test_workspace import assign, submitted_application

    assignment = world["assignment"]
    call = assignment.application.call

    def more(count: int) -> None:
        for _ in range(count):
            CriterionFactory(call=call)
            number = next(references) + 100
            assign(submitted_application(call, number=number), world["reviewer"])

    url = reverse("review-detail", args=[assignment.pk])
    return Page(world["reviewer_client"], url, more, grows=False)


def task_detail(world: dict[str, Any]) -> Page:
    """A task's state comes from the cache: the rows it worked on must not cost a query."""
    from tests.api.conftest import post_json
    from tests.evaluations import test_assignment_services as assigning

    call = assigning.evaluation_call(world["tenant"], slug="care-grants-2026")
    assigning.applications(call, 3)
    assigning.pool(call, 3)
    client = login(Client(), world["alice"], mfa=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = post_json(client, f"/api/v1/calls/{call.slug}/assign-evaluators/")
    url = reverse("task-detail", args=[started.json()["task"]])
    return Page(client, url, lambda count: assigning.applications(call, count), grows=False)


def award_list(world: dict[str, Any]) -> Page:
    from tests.grants.factories import AwardFactory

    def more(count: int) -> None:
        for _ in range(count):
            AwardFactory(
                application__call=world["call"],
                application__organisation=OrganisationFactory(owner=world["applicant"]),
                application__created_by=world["applicant"],
            )

    return Page(world["applicant_client"], reverse("award-list"), more)


def award_list_for_staff(world: dict[str, Any]) -> Page:
    from tests.grants.factories import AwardFactory

    def more(count: int) -> None:
        for _ in range(count):
            AwardFactory(application__call=world["call"])

    return Page(login(Client(), world["alice"], mfa=True), reverse("award-list"), more)


def award_detail(world: dict[str, Any]) -> Page:
    from tests.grants.factories import AwardFactory

    award = AwardFactory(
        application__call=world["call"],
        application__organisation=world["organisation"],
        application__created_by=world["applicant"],
    )

    def more(count: int) -> None:
        for _ in range(count):
            AwardFactory(application__call=world["call"])

    url = reverse("award-detail", args=[award.pk])
    return Page(world["applicant_client"], url, more, grows=False)


def _flag(world: dict[str, Any], *, other_tenant: Any = None) -> Any:
    from decimal import Decimal

    from grants.models import DuplicateFlag

    own = ApplicationFactory(call=world["call"])
    other = ApplicationFactory(call=world["call"])
    return DuplicateFlag.objects.create(
        application=own,
        call=world["call"],
        other_application=other,
        other_key=other.pk,
        other_tenant=world["tenant"],
        similarity=Decimal("0.900"),
    )


def duplicate_flag_list(world: dict[str, Any]) -> Page:
    def more(count: int) -> None:
        for _ in range(count):
            _flag(world)

    return Page(login(Client(), world["alice"], mfa=True), reverse("duplicate-flag-list"), more)


def duplicate_flag_detail(world: dict[str, Any]) -> Page:
    flag = _flag(world)

    def more(count: int) -> None:
        for _ in range(count):
            _flag(world)

    url = reverse("duplicate-flag-detail", args=[flag.pk])
    return Page(login(Client(), world["alice"], mfa=True), url, more, grows=False)


def _voucher(world: dict[str, Any], *, organisation: Any = None) -> Any:
    """A voucher a provider holds and has claimed (each row with its own scheme, call,
    provider and claim, so a read per row shows in the count)."""
    from django.core.files.base import ContentFile

    from tests.vouchers.factories import (
        AccreditationFactory,
        OwnVatOrganisationFactory,
        VoucherFactory,
    )
    from vouchers.models import Claim

    accreditation = AccreditationFactory(tenant=world["tenant"])
    voucher = VoucherFactory(
        tenant=world["tenant"],
        application__organisation=organisation or OwnVatOrganisationFactory(),
        status="claim_submitted",
        provider=accreditation.provider,
        category=accreditation.category,
        scope="Digital audit, two days on site.",
        agreed_price=Decimal("4800.00"),
    )
    Claim.objects.create(
        voucher=voucher,
        submitted_by=world["alice"],
        amount=Decimal("3840.00"),
        invoice_number=f"INV-{next(references)}",
        invoice_date=timezone.localdate(),
        invoice=ContentFile(b"%PDF-1.4 invoice", name="invoice.pdf"),
        delivery_proof=ContentFile(b"%PDF-1.4 report", name="report.pdf"),
    )
    return voucher


def _applicant_organisation(world: dict[str, Any]) -> Any:
    from tests.vouchers.factories import OwnVatOrganisationFactory

    return OwnVatOrganisationFactory(owner=world["applicant"])


def voucher_list(world: dict[str, Any]) -> Page:
    def more(count: int) -> None:
        for _ in range(count):
            _voucher(world, organisation=_applicant_organisation(world))

    return Page(world["applicant_client"], reverse("voucher-list"), more)


def voucher_list_for_staff(world: dict[str, Any]) -> Page:
    def more(count: int) -> None:
        for _ in range(count):
            _voucher(world)

    return Page(login(Client(), world["alice"], mfa=True), reverse("voucher-list"), more)


def voucher_detail(world: dict[str, Any]) -> Page:
    voucher = _voucher(world, organisation=_applicant_organisation(world))

    def more(count: int) -> None:
        for _ in range(count):
            _voucher(world, organisation=_applicant_organisation(world))

    url = reverse("voucher-detail", args=[voucher.code])
    return Page(world["applicant_client"], url, more, grows=False)


def challenge_list(world: dict[str, Any]) -> Page:
    from tests.connect_to_innovate.factories_c2i import challenge_make, person

    def more(count: int) -> None:
        for _ in range(count):
            challenge_make(person(f"poster{next(counter)}"), staff=world["alice"])

    counter = iter(range(10_000))
    return Page(Client(), reverse("challenge-list"), more)


def offer_list(world: dict[str, Any]) -> Page:
    from tests.connect_to_innovate.factories_c2i import offer_make, person

    def more(count: int) -> None:
        for _ in range(count):
            offer_make(person(f"provider{next(counter)}"), staff=world["alice"])

    counter = iter(range(10_000))
    return Page(Client(), reverse("offer-list"), more)


ENDPOINTS: dict[str, Callable[[dict[str, Any]], Page]] = {
    "call-list": call_list,
    "call-detail": call_detail,
    "organisation-list": organisation_list,
    "organisation-detail": organisation_detail,
    "application-list": application_list,
    "application-detail": application_detail,
    "review-list": review_list,
    "review-detail": review_detail,
    "task-detail": task_detail,
    "award-list": award_list,
    "award-detail": award_detail,
    "duplicate-flag-list": duplicate_flag_list,
    "duplicate-flag-detail": duplicate_flag_detail,
    "voucher-list": voucher_list,
    "voucher-detail": voucher_detail,
    "challenge-list": challenge_list,
    "offer-list": offer_list,
}

# Endpoints that still read a row per listed row, with why the fix is not a few lines.
KNOWN_GROWTH: dict[str, str] = {}


@pytest.fixture
def world(in_tenant_a, applicant, alice) -> dict[str, Any]:
    from tests.evaluations.test_workspace import (
        assign,
        assignment_declare,
        evaluation_call,
        expert,
        submitted_application,
    )

    call = CallFactory(tenant=in_tenant_a, slug="digital-care-2026", reference="PERF1")
    full_form(call)
    organisation = OrganisationFactory(owner=applicant)
    application = ApplicationFactory(call=call, organisation=organisation, created_by=applicant)
    AttachmentFactory(application=application)
    reviewer = expert("reviewer@experts.example.net")
    evaluated = evaluation_call(in_tenant_a, reference="PERF2")
    assignment = assign(submitted_application(evaluated), reviewer)
    assignment_declare(assignment=assignment, user=reviewer.user, has_conflict=False)
    return {
        "tenant": in_tenant_a,
        "alice": alice,
        "call": call,
        "applicant": applicant,
        "applicant_client": login(Client(), applicant),
        "organisation": organisation,
        "application": application,
        "reviewer": reviewer,
        "reviewer_client": login(Client(), reviewer.user, mfa=True),
        "assignment": assignment,
    }


def test_the_staff_award_list_costs_the_same_queries_for_n_and_3n_rows(world):
    assert_flat("award-list (staff)", award_list_for_staff(world), rows=N)


def test_the_staff_voucher_list_costs_the_same_queries_for_n_and_3n_rows(world):
    assert_flat("voucher-list (staff)", voucher_list_for_staff(world), rows=N)


def test_every_api_list_and_detail_route_has_a_budget_here():
    assert set(api_route_names()) == set(ENDPOINTS)


@pytest.mark.parametrize("name", cases(api_route_names(), KNOWN_GROWTH))
def test_every_api_list_and_detail_costs_the_same_queries_for_n_and_3n_rows(world, name):
    assert name in ENDPOINTS, f"{name}: add how to fill it to ENDPOINTS"
    assert_flat(name, ENDPOINTS[name](world), rows=N)
