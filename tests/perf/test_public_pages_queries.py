"""The public pages (home, calls, feeds, a call and its calendar entry, published results,
the beneficiaries; their open data is measured in tests/reports/test_beneficiaries.py)
cost the same queries for N and for 3N rows, and stay under a ceiling."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client, TestCase
from django.urls import reverse

from calls.guidance.models import CallDocument, CallQuestion
from socialtech.tenancy.models import HomeCard
from tests.calls.factories import CallFactory, CriterionFactory
from tests.conftest import login
from tests.perf.world import Page, assert_flat, cases

numbers = itertools.count(1)


def more_calls(tenant: Any) -> Any:
    def more(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            # Each of its own work package: a work package read per row would show.
            CallFactory(tenant=tenant, reference=f"PUB{n}", work_package=f"wp-pub{n}")

    return more


def more_call_parts(call: Any) -> Any:
    def more(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            CriterionFactory(call=call, name={"en": f"Criterion {n}"})
            CallQuestion.objects.create(
                call=call, question={"en": f"Question {n}?"}, answer={"en": "Yes."}, order=n
            )
            document = CallDocument(call=call, title={"en": f"Guide {n}"}, original_name="g.pdf")
            document.file.save(f"guide-{n}.pdf", ContentFile(b"%PDF-1.4\n"), save=True)

    return more


def home(world: dict[str, Any]) -> Page:
    def more(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            HomeCard.objects.create(title={"en": f"Card {n}"}, link="/calls/", order=n)

    return Page(Client(), reverse("home"), more)


def call_list(world: dict[str, Any]) -> Page:
    return Page(Client(), reverse("call_list"), more_calls(world["tenant"]))


def call_feed_rss(world: dict[str, Any]) -> Page:
    return Page(Client(), reverse("call_feed_rss"), more_calls(world["tenant"]))


def call_feed_atom(world: dict[str, Any]) -> Page:
    return Page(Client(), reverse("call_feed_atom"), more_calls(world["tenant"]))


def call_detail(world: dict[str, Any]) -> Page:
    call = world["call"]
    return Page(Client(), reverse("call_detail", args=[call.slug]), more_call_parts(call))


def call_ical(world: dict[str, Any]) -> Page:
    call = world["call"]
    url = reverse("call_ical", args=[call.slug])
    return Page(Client(), url, more_call_parts(call), grows=False)


def more_results(world: dict[str, Any]) -> Any:
    from tests.evaluations.test_results import application_of

    def more(count: int) -> None:
        for _ in range(count):
            application_of(
                world["results_call"],
                f"Cooperativa {next(numbers)}",
                owner=world["applicant"],
                status="rejected_budget",
            )

    return more


def results_list(world: dict[str, Any]) -> Page:
    publish(world)
    client = login(Client(), world["applicant"])
    return Page(client, reverse("results_list"), more_results(world))


def results_detail(world: dict[str, Any]) -> Page:
    publish(world)
    client = login(Client(), world["applicant"])
    url = reverse("results_detail", args=[world["own"].pk])
    return Page(client, url, more_results(world), grows=False)


def more_grants(world: dict[str, Any]) -> Any:
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from grants.models import RecoveryOrder
    from tests.api.factories import ApplicationFactory
    from tests.factories import OrganisationFactory
    from tests.grants.factories import AwardFactory

    call = CallFactory(tenant=world["tenant"], reference="BEN1", status="results")

    def more(count: int) -> None:
        for _ in range(count):
            n = next(numbers)
            # Each of its own organisation, every other one a natural person, each with a
            # recovery order: an organisation or a recovery read per row would show.
            application = ApplicationFactory(
                call=call,
                tenant=call.tenant,
                organisation=OrganisationFactory(
                    legal_name=f"Beneficiary {n}", legal_form="sole_trader" if n % 2 else "mutual"
                ),
                status="accepted",
                published_outcome="main_list",
                submitted_at=timezone.now(),
                receipt_number=f"BEN-{n:06d}",
            )
            award = AwardFactory(
                application=application,
                status="signed",
                decided_at=timezone.now() - timedelta(days=n),
            )
            RecoveryOrder.objects.create(award=award, amount=Decimal("10"), reason="Costs")

    return more


def beneficiaries(world: dict[str, Any]) -> Page:
    return Page(Client(), reverse("beneficiaries"), more_grants(world))


PAGES = {
    "home": home,
    "call_list": call_list,
    "call_feed_rss": call_feed_rss,
    "call_feed_atom": call_feed_atom,
    "call_detail": call_detail,
    "call_ical": call_ical,
    "results_list": results_list,
    "results_detail": results_detail,
    "beneficiaries": beneficiaries,
}

# Pages that still read a row per listed row, with why the fix is not a few lines.
KNOWN_GROWTH: dict[str, str] = {}


@pytest.fixture
def world(in_tenant_a, applicant, alice, bob) -> dict[str, Any]:
    """An open call; the results pages add a call with published results."""
    return {
        "tenant": in_tenant_a,
        "call": CallFactory(tenant=in_tenant_a, reference="OPEN1"),
        "applicant": applicant,
        "alice": alice,
        "bob": bob,
    }


def publish(world: dict[str, Any]) -> None:
    """A call whose results are published, with the applicant's outcome among them."""
    from tests.evaluations.test_redress import (
        application_of,
        approved_consensus,
        call_mark_evaluated,
        call_publish_results,
        call_ranking_run,
        results_call,
        reviewed,
    )

    alice, bob = world["alice"], world["bob"]
    published = results_call(world["tenant"], reference="RES1")
    own = application_of(published, "Cooperativa Aurora", owner=world["applicant"], amount="40000")
    reviewed(own, ("4", "4", "2.5"), ("4", "4", "2.5"))
    other = application_of(published, "Other Cooperative", amount="50000")
    reviewed(other, ("4", "4", "4"), ("4", "4", "4"))
    call_mark_evaluated(call=published, by=alice)
    approved_consensus(own, ("4", "4", "2.5"), rapporteur=alice, approver=bob)
    call_ranking_run(call=published, by=bob, seed=2)
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_publish_results(call=published, by=bob)
    world.update(results_call=published, own=own)


@pytest.mark.parametrize("name", cases(list(PAGES), KNOWN_GROWTH))
def test_public_page_costs_the_same_queries_for_n_and_3n_rows(world, name):
    assert_flat(name, PAGES[name](world))
