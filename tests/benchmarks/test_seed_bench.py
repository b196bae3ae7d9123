"""``seed_bench`` at a hundredth of its size: the counts, and a data set shaped like a real one."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from applications.models import Application, ApplicationStatus
from calls.models import Call, CallStatus, FormField
from demo.bench import Sizes, bench_counts
from demo.bench.sizes import SHOWCASE_APPLICATIONS
from evaluations.models import Assignment, CallEvaluator, Review
from grants.models import Award, Tranche
from mooc.models import Enrolment
from organisations.models import OrganisationMember
from socialtech.accounts.models import User
from socialtech.tenancy.models import Tenant
from vouchers.models import Voucher

SCALE = 0.01


@pytest.fixture
def seeded(db: None) -> dict[str, int]:
    out = io.StringIO()
    call_command("seed_bench", f"--scale={SCALE}", stdout=out)
    return bench_counts()


def test_the_counts_are_those_asked_for_at_the_scale(seeded: dict[str, int]) -> None:
    sizes = Sizes.at(SCALE)
    assert seeded == {
        "programmes": 2,
        "calls": 20,
        "applications": sizes.applications,
        "drafts": round(sizes.applications * 0.1),
        "evaluators": sizes.evaluators,
        "reviews": sizes.reviews,
        "awards": sizes.awards,
        "tranches": sizes.awards * 3,
        "vouchers": sizes.vouchers,
        "courses": sizes.courses,
        "enrolments": sizes.enrolments,
        "news": sizes.news,
        "events": sizes.events,
    }


def test_the_full_size_is_the_one_of_the_issue() -> None:
    full = Sizes.at(1)
    assert (full.applications, full.evaluators, full.reviews) == (20_000, 300, 60_000)
    assert (full.awards, full.vouchers, full.courses, full.enrolments) == (
        5_000,
        2_000,
        1_000,
        50_000,
    )


def test_drafts_are_a_tenth_and_only_on_open_calls(seeded: dict[str, int]) -> None:
    drafts = Application.unscoped.filter(status=ApplicationStatus.DRAFT)
    assert drafts.count() * 10 == seeded["applications"]
    assert set(drafts.values_list("call__status", flat=True)) == {CallStatus.OPEN}
    assert not drafts.exclude(receipt_number="").exists()
    submitted = Application.unscoped.exclude(status=ApplicationStatus.DRAFT)
    assert not submitted.filter(receipt_number="").exists()
    receipts = list(submitted.values_list("tenant_id", "receipt_number"))
    assert len(set(receipts)) == len(receipts)


def test_every_call_has_a_forty_field_form_and_every_answer_fits_it(
    seeded: dict[str, int],
) -> None:
    per_call = FormField.unscoped.values("call").annotate(n=Count("pk"))
    assert {row["n"] for row in per_call} == {40}
    assert per_call.count() == 20
    keys = set(FormField.unscoped.values_list("key", flat=True))
    for answers in Application.unscoped.values_list("answers", flat=True)[:50]:
        assert set(answers) == keys


def test_an_organisation_applies_to_a_call_once(seeded: dict[str, int]) -> None:
    pairs = Counter(Application.unscoped.values_list("call_id", "organisation_id"))
    assert max(pairs.values()) == 1


def test_every_review_belongs_to_an_evaluator_who_accepted_that_call(
    seeded: dict[str, int],
) -> None:
    accepted = set(
        CallEvaluator.unscoped.filter(status=CallEvaluator.Status.ACCEPTED).values_list(
            "call_id", "evaluator_id"
        )
    )
    reviews = Review.unscoped.values_list(
        "assignment__application__call_id",
        "assignment__evaluator_id",
        "tenant_id",
        "assignment__application__tenant_id",
    )
    assert reviews
    for call_id, evaluator_id, tenant_id, application_tenant in reviews:
        assert (call_id, evaluator_id) in accepted
        assert tenant_id == application_tenant
    reviewed = Application.unscoped.filter(assignments__isnull=False).distinct()
    assert not reviewed.filter(status__in=[ApplicationStatus.DRAFT]).exists()
    assert not reviewed.filter(call__status=CallStatus.OPEN).exists()
    per_application = Counter(Assignment.unscoped.values_list("application_id", flat=True))
    assert set(per_application.values()) <= {3, 4}


def test_awards_are_on_funded_applications_with_tranches_adding_up(
    seeded: dict[str, int],
) -> None:
    awards = Award.unscoped.select_related("application")
    assert {award.application.status for award in awards} == {ApplicationStatus.MAIN_LIST}
    assert {award.call.status for award in awards} == {CallStatus.RESULTS}
    for award in awards:
        tranches = Tranche.unscoped.filter(award=award)
        assert sum(tranche.amount for tranche in tranches) == award.amount
        assert award.organisation_id == award.application.organisation_id


def test_vouchers_are_on_the_voucher_calls(seeded: dict[str, int]) -> None:
    kinds = set(Voucher.unscoped.values_list("application__call__kind", flat=True))
    assert kinds == {"voucher"}
    codes = list(Voucher.unscoped.values_list("code", flat=True))
    assert len(set(codes)) == len(codes)


def test_each_programme_has_an_applicant_with_four_applications(seeded: dict[str, int]) -> None:
    for tenant in Tenant.objects.all():
        counts = Counter(
            Application.unscoped.filter(tenant=tenant).values_list("organisation_id", flat=True)
        )
        showcase = [org for org, count in counts.items() if count == SHOWCASE_APPLICATIONS]
        assert showcase
        owner = OrganisationMember.objects.get(organisation_id=showcase[0]).user
        assert owner.email.startswith("applicant-")


def test_no_learner_is_enrolled_twice_in_a_course(seeded: dict[str, int]) -> None:
    pairs = Counter(Enrolment.unscoped.values_list("course_id", "user_id"))
    assert max(pairs.values()) == 1


def test_calls_are_spread_over_their_stages(seeded: dict[str, int]) -> None:
    statuses = Counter(Call.unscoped.values_list("status", flat=True))
    assert statuses == {CallStatus.OPEN: 4, CallStatus.EVALUATION: 2, CallStatus.RESULTS: 14}


def test_it_refuses_a_database_with_other_data_unless_forced(db: None, tenant_a: Any) -> None:
    User.objects.create_user(email="someone@example.org", password="x-long-password-1")
    with pytest.raises(CommandError, match="not bench data"):
        call_command("seed_bench", f"--scale={SCALE}", stdout=io.StringIO())
    assert not Application.unscoped.exists()

    call_command("seed_bench", f"--scale={SCALE}", "--force", stdout=io.StringIO())
    assert bench_counts()["applications"] == Sizes.at(SCALE).applications
    assert Tenant.objects.filter(pk=tenant_a.pk).exists()


def test_it_refuses_to_seed_twice(seeded: dict[str, int]) -> None:
    with pytest.raises(CommandError, match="already"):
        call_command("seed_bench", f"--scale={SCALE}", "--force", stdout=io.StringIO())
    assert bench_counts() == seeded
