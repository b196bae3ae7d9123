"""Two promotions racing on PostgreSQL: the reserve list is promoted once per lapsed offer,
and two lapsed offers of one call promote two different applications within the budget.

Runs where row locks are real (``DATABASE_URL`` on PostgreSQL); SQLite serialises every
writer on the whole file, so there the race cannot happen and the test is skipped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from applications.models import ApplicationStatus
from grants.models import Award, AwardStatus
from grants.offers import jobs
from grants.offers.services import offer_make
from socialtech.tenancy.context import tenant_context
from tests.factories import UserFactory
from tests.grants.conftest import Ranked, deadline

S = ApplicationStatus

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL"),
]


def race(tenant: Any, *calls: Callable[[], Any]) -> list[Any]:
    """Run ``calls`` at once, each in a thread with its own connection; their results."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        from django.db import connections

        try:
            with tenant_context(tenant):
                barrier.wait(timeout=10)
                results[index] = call()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def lapsed_offers(ranked: Ranked, alice: Any, count: int) -> list[Award]:
    owner = UserFactory()
    mains = [ranked.add(S.MAIN_LIST, "30000", owner=owner) for _ in range(count)]
    for _ in range(count + 1):
        ranked.add(S.RESERVE_LIST, "30000")
    ranked.rank(alice)
    awards = []
    for application in mains:
        award = offer_make(
            application=application,
            amount=Decimal("30000"),
            reason="",
            deadline=deadline(),
            by=alice,
        )
        awards.append(award)
    # Lapsed, their promotion not yet run (as right after the decline commits).
    Award.objects.filter(pk__in=[a.pk for a in awards]).update(status=AwardStatus.DECLINED)
    return awards


def test_two_runners_for_one_decline_promote_once(
    ranked: Ranked, alice: Any, tenant_a: Any
) -> None:
    (award,) = lapsed_offers(ranked, alice, 1)
    results = race(
        tenant_a,
        lambda: jobs.reserve_promote(award_id=award.pk),
        lambda: jobs.reserve_promote(award_id=award.pk),
        lambda: jobs.reserve_promote(award_id=award.pk),
    )
    promoted = Award.objects.filter(from_reserve=True)
    assert promoted.count() == 1
    assert set(results) == {promoted.get().pk}
    assert Award.objects.get(pk=award.pk).replaced_by_id == promoted.get().pk


def test_two_declines_of_one_call_promote_two_in_turn(
    ranked: Ranked, alice: Any, tenant_a: Any
) -> None:
    first, second = lapsed_offers(ranked, alice, 2)
    race(
        tenant_a,
        lambda: jobs.reserve_promote(award_id=first.pk),
        lambda: jobs.reserve_promote(award_id=second.pk),
    )
    promoted = list(
        Award.objects.filter(from_reserve=True).values_list("application_id", flat=True)
    )
    assert len(promoted) == 2
    assert len(set(promoted)) == 2
    reserve = [row.pk for row in ranked.rows if row.status == S.RESERVE_LIST]
    # The first two of the reserve, in ranking order; the third stays on the list.
    assert set(promoted) == set(reserve[:2])
