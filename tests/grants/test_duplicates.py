"""Double funding: applications whose written answers are near duplicates of another
application's, in any call of the programme or in another programme of the installation,
are flagged with their similarity; the other programme's text is never shown."""

from __future__ import annotations

import json
import random
import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, ApplicationStatus
from grants.duplicates import jobs, minhash, selectors
from grants.duplicates.errors import DuplicateError
from grants.duplicates.services import duplicate_check_start, duplicate_flag_review
from grants.models import (
    DuplicateCheck,
    DuplicateCheckStatus,
    DuplicateFlag,
    DuplicateFlagStatus,
    FingerprintBand,
    TextFingerprint,
)
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory, FormFieldFactory
from tests.conftest import HOST_B, login
from tests.factories import OrganisationFactory
from tests.grants.factories import AwardFactory

S = ApplicationStatus
VOCABULARY = [
    "social",
    "enterprise",
    "community",
    "digital",
    "training",
    "platform",
    "cooperative",
    "local",
    "rural",
    "urban",
    "women",
    "youth",
    "refugees",
    "inclusion",
    "market",
    "service",
    "care",
    "elderly",
    "network",
    "volunteers",
    "partners",
    "skills",
    "workshop",
    "mentoring",
    "impact",
    "measurement",
    "revenue",
    "model",
    "pilot",
    "region",
    "municipality",
    "schools",
    "families",
    "housing",
    "energy",
    "food",
    "waste",
    "recycling",
    "repair",
    "mobility",
    "health",
    "wellbeing",
    "culture",
    "tourism",
    "crafts",
    "agriculture",
    "water",
    "climate",
    "data",
    "privacy",
    "software",
    "hardware",
    "app",
    "website",
    "booking",
    "payments",
    "marketplace",
    "catalogue",
    "delivery",
    "logistics",
    "warehouse",
    "shop",
    "cafe",
    "kitchen",
    "bakery",
    "garden",
    "farm",
    "forest",
    "river",
    "coast",
    "mountain",
    "village",
    "town",
    "city",
    "district",
    "month",
    "year",
    "quarter",
    "budget",
    "staff",
    "coordinator",
    "manager",
    "designer",
    "developer",
    "trainer",
    "learner",
    "customer",
    "member",
    "board",
    "assembly",
    "statute",
    "accounting",
    "audit",
    "report",
    "evaluation",
    "survey",
    "interview",
    "feedback",
    "prototype",
    "launch",
    "growth",
    "scale",
    "replicate",
    "transfer",
    "method",
]


def prose(seed: int, sentences: int = 30, words: int = 11) -> list[str]:
    """Sentences of plausible words, different for each seed."""
    draw = random.Random(seed)
    return [
        " ".join(draw.choice(VOCABULARY) for _ in range(words)).capitalize() + "."
        for _ in range(sentences)
    ]


def lightly_edited(sentences: list[str]) -> list[str]:
    """A few words changed and two sentences swapped, as a re-used proposal would be."""
    edited = list(sentences)
    edited[3], edited[4] = edited[4], edited[3]
    for index in (2, 12, 25):
        words = edited[index].split(" ")
        words[5] = "adapted"
        edited[index] = " ".join(words)
    return edited


def text_call(tenant: Any) -> Any:
    call = CallFactory(
        tenant=tenant,
        status="results",
        opens_at=timezone.now() - timedelta(days=90),
        deadline=timezone.now() - timedelta(days=60),
    )
    FormFieldFactory(call=call, tenant=tenant, key="project_title", type="text", order=1)
    FormFieldFactory(call=call, tenant=tenant, key="description", type="textarea", order=2)
    FormFieldFactory(call=call, tenant=tenant, key="budget_total", type="money", order=3)
    return call


def submitted(
    call: Any,
    text: str,
    *,
    status: str = S.SUBMITTED,
    organisation: Any = None,
    number: int | None = None,
    answers: dict[str, Any] | None = None,
) -> Application:
    submitted.counter += 1  # type: ignore[attr-defined]
    number = number or submitted.counter  # type: ignore[attr-defined]
    answers = answers or {
        "project_title": "A project",
        "description": text,
        "budget_total": "40000.00",
    }
    return ApplicationFactory(
        call=call,
        tenant=call.tenant,
        organisation=organisation or OrganisationFactory(),
        status=status,
        published_outcome=status if status == S.MAIN_LIST else "",
        answers=answers,
        submitted_answers=answers,
        requested_amount=Decimal("40000.00"),
        submitted_at=timezone.now() - timedelta(days=61),
        receipt_number=f"{call.tenant.receipt_prefix}-{call.reference}-{number:06d}",
    )


submitted.counter = 0  # type: ignore[attr-defined]


def check(*applications: Application) -> list[int]:
    ids = [application.pk for application in applications]
    jobs.fingerprints_compute(application_ids=ids)
    return jobs.duplicates_find(application_ids=ids)


def flag_of(application: Application) -> DuplicateFlag:
    return DuplicateFlag.unscoped.get(application=application)


# --- The estimate ----------------------------------------------------------------------------


@pytest.mark.parametrize("shared", [0, 10, 20, 25, 30])
def test_minhash_estimate_is_close_to_the_exact_jaccard(shared: int) -> None:
    first = prose(1, sentences=30)
    second = first[:shared] + prose(2, sentences=30 - shared)
    sets = minhash.shingles(" ".join(first)), minhash.shingles(" ".join(second))
    exact = minhash.exact_similarity(*sets)
    estimate = minhash.estimated_similarity(*(minhash.signature(one) for one in sets))
    # 128 values: a standard error of at most 0.045; three of them.
    assert abs(estimate - exact) <= Decimal("0.135")
    if shared == 30:
        assert estimate == exact == Decimal("1.000")
    if shared == 0:
        assert exact < Decimal("0.05")


def test_normalising_ignores_case_accents_and_punctuation() -> None:
    assert minhash.normalise("  Ça, c'est   l'ÉTÉ!\nÜber-cool ") == "ca c est l ete uber cool"
    assert minhash.shingles("Ça, c'est l'été") == minhash.shingles("ca c EST l ete")


def test_band_hashes_agree_only_where_signatures_do() -> None:
    signature = minhash.signature(minhash.shingles(" ".join(prose(3))))
    other = list(signature)
    other[0] += 1  # the first band only
    same = [
        a == b
        for a, b in zip(minhash.band_hashes(signature), minhash.band_hashes(other), strict=True)
    ]
    assert same == [False] + [True] * (minhash.BANDS - 1)


# --- Flags -------------------------------------------------------------------------------------


def test_near_duplicate_pair_flagged_and_unrelated_pair_not(in_tenant_a: Any) -> None:
    first_call, second_call = text_call(in_tenant_a), text_call(in_tenant_a)
    original = prose(10)
    source = submitted(first_call, " ".join(original))
    # In another call of the same programme: "in any call of the programme".
    copy = submitted(second_call, " ".join(lightly_edited(original)))
    unrelated = submitted(first_call, " ".join(prose(11)))
    other_unrelated = submitted(second_call, " ".join(prose(12)))

    made = check(source, copy, unrelated, other_unrelated)

    assert len(made) == 2  # one flag a side
    mine, theirs = flag_of(source), flag_of(copy)
    assert mine.other_application_id == copy.pk and theirs.other_application_id == source.pk
    assert mine.same_programme and mine.other_tenant_id == in_tenant_a.pk
    assert mine.call_id == first_call.pk and theirs.call_id == second_call.pk
    assert Decimal("0.800") <= mine.similarity < Decimal("1.000")
    assert mine.similarity == theirs.similarity
    # The similarity of a pair of one programme is the exact one, from the texts.
    # (the title is a written answer too)
    exact = minhash.exact_similarity(
        minhash.shingles("A project " + " ".join(original)),
        minhash.shingles("A project " + " ".join(lightly_edited(original))),
    )
    assert mine.similarity == exact
    assert not DuplicateFlag.unscoped.filter(application__in=[unrelated, other_unrelated]).exists()
    assert AuditEvent.objects.filter(verb="duplicate_flag.found").count() == 2


def test_identical_text_in_another_programme_is_flagged_without_showing_it(
    tenant_a: Any, tenant_b: Any, alice: Any, charlie: Any
) -> None:
    shared = prose(20)
    with tenant_context(tenant_b):
        beta_call = text_call(tenant_b)
        beta_organisation = OrganisationFactory(legal_name="Quokkaborough Weavers Cooperative")
        beta = submitted(
            beta_call,
            " ".join([*shared, "Zanzibarquokka xylophonic weaving for Quokkaborough."]),
            organisation=beta_organisation,
            number=777,
        )
        check(beta)  # fingerprinted in its own programme
        assert not DuplicateFlag.unscoped.exists()
    with tenant_context(tenant_a):
        alpha_call = text_call(tenant_a)
        alpha = submitted(alpha_call, " ".join(shared), status=S.MAIN_LIST)
        AwardFactory(application=alpha, tenant=tenant_a)
        waiting = submitted(alpha_call, " ".join(shared), status=S.MAIN_LIST)
        Application.objects.filter(pk=waiting.pk).update(published_outcome=S.MAIN_LIST)
        check(alpha, waiting)

    mine = DuplicateFlag.unscoped.get(application=alpha, same_programme=False)
    assert mine.tenant_id == tenant_a.pk
    assert mine.other_application_id is None and not mine.same_programme
    assert mine.other_tenant_id == tenant_b.pk
    assert mine.similarity >= Decimal("0.800")
    # Programme Beta holds its own side, naming only programme Alpha.
    beta_flags = DuplicateFlag.unscoped.filter(tenant=tenant_b, application=beta)
    assert beta_flags.count() == 2
    assert {flag.other_tenant_id for flag in beta_flags} == {tenant_a.pk}
    assert all(flag.other_application_id is None for flag in beta_flags)

    client = login(Client(), alice, mfa=True)
    pages = [
        client.get(reverse("admin:grants_duplicateflag_changelist") + f"?call={alpha_call.pk}"),
        client.get(reverse("admin:grants_duplicateflag_change", args=[mine.pk])),
        client.get(reverse("admin:grants_award_change", args=[alpha.award.pk])),
        client.get(reverse("admin:grants_award_make_offer")),
    ]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert "another programme, Programme Beta" in html
        assert "0.9" in html or "1.00" in html
        beta_link = reverse("admin:applications_application_change", args=[beta.pk])
        for secret in ("Zanzibarquokka", "xylophonic", "Quokkaborough", "BETA-", beta_link):
            assert secret not in html, secret
    assert str(waiting) in pages[3].content.decode()
    # Programme Beta's staff see their side, and nothing of Alpha's application.
    beta_page = login(Client(HTTP_HOST=HOST_B), charlie, mfa=True).get(
        reverse("admin:grants_duplicateflag_changelist")
    )
    beta_html = beta_page.content.decode()
    assert "BETA-" in beta_html and "another programme, Programme Alpha" in beta_html
    assert str(alpha) not in beta_html
    assert alpha.organisation.legal_name not in beta_html


def test_flag_in_the_programme_links_to_the_other_application(in_tenant_a: Any, alice: Any) -> None:
    call = text_call(in_tenant_a)
    text = " ".join(prose(30))
    first, second = submitted(call, text), submitted(call, text)
    check(first, second)
    page = login(Client(), alice, mfa=True).get(
        reverse("admin:grants_duplicateflag_changelist") + f"?call={call.pk}"
    )
    html = page.content.decode()
    link = reverse("admin:applications_application_change", args=[second.pk])
    assert f'<a href="{link}">{second}</a>' in html
    assert "(similarity 1.00)" in html


def test_short_texts_are_not_judged(in_tenant_a: Any) -> None:
    call = text_call(in_tenant_a)
    short = "We repair bicycles for the elderly in three villages of the valley every week."
    first, second = submitted(call, short), submitted(call, short)
    assert check(first, second) == []
    fingerprint = TextFingerprint.objects.get(application=first)
    assert fingerprint.word_count == 16  # with the title
    assert fingerprint.signature == []
    assert not fingerprint.is_judged
    assert not FingerprintBand.objects.exists()
    assert not DuplicateFlag.objects.exists()


def test_drafts_withdrawn_and_superseded_applications_are_not_compared(in_tenant_a: Any) -> None:
    call = text_call(in_tenant_a)
    text = " ".join(prose(40))
    kept = submitted(call, text)
    others = [submitted(call, text, status=status) for status in (S.WITHDRAWN, S.SUPERSEDED)]
    others.append(submitted(call, text, status=S.DRAFT))
    assert check(kept, *others) == []
    assert list(TextFingerprint.objects.values_list("application_id", flat=True)) == [kept.pk]


def test_running_again_makes_no_second_flag(in_tenant_a: Any) -> None:
    call = text_call(in_tenant_a)
    original = prose(50)
    first = submitted(call, " ".join(original))
    second = submitted(call, " ".join(lightly_edited(original)))
    assert len(check(first, second)) == 2
    assert check(first, second) == []
    assert check(second) == []
    assert DuplicateFlag.objects.count() == 2
    assert AuditEvent.objects.filter(verb="duplicate_flag.found").count() == 2


def test_unchanged_text_is_not_fingerprinted_again(
    in_tenant_a: Any, django_assert_max_num_queries: Any
) -> None:
    call = text_call(in_tenant_a)
    application = submitted(call, " ".join(prose(60)))
    jobs.fingerprints_compute(application_ids=[application.pk])
    before = TextFingerprint.objects.get(application=application)
    bands = set(FingerprintBand.objects.values_list("pk", flat=True))
    assert len(bands) == minhash.BANDS
    # Read the application, the fields, the fingerprint; touch its time: no new bands.
    with django_assert_max_num_queries(4):
        jobs.fingerprints_compute(application_ids=[application.pk])
    assert set(FingerprintBand.objects.values_list("pk", flat=True)) == bands
    assert TextFingerprint.objects.get(application=application).signature == before.signature
    # A changed text is computed again.
    answers = {**application.submitted_answers, "description": " ".join(prose(61))}
    Application.objects.filter(pk=application.pk).update(submitted_answers=answers)
    jobs.fingerprints_compute(application_ids=[application.pk])
    after = TextFingerprint.objects.get(application=application)
    assert after.pk == before.pk
    assert after.text_sha256 != before.text_sha256 and after.signature != before.signature
    assert not set(FingerprintBand.objects.values_list("pk", flat=True)) & bands


def test_candidate_lookup_takes_a_bounded_number_of_queries(
    in_tenant_a: Any, tenant_b: Any, django_assert_max_num_queries: Any
) -> None:
    call = text_call(in_tenant_a)
    applications = [submitted(call, " ".join(prose(100 + number))) for number in range(40)]
    applications.append(submitted(call, " ".join(prose(100))))  # one pair
    jobs.fingerprints_compute(application_ids=[row.pk for row in applications])
    ids = [row.pk for row in applications]
    with django_assert_max_num_queries(1):
        prints = selectors.judged_prints(ids)
    # 41 x 32 band hashes, in one query.
    with django_assert_max_num_queries(1):
        pairs = selectors.candidate_pairs(prints.values())
    assert (applications[0].pk, applications[-1].pk) in pairs
    assert (applications[-1].pk, applications[0].pk) in pairs
    # The whole matching, flags written: a fixed number of reads, then one row a flag side.
    with django_assert_max_num_queries(12):
        made = jobs.duplicates_find(application_ids=ids)
    assert len(made) == 2
    with django_assert_max_num_queries(8):
        assert jobs.duplicates_find(application_ids=ids) == []


# --- A call's check, the sweep, and the review -------------------------------------------------


def test_staff_check_a_call_with_progress(in_tenant_a: Any, alice: Any, committing: Any) -> None:
    call = text_call(in_tenant_a)
    original = prose(70)
    first = submitted(call, " ".join(original))
    submitted(call, " ".join(lightly_edited(original)))
    submitted(call, " ".join(prose(71)))
    submitted(call, "draft", status=S.DRAFT)
    with committing(execute=True):
        started = duplicate_check_start(call=call, by=alice)
    run = DuplicateCheck.objects.get(pk=started.pk)
    assert run.status == DuplicateCheckStatus.DONE
    assert (run.done, run.total, run.found) == (3, 3, 2)
    assert run.finished_at is not None
    assert AuditEvent.objects.filter(verb="duplicate_check.started", object_id=str(run.pk)).exists()
    assert flag_of(first).status == DuplicateFlagStatus.OPEN


def test_check_refused_without_applications_and_for_others(
    in_tenant_a: Any, alice: Any, applicant: Any
) -> None:
    call = text_call(in_tenant_a)
    with pytest.raises(DuplicateError) as empty:
        duplicate_check_start(call=call, by=alice)
    assert empty.value.code == "nothing_to_check"
    submitted(call, " ".join(prose(80)))
    with pytest.raises(PermissionDenied):
        duplicate_check_start(call=call, by=applicant)
    assert not DuplicateCheck.objects.exists()


def test_check_page_starts_the_check(in_tenant_a: Any, alice: Any, committing: Any) -> None:
    call = text_call(in_tenant_a)
    submitted(call, " ".join(prose(90)))
    client = login(Client(), alice, mfa=True)
    url = reverse("admin:grants_duplicatecheck_start")
    assert str(call.title_text) in client.get(url).content.decode()
    with committing(execute=True):
        response = client.post(url, {"call": call.pk})
    assert response.status_code == 302
    assert DuplicateCheck.objects.get().status == DuplicateCheckStatus.DONE
    listing = client.get(reverse("admin:grants_duplicatecheck_changelist")).content.decode()
    assert '<progress value="1" max="1"' in listing


def test_sweep_fingerprints_newly_submitted_applications(in_tenant_a: Any) -> None:
    call = text_call(in_tenant_a)
    text = " ".join(prose(95))
    first, second = submitted(call, text), submitted(call, text)
    draft = submitted(call, text, status=S.DRAFT)
    assert jobs.fingerprints_sweep() == 2
    assert set(TextFingerprint.objects.values_list("application_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    assert DuplicateFlag.objects.filter(application=first, other_application=second).exists()
    assert not DuplicateFlag.objects.filter(application=draft).exists()
    assert jobs.fingerprints_sweep() == 0


def test_dismissal_needs_a_reason_is_audited_and_stops_the_warning(
    in_tenant_a: Any, alice: Any
) -> None:
    call = text_call(in_tenant_a)
    text = " ".join(prose(110))
    first = submitted(call, text, status=S.MAIN_LIST)
    Application.objects.filter(pk=first.pk).update(published_outcome=S.MAIN_LIST)
    second = submitted(call, text)
    check(first, second)
    flag = DuplicateFlag.objects.get(application=first)
    client = login(Client(), alice, mfa=True)
    offer_page = reverse("admin:grants_award_make_offer")
    assert "Near duplicate of <a href=" in client.get(offer_page).content.decode()

    review = reverse("admin:grants_duplicateflag_review", args=[flag.pk])
    refused = client.post(review, {"outcome": "dismissed", "note": " "})
    assert refused.status_code == 400
    assert "Give the reason for this review" in refused.content.decode()
    assert DuplicateFlag.objects.get(pk=flag.pk).status == DuplicateFlagStatus.OPEN

    done = client.post(review, {"outcome": "dismissed", "note": "Different project, checked."})
    assert done.status_code == 302
    flag.refresh_from_db()
    assert flag.status == DuplicateFlagStatus.DISMISSED
    assert flag.reviewed_by == alice and flag.review_note == "Different project, checked."
    event = AuditEvent.objects.get(verb="duplicate_flag.reviewed", object_id=str(flag.pk))
    assert event.data == {"from": "open", "to": "dismissed", "note": "Different project, checked."}
    assert "Near duplicate of" not in client.get(offer_page).content.decode()
    # The review offers only the moves a dismissed flag allows: open again, or confirm.
    again = client.get(reverse("admin:grants_duplicateflag_change", args=[flag.pk]))
    choices = re.findall(r'name="outcome" value="(\w+)"', again.content.decode())
    assert sorted(choices) == ["confirmed", "open"]
    # The other side is its own flag, still open.
    assert DuplicateFlag.objects.get(application=second).status == DuplicateFlagStatus.OPEN


def test_review_refuses_a_move_the_status_does_not_allow(in_tenant_a: Any, alice: Any) -> None:
    call = text_call(in_tenant_a)
    text = " ".join(prose(120))
    first, second = submitted(call, text), submitted(call, text)
    check(first, second)
    flag = DuplicateFlag.objects.get(application=first)
    duplicate_flag_review(flag=flag, outcome="confirmed", note="Same project.", by=alice)
    with pytest.raises(DuplicateError) as again:
        duplicate_flag_review(flag=flag, outcome="confirmed", note="Again.", by=alice)
    assert again.value.code == "not_allowed"
    reopened = duplicate_flag_review(flag=flag, outcome="open", note="", by=alice)
    assert reopened.status == DuplicateFlagStatus.OPEN


def test_other_programmes_staff_cannot_open_a_flag(tenant_a: Any, alice: Any, charlie: Any) -> None:
    with tenant_context(tenant_a):
        call = text_call(tenant_a)
        text = " ".join(prose(130))
        first, second = submitted(call, text), submitted(call, text)
        check(first, second)
        flag = DuplicateFlag.objects.get(application=first)
    client = login(Client(HTTP_HOST=HOST_B), charlie, mfa=True)
    assert (
        client.get(reverse("admin:grants_duplicateflag_change", args=[flag.pk])).status_code == 404
    )
    response = client.post(
        reverse("admin:grants_duplicateflag_review", args=[flag.pk]),
        {"outcome": "dismissed", "note": "x"},
    )
    assert response.status_code == 404
    assert DuplicateFlag.unscoped.get(pk=flag.pk).status == DuplicateFlagStatus.OPEN


def test_one_application_is_checked_on_its_own(in_tenant_a: Any) -> None:
    call = text_call(in_tenant_a)
    text = " ".join(prose(140))
    first = submitted(call, text)
    jobs.application_duplicates_check(application_id=first.pk)
    second = submitted(call, text)
    made = jobs.application_duplicates_check(application_id=second.pk)
    assert len(made) == 2
    assert DuplicateFlag.objects.get(application=first).other_application_id == second.pk


def test_matching_from_another_programme_touches_none_of_its_applications(
    tenant_a: Any, tenant_b: Any
) -> None:
    text = " ".join(prose(150))
    with tenant_context(tenant_b):
        call = text_call(tenant_b)
        first, second = submitted(call, text), submitted(call, text)
        jobs.fingerprints_compute(application_ids=[first.pk, second.pk])
    with tenant_context(tenant_a):
        # Ids of programme B given while A is active: nothing is matched or written.
        assert jobs.duplicates_find(application_ids=[first.pk, second.pk]) == []
    assert not DuplicateFlag.unscoped.exists()


def test_flag_list_takes_a_fixed_number_of_queries(
    in_tenant_a: Any, tenant_b: Any, alice: Any, django_assert_max_num_queries: Any
) -> None:
    client = login(Client(), alice, mfa=True)
    url = reverse("admin:grants_duplicateflag_changelist")

    def pairs(count: int, seed: int) -> None:
        for number in range(count):
            text = " ".join(prose(seed + number))
            call = text_call(in_tenant_a)
            check(submitted(call, text), submitted(call, text))

    pairs(1, 200)
    client.get(url)
    with django_assert_max_num_queries(40) as few:
        assert client.get(url).status_code == 200
    pairs(12, 300)
    with django_assert_max_num_queries(len(few)) as many:
        page = client.get(url)
    assert page.content.decode().count("(similarity 1.00)") == 26
    assert len(many) == len(few)


def test_dashboard_card_counts_flags_to_review(
    in_tenant_a: Any, alice: Any, monkeypatch: Any
) -> None:
    from grants.duplicates import dashboard
    from socialtech import admin_dashboard

    # Registered here for this test only (the app's ready() registers it for the site).
    monkeypatch.setattr(admin_dashboard, "_cards", dict(admin_dashboard._cards))
    dashboard.register()
    client = login(Client(), alice, mfa=True)
    assert (
        "No near-duplicate application waits for a review."
        in client.get("/admin/").content.decode()
    )
    call = text_call(in_tenant_a)
    text = " ".join(prose(160))
    check(submitted(call, text), submitted(call, text))
    page = client.get("/admin/").content.decode()
    label = "near-duplicate applications to review"
    assert label in page
    line = page[page.index(label) - 400 : page.index(label)]
    assert "status__exact=open" in line
    assert ">2<" in line.replace(" ", "").replace("\n", "")


def test_api_lists_flags_to_staff_only_without_the_other_programmes_application(
    tenant_a: Any, tenant_b: Any, alice: Any, applicant: Any, charlie: Any
) -> None:
    shared = prose(170)
    with tenant_context(tenant_b):
        beta = submitted(text_call(tenant_b), " ".join(shared), number=555)
        check(beta)
    with tenant_context(tenant_a):
        call = text_call(tenant_a)
        first, second = submitted(call, " ".join(shared)), submitted(call, " ".join(shared))
        check(first, second)
    staff = login(Client(), alice, mfa=True)
    listing = staff.get(f"/api/v1/duplicate-flags/?call={call.slug}").json()
    assert listing["count"] == 4
    rows = {(row["application"], row["other_application"]): row for row in listing["results"]}
    assert rows[(first.pk, second.pk)]["other_receipt_number"] == second.receipt_number
    across = rows[(first.pk, None)]
    assert across["other_programme"] == "Programme Beta" and not across["same_programme"]
    assert across["other_receipt_number"] is None
    assert "BETA-" not in json.dumps(listing) and str(beta.pk) not in {
        str(row["other_application"]) for row in listing["results"]
    }
    assert staff.get(f"/api/v1/duplicate-flags/{across['id']}/").status_code == 200
    assert staff.get("/api/v1/duplicate-flags/?status=dismissed").json()["count"] == 0
    outsider = login(Client(), applicant)
    assert outsider.get("/api/v1/duplicate-flags/").json()["count"] == 0
    assert outsider.get(f"/api/v1/duplicate-flags/{across['id']}/").status_code == 404
    beta_staff = login(Client(HTTP_HOST=HOST_B), charlie, mfa=True)
    assert beta_staff.get(f"/api/v1/duplicate-flags/{across['id']}/").status_code == 404
    assert beta_staff.get("/api/v1/duplicate-flags/").json()["count"] == 2
