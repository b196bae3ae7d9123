"""``seed_bench``: the whole bench data set, programme by programme, in one transaction."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection, transaction

from applications.models import Application, ApplicationStatus
from calls.models import Call
from demo.bench.applications import Quotas, seed_applications, seed_reviews
from demo.bench.calls import seed_calls
from demo.bench.learning import seed_courses, seed_news_and_events
from demo.bench.money import seed_awards, seed_vouchers
from demo.bench.people import BENCH_DOMAIN, PROGRAMME_SLUGS, seed_programmes
from demo.bench.rows import manager_of
from demo.bench.sizes import DRAFT_SHARE, PROGRAMMES, RESULTS_CALLS, VOUCHER_CALL, Sizes
from dissemination.models import Event, NewsPost
from evaluations.models import EvaluatorProfile, Review
from grants.models import Award, Tranche
from mooc.models import Course, Enrolment
from socialtech.accounts.models import User
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Tenant
from vouchers.models import Voucher


class BenchRefused(Exception):
    """The database holds data that is not the bench's: seeding would mix the two."""


def _split(total: int, part: int) -> int:
    """Programme ``part``'s share of ``total`` (the first takes the remainder)."""
    share = total // PROGRAMMES
    return share + (total - share * PROGRAMMES if part == 0 else 0)


def _check_database(force: bool) -> None:
    if Tenant.objects.filter(slug__in=PROGRAMME_SLUGS).exists():
        raise BenchRefused("The bench data set is already in this database.")
    if force:
        return
    others = Tenant.objects.exclude(slug__in=PROGRAMME_SLUGS).count()
    people = User.objects.exclude(email__endswith=f"@{BENCH_DOMAIN}").count()
    if others or people:
        raise BenchRefused(
            f"This database already holds {others} programme(s) and {people} account(s) that "
            "are not bench data; use an empty database, or --force to add the bench data "
            "beside them."
        )


def seed_bench(
    *, scale: float = 1.0, force: bool = False, say: Callable[[str], None] = lambda _: None
) -> dict[str, int]:
    """Write the bench data set at ``scale``; returns the counts (see :func:`bench_counts`)."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    _check_database(force)
    sizes = Sizes.at(scale)
    started = time.perf_counter()
    drafts = round(sizes.applications * DRAFT_SHARE)
    with transaction.atomic():
        programmes = seed_programmes(sizes)
        say(f"programmes, people and organisations: {time.perf_counter() - started:.1f} s")
        for number, programme in enumerate(programmes):
            quotas = Quotas(
                applications=_split(sizes.applications, number),
                drafts=_split(drafts, number),
                awards=_split(sizes.awards, number),
                vouchers=_split(sizes.vouchers, number),
                reviews=_split(sizes.reviews, number),
            )
            with tenant_context(programme.tenant):
                calls = seed_calls(programme, number)
                by_call = seed_applications(programme, calls, quotas)
                seed_reviews(programme, calls, by_call, quotas.reviews)
                funded = [
                    app
                    for position in RESULTS_CALLS
                    for app in by_call.get(position, [])
                    if app.status == ApplicationStatus.MAIN_LIST
                ]
                seed_awards(programme, funded)
                seed_vouchers(programme, by_call.get(VOUCHER_CALL, []), quotas.vouchers)
                seed_courses(
                    programme,
                    number,
                    _split(sizes.courses, number),
                    _split(sizes.enrolments, number),
                )
                seed_news_and_events(
                    programme, number, _split(sizes.news, number), _split(sizes.events, number)
                )
            say(f"programme {number + 1}: {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        # Fresh statistics, as a database that grew over months has: plans of the pages
        # measured right after seeding are then the plans of a real installation.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        say(f"statistics: {time.perf_counter() - started:.1f} s")
    return bench_counts()


def bench_counts() -> dict[str, int]:
    """How many rows of each kind the bench programmes hold."""
    tenants = list(Tenant.objects.filter(slug__in=PROGRAMME_SLUGS))
    applications = manager_of(Application).filter(tenant__in=tenants)
    return {
        "programmes": len(tenants),
        "calls": manager_of(Call).filter(tenant__in=tenants).count(),
        "applications": applications.count(),
        "drafts": applications.filter(status=ApplicationStatus.DRAFT).count(),
        "evaluators": EvaluatorProfile.objects.filter(
            user__email__endswith=f"@{BENCH_DOMAIN}"
        ).count(),
        "reviews": manager_of(Review).filter(tenant__in=tenants).count(),
        "awards": manager_of(Award).filter(tenant__in=tenants).count(),
        "tranches": manager_of(Tranche).filter(tenant__in=tenants).count(),
        "vouchers": manager_of(Voucher).filter(tenant__in=tenants).count(),
        "courses": manager_of(Course).filter(tenant__in=tenants).count(),
        "enrolments": manager_of(Enrolment).filter(tenant__in=tenants).count(),
        "news": manager_of(NewsPost).filter(tenant__in=tenants).count(),
        "events": manager_of(Event).filter(tenant__in=tenants).count(),
    }


__all__ = ["BENCH_DOMAIN", "BenchRefused", "bench_counts", "seed_bench"]
