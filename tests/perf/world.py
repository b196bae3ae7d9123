"""A programme with one of everything, grown by copying rows, for the query-budget tests.

``build_world`` makes, through the apps' services where they exist, a programme whose every
back-office model has a row: calls with forms and criteria, applications with files, reviews,
a consensus, a ranking, published results, a redress request, tokens, schedules. ``grow``
then copies a model's newest row until the model holds the number of rows asked for:
fields that must be unique get a new value, and a unique link to another row (a one-to-one,
or the only free member of a unique set) gets a copy of that row. A copy keeps every
other link, so a page that reads a related row once per listed row shows it in its count.

A budget test measures a page, grows the rows, measures again, and asserts the same count.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.core.files.base import ContentFile
from django.db import connection, models
from django.test import Client, TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

_copies = itertools.count(1)

# A page may read at most this many queries, whatever the rows: a second guard on top of the
# "no growth" rule (a page that is flat but costs 60 queries is also a bug). The dearest page
# today, an admin change page with its inlines, reads 15.
CEILING = 25


def manager_of(model: type[models.Model]) -> models.Manager:
    return getattr(model, "unscoped", None) or model._base_manager


def unique_sets(model: type[models.Model]) -> list[tuple[str, ...]]:
    """Every set of fields the database keeps unique (conditions ignored: stricter is safe)."""
    meta = model._meta
    sets = [
        (field.name,) for field in meta.concrete_fields if field.unique and not field.primary_key
    ]
    sets += [tuple(names) for names in meta.unique_together]
    for constraint in meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            sets.append(tuple(constraint.fields))
    return sets


def _fresh_value(field: models.Field, value: Any, n: int) -> Any:
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.EmailField):
        return f"copy{n}.{value}"[: field.max_length]
    if isinstance(field, models.SlugField):
        suffix = f"-c{n}"
        return f"{value}"[: (field.max_length or 50) - len(suffix)] + suffix
    if isinstance(field, (models.CharField, models.TextField)):
        suffix = f"~{n}"
        limit = (field.max_length or 200) - len(suffix)
        return f"{value}"[:limit] + suffix
    if isinstance(field, (models.SmallIntegerField, models.PositiveSmallIntegerField)):
        # Within a small integer's range (PostgreSQL refuses more than 32,767).
        return 1_000 + n
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return (value or 0) + 1_000_000 + n
    if isinstance(field, (models.DateTimeField, models.DateField)):
        return (value or timezone.now()) + timedelta(days=n)
    return None


_FREE_TYPES = (
    models.UUIDField,
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.DecimalField,
    models.DateTimeField,
)


def copy_row(
    row: models.Model, *, keep: frozenset[str] = frozenset(), values: dict[str, Any] | None = None
) -> models.Model:
    """Save a copy of ``row`` (with ``values`` set) whose unique fields are new; a unique link
    gets a copied row. The fields in ``keep`` keep their value where another can change."""
    model = type(row)
    n = next(_copies)
    copy = model(**{f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields})
    copy.pk = None
    for name, value in (values or {}).items():
        setattr(copy, name, value)
    for names in unique_sets(model):
        fields = [model._meta.get_field(name) for name in names]
        plain = [f for f in fields if isinstance(f, _FREE_TYPES) and not f.is_relation]
        if plain and not (len(fields) == 1 and fields[0].is_relation):
            field = next((f for f in plain if f.name not in keep), plain[0])
            setattr(copy, field.attname, _fresh_value(field, getattr(row, field.attname), n))
            continue
        flags = [f for f in fields if isinstance(f, models.BooleanField)]
        if flags:  # "one primary address per user": a copy is not the primary one
            setattr(copy, flags[0].attname, False)
            continue
        links = [f for f in fields if f.is_relation and getattr(row, f.attname) is not None]
        link = next((f for f in reversed(links) if f.name not in keep), None)
        if link is not None:
            setattr(copy, link.name, copy_row(getattr(row, link.name)))
    manager_of(model).bulk_create([copy])
    return copy


def grow(model: type[models.Model], rows: int, **filters: Any) -> int:
    """Copy the newest row of ``model`` (matching ``filters``) until there are ``rows``."""
    queryset = manager_of(model).filter(**filters)
    template = queryset.order_by("-pk").first()
    assert template is not None, f"the perf world has no {model._meta.label} to copy"
    have = queryset.count()
    for _ in range(rows - have):
        copy_row(template, keep=frozenset(filters))
    return queryset.count()


def grow_children(row: models.Model, rows: int) -> None:
    """Give ``row`` at least ``rows`` rows in each of its one-to-many relations (an admin
    inline, a list on its page), copied from one of its own or from any row of that model.
    The programme's relations are left alone: every row of a programme is its child."""
    for relation in row._meta.related_objects:
        field = relation.field
        if not relation.one_to_many or not field.concrete or field.name == "tenant":
            continue
        child = relation.related_model
        mine = manager_of(child).filter(**{field.name: row})
        template = mine.order_by("-pk").first() or manager_of(child).order_by("-pk").first()
        if template is None:
            continue
        for _ in range(rows - mine.count()):
            copy_row(template, keep=frozenset({field.name}), values={field.attname: row.pk})


@contextmanager
def kept_world(django_db_blocker: Any):
    """A database transaction around a module's world, rolled back at its end."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def count_queries(
    client: Client, url: str, *, expect: int = 200, warm: bool = True
) -> tuple[int, Any]:
    if warm:  # the programme, session and content types are cached after one request
        client.get(url)
    else:
        # The host's programme is cached for a minute: on a slow run it may lapse between
        # two measured pages, which would count its lookup against whichever page is next.
        from socialtech.tenancy.middleware import resolve_tenant

        resolve_tenant(client.defaults.get("HTTP_HOST", "testserver"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == expect, (url, response.status_code)
    return len(captured.captured_queries), response


def pdf_file(name: str = "evidence.pdf") -> BytesIO:
    from tests.applications.conftest import MINIMAL_PDF

    upload = BytesIO(MINIMAL_PDF)
    upload.name = name
    return upload


def build_world() -> dict[str, Any]:
    """One of every back-office row in programme A (served at ``testserver``)."""
    from django_celery_beat.models import (
        ClockedSchedule,
        CrontabSchedule,
        IntervalSchedule,
        PeriodicTask,
        SolarSchedule,
    )

    from evaluations.models import CallEvaluator
    from evaluations.results.services import (
        call_mark_evaluated,
        call_publish_results,
        call_ranking_run,
        redress_request_submit,
    )
    from socialtech.accounts.models import ApiToken
    from socialtech.tenancy.context import tenant_context
    from socialtech.tenancy.models import HomeCard
    from tests.api.factories import AttachmentFactory
    from tests.calls.factories import FormFieldFactory
    from tests.conftest import HOST_A, with_mfa
    from tests.evaluations.test_results import (
        application_of,
        approved_consensus,
        results_call,
        reviewed,
    )
    from tests.factories import DomainFactory, MembershipFactory, TenantFactory, UserFactory
    from tests.perf import world_accel

    tenant = TenantFactory(
        name="Programme Alpha", slug="alpha", primary_colour="#1f5f8b", receipt_prefix="ALPHA"
    )
    DomainFactory(tenant=tenant, host=HOST_A)
    superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    with_mfa(superuser)
    alice = UserFactory(email="alice@example.org", full_name="Alice Rossi")
    MembershipFactory(tenant=tenant, user=alice, role="staff")
    with_mfa(alice)
    bob = UserFactory(email="bob@example.org", full_name="Bob Ionescu")
    MembershipFactory(tenant=tenant, user=bob, role="coordinator")
    applicant = UserFactory(email="applicant@example.org", full_name="Ana Applicant")
    with tenant_context(tenant):
        call = results_call(tenant)
        FormFieldFactory(call=call, key="project_title")
        own = application_of(call, "Cooperativa Aurora", owner=applicant, amount="40000")
        assignments = reviewed(own, ("4", "4", "2.5"), ("4", "4", "2.5"))
        other = application_of(call, "Other Cooperative", amount="50000")
        reviewed(other, ("4", "4", "4"), ("4", "4", "4"))
        AttachmentFactory(application=own, uploaded_by=applicant)
        CallEvaluator.objects.create(call=call, evaluator=assignments[0].evaluator)
        call_mark_evaluated(call=call, by=alice)
        approved_consensus(own, ("4", "4", "2.5"), rapporteur=alice, approver=bob)
        call_ranking_run(call=call, by=bob, seed=2)
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_publish_results(call=call, by=bob)
        own.refresh_from_db()
        # An offer to a main-list application (the grants back office lists awards).
        from grants.offers.services import offer_make

        other.refresh_from_db()
        offer_make(
            application=other,
            amount=other.requested_amount,
            reason="",
            deadline=timezone.now() + timedelta(days=14),
            by=alice,
        )
        # An accepted award with its bank account and generated agreement (a call's batch).
        from grants.agreements import jobs as agreement_jobs
        from grants.models import AgreementBatch, Award, BankAccount

        award = Award.objects.get(application=other)
        Award.objects.filter(pk=award.pk).update(status="accepted")
        BankAccount.objects.create(
            award=award, holder="Other Cooperative", iban="DE89370400440532013000"
        )
        batch = AgreementBatch.objects.create(
            call=call, award_ids=[award.pk], total=1, started_by=bob
        )
        agreement_jobs.agreement_batch_run(batch_id=batch.pk)
        # The organisation signs the agreement online and staff countersign it.
        from grants.models import Agreement
        from grants.signature.selectors import DECLARATIONS
        from grants.signature.services import agreement_countersign, agreement_sign_online
        from organisations.models import OrganisationMember

        signer = UserFactory(email="signer@example.org")
        OrganisationMember.objects.create(
            organisation=award.organisation, user=signer, role="owner"
        )
        with TestCase.captureOnCommitCallbacks(execute=True):
            agreement_sign_online(
                award=award,
                by=signer,
                version=1,
                agreement_sha256=Agreement.objects.get(award=award).document.sha256,
                typed_name=award.organisation.legal_representative_name,
                declarations=list(DECLARATIONS),
                ip_address="192.0.2.10",
            )
            agreement_countersign(award=award, by=alice)
        # A call's near-duplicate check and the flag of a pair it found.
        from grants.models import DuplicateCheck, DuplicateFlag

        DuplicateCheck.objects.create(
            call=call, total=2, done=2, found=1, status="done", started_by=bob
        )
        DuplicateFlag.objects.create(
            application=own,
            call=call,
            other_application=other,
            other_key=other.pk,
            other_tenant=tenant,
            similarity=Decimal("0.912"),
        )
        # The grant under way: its tranches and final report, a recovery order, a question
        # and a file of a report (the payments and reports back office lists them).
        from grants.models import RecoveryOrder, ReportField, ReportFile
        from grants.payments.jobs import tranches_open

        tranches_open(award_id=award.pk, trigger="signature")
        RecoveryOrder.objects.create(award=award, amount=Decimal("100"), reason="Costs")
        ReportField.objects.create(
            call=call, kind="final", key="summary", type="textarea", label={"en": "Summary"}
        )
        ReportFile.objects.create(
            report=award.reports.get(),
            field_key="proof",
            file="reports/perf/proof.pdf",
            original_name="proof.pdf",
            size=10,
            sha256="0" * 64,
            content_type="application/pdf",
            uploaded_by=alice,
        )
        redress_request_submit(
            application=own,
            by=applicant,
            grounds="The score contradicts the comment, a manifest error of assessment. " * 2,
            evidence=pdf_file(),
        )
        own.organisation.invitations.create(
            email="editor@example.org", role="editor", invited_by=applicant, tenant=tenant
        )
        HomeCard.objects.create(title={"en": "Apply"}, link="/calls/", order=1)
        ApiToken.objects.create(tenant=tenant, user=alice, prefix="abcd1234", key_hash="0" * 64)
        # A funding report file built in the background for the coordinator.
        from reports.exports.jobs import report_export_build
        from reports.models import ReportExport

        export = ReportExport.objects.create(kind="calls", format="csv", requested_by=bob)
        report_export_build(export_id=export.pk)
        # A grant kept off the public list on request, and one past its publication period.
        from reports.beneficiaries.services import beneficiary_opt_out_record
        from reports.models import BeneficiaryRemoval

        beneficiary_opt_out_record(
            award=award, reason="Commercial interests.", requested_by="The director", by=alice
        )
        BeneficiaryRemoval.objects.create(award=award, published_until=timezone.localdate())
        # The programme budget: a partner, its line in the call's work package, the call on it.
        from reports.models import BudgetLine, CallBudgetLine, Partner

        partner = Partner.objects.create(
            name="Social Economy Network", short_name="SEN", country="BE"
        )
        line = BudgetLine.objects.create(
            partner=partner, work_package=call.work_package, amount=Decimal("500000")
        )
        CallBudgetLine.objects.create(call=call, line=line)
        # Vouchers: a scheme on a voucher call, an accredited provider, a voucher with a claim.
        from tests.vouchers.factories import AccreditationFactory, VoucherFactory
        from vouchers.models import Claim

        accreditation = AccreditationFactory(tenant=tenant)
        voucher = VoucherFactory(
            tenant=tenant,
            status="claim_submitted",
            provider=accreditation.provider,
            category=accreditation.category,
        )
        Claim.objects.create(
            voucher=voucher,
            submitted_by=alice,
            amount=Decimal("3000.00"),
            invoice_number="INV-1",
            invoice_date=timezone.localdate(),
            invoice=ContentFile(b"%PDF-1.4 invoice", name="invoice.pdf"),
            delivery_proof=ContentFile(b"%PDF-1.4 report", name="report.pdf"),
        )
        # Courses: a course with lessons and a quiz, a learner who completed it, an attempt
        # and the certificate.
        from mooc.models import Certificate, Enrolment, Lesson, LessonProgress, Quiz, QuizAttempt
        from tests.mooc.factories import course_with_lessons

        course = course_with_lessons(tenant)
        enrolment = Enrolment.objects.create(
            course=course, user=applicant, completed_at=timezone.now()
        )
        for lesson in Lesson.objects.filter(module__course=course):
            LessonProgress.objects.create(enrolment=enrolment, lesson=lesson)
        QuizAttempt.objects.create(
            enrolment=enrolment,
            quiz=Quiz.objects.get(lesson__module__course=course),
            number=1,
            score_percent=Decimal("100.00"),
            passed=True,
        )
        Certificate.objects.create(enrolment=enrolment, language="en")
        # Upskilling: a published path over the course with the learner's badge, the
        # programme's badge key, the course offered by the provider and a place on it.
        from upskilling.models import (
            Badge,
            BadgeKey,
            CourseOffer,
            LearningPath,
            PathCourse,
            TrainingPlace,
        )

        path = LearningPath.objects.create(
            slug="perf-path",
            title="Perf path",
            summary="A path.",
            audience="enterprise_staff",
            status="published",
            badge_name="Perf badge",
            badge_description="A badge.",
            badge_criteria="Complete the course.",
            published_at=timezone.now(),
        )
        PathCourse.objects.create(path=path, course=course, order=1)
        Badge.objects.create(path=path, user=applicant, code="B7K2-9XQ4-MT3P", salt="perf-salt")
        BadgeKey.objects.create(public_pem="-----BEGIN PUBLIC KEY-----", private_pem="-")
        offer = CourseOffer.objects.create(
            course=course_with_lessons(tenant), provider=accreditation.provider, price="450.00"
        )
        TrainingPlace.objects.create(voucher=voucher, offer=offer, learner=applicant)
        # Dissemination: a published news post, a published event with the applicant's
        # seat and a waiting registration.
        from dissemination.models import Event, NewsPost, Registration

        NewsPost.objects.create(
            slug="perf-news",
            title="Perf news",
            summary="A post.",
            body="<p>A post.</p>",
            language="en",
            status="published",
            published_at=timezone.now(),
            author=alice,
        )
        event_starts = timezone.now() + timedelta(days=10)
        event = Event.objects.create(
            slug="perf-event",
            title="Perf event",
            description="<p>An event.</p>",
            format="on_site",
            location="Rue de la Loi 42, Brussels",
            starts_at=event_starts,
            ends_at=event_starts + timedelta(hours=2),
            capacity=1,
            status="published",
            published_at=timezone.now(),
        )
        Registration.objects.create(event=event, user=applicant, status="confirmed")
        Registration.objects.create(event=event, user=alice, status="waiting", position=1)
        # Dissemination: the newsletter list, a confirmed, a pending and an unsubscribed address.
        from dissemination.models import Subscriber

        Subscriber.objects.create(
            email="perf-reader@example.org",
            language="en",
            status="confirmed",
            unsubscribe_token="perf-unsubscribe-token",
            consent_text="I agree to receive the newsletter.",
            consented_at=timezone.now(),
            confirmed_at=timezone.now(),
            source="news",
        )
        Subscriber.objects.create(
            email="perf-pending@example.org",
            language="it",
            status="pending",
            confirmation_token="perf-confirmation-token",
            token_expires_at=timezone.now() + timedelta(days=7),
            unsubscribe_token="perf-unsubscribe-token-2",
            consent_text="I agree to receive the newsletter.",
            consented_at=timezone.now(),
            source="newsletter",
        )
        Subscriber.objects.create(
            email="perf-former@example.org",
            language="de",
            status="unsubscribed",
            consent_text="I agree to receive the newsletter.",
            consented_at=timezone.now(),
            unsubscribed_at=timezone.now(),
            source="news",
        )
        # Mapping: the self-assessment (its dimensions and questions), the applicant's
        # submitted response and an anonymous draft.
        from mapping.assessment.services import self_assessment_install
        from mapping.models import Response

        survey = self_assessment_install(tenant)
        Response.objects.create(
            survey=survey,
            user=applicant,
            status="submitted",
            submitted_at=timezone.now(),
            answers={"country": "IT", "legal_form": "cooperative", "digital_tools": 4},
            scores={"digital": 75},
        )
        Response.objects.create(
            survey=survey, anonymous_token="perf-anonymous-token", answers={"country": "DE"}
        )
        # Mapping: the cluster questionnaire, a submitted response to it and the cluster of
        # the registry it describes.
        from mapping.clusters.questionnaire import cluster_questionnaire_install
        from mapping.models import Cluster

        questionnaire = cluster_questionnaire_install(tenant)
        cluster_response = Response.objects.create(
            survey=questionnaire,
            user=alice,
            status="submitted",
            submitted_at=timezone.now(),
            answers={"cluster_name": "Perf cluster", "country": "IT"},
        )
        Cluster.objects.create(
            name="Perf cluster",
            slug="perf-cluster",
            country="IT",
            region="Piemonte",
            scope="regional",
            sectors=["food", "rural_regeneration"],
            members_count=12,
            founded_year=2015,
            source="GECES report 2021, Appendix III",
            status="published",
            response=cluster_response,
        )
        world_accel.build_acceleration(tenant=tenant, alice=alice, application=own)
        # Acceleration: the directory, an introduction and a demo day (world_investors.py).
        from tests.perf.world_investors import build_investors

        build_investors(alice=alice, applicant=applicant)
        # Connect to innovate: a hackathon with its challenge, team and sign-ups.
        from tests.perf.world_hackathons import build_hackathons

        build_hackathons(alice=alice)
        # Connect to innovate: a challenge, an offer and a connection between them.
        from tests.perf.world_c2i import build_c2i_world

        build_c2i_world(tenant=tenant, alice=alice, applicant=applicant)
        # Personal data: an application kept after its author's erasure.
        from privacy.models import RetentionHold

        RetentionHold.unscoped.create(tenant=tenant, application=own, erased_user_id=applicant.pk)
    every = IntervalSchedule.objects.create(every=10, period="minutes")
    CrontabSchedule.objects.create(minute="5", hour="3")
    SolarSchedule.objects.create(event="sunrise", latitude=Decimal("45"), longitude=Decimal("9"))
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    PeriodicTask.objects.create(name="reminders", task="evaluations.reminders", interval=every)
    from socialtech.outbox.models import OutboxMessage

    OutboxMessage.objects.create(
        task_name="applications.send_receipt",
        kwargs={"tenant_id": tenant.pk, "application_id": 1},
        last_error="OperationalError: connection refused",
    )
    return {
        "tenant": tenant,
        "superuser": superuser,
        "alice": alice,
        "applicant": applicant,
        "call": call,
        "own": own,
    }


@dataclass
class Page:
    """A page to measure: who asks, where, and how to add the rows it shows."""

    client: Client
    url: str
    more: Callable[[int], Any]  # adds ``count`` rows that the page shows (or reads around)
    grows: bool = True  # False: the page shows one row; ``more`` adds rows around it


def assert_flat(name: str, page: Page, *, rows: int = 5) -> None:
    """The page costs the same queries with ``rows`` and with three times as many rows."""
    page.more(rows)
    few, first = count_queries(page.client, page.url)
    page.more(2 * rows)
    many, second = count_queries(page.client, page.url)
    if page.grows:
        assert len(second.content) > len(first.content), f"{name}: the page did not grow"
    assert many == few, f"{name}: {few} → {many} queries for {rows} → {3 * rows} rows"
    assert many <= CEILING, f"{name}: {many} queries, over the ceiling of {CEILING}"


def cases(names: list[str], known: dict[str, str]) -> list[Any]:
    """``names`` as pytest parameters; those in ``known`` are strict xfails with the reason."""
    import pytest

    return [
        pytest.param(name, marks=[pytest.mark.xfail(strict=True, reason=known[name])])
        if name in known
        else name
        for name in names
    ]
