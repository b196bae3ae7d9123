"""The demo loader: both programmes, realistic calls, forty submitted applications, idempotent."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from stdnum.eu import vat

from applications.models import Application, ApplicationStatus, Attachment, SubmissionAttempt
from applications.submission.services import content_hash
from calls.answers import check_for_submission
from calls.guidance.models import CallQuestion
from calls.models import Call, CallStatus, Criterion, FieldType, FormField
from demo.applications import CLOSED_CALL_SLUG, OPEN_CALL_SLUG, VOUCHER_CALL_SLUG
from demo.organisations import ORGANISATIONS
from organisations.models import Organisation, OrganisationMember
from socialtech.accounts.models import Membership, User
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from socialtech.tenancy.models import Domain, Tenant

DEMO_PASSWORD = "demo-pass-2026"
COUNTED = (
    Tenant,
    Domain,
    User,
    Organisation,
    OrganisationMember,
    AuditEvent,
)
TENANT_OWNED = (
    Membership,
    Call,
    FormField,
    Criterion,
    CallQuestion,
    Application,
    Attachment,
    SubmissionAttempt,
)


def seed() -> None:
    call_command("seed_demo", stdout=io.StringIO())


def counts() -> dict[str, int]:
    result = {model.__name__: model.objects.count() for model in COUNTED}
    result |= {model.__name__: model.unscoped.count() for model in TENANT_OWNED}
    return result


@pytest.fixture
def seeded(seeded_demo: str) -> str:
    return seeded_demo


def socialtech() -> Tenant:
    return Tenant.objects.get(slug="socialtech4eu")


def test_second_run_changes_nothing(seeded: str) -> None:
    first = counts()
    assert first["Application"] >= 43 and first["Organisation"] >= 40

    seed()

    assert counts() == first


def test_both_programmes_exist_with_their_hosts(seeded: str) -> None:
    hosts = dict(Domain.objects.values_list("host", "tenant__slug"))

    assert hosts["localhost"] == "socialtech4eu"
    assert hosts["socialtech4eu.localhost"] == "socialtech4eu"
    assert hosts["democluster.localhost"] == "democluster"
    democluster = Tenant.objects.get(slug="democluster")
    assert Call.unscoped.filter(tenant=democluster, status=CallStatus.OPEN).count() == 1


def test_each_host_shows_its_own_open_calls(seeded: str) -> None:
    with tenant_context(socialtech()):
        socialtech_open = {call.reference for call in Call.objects.all() if call.is_open()}
    with tenant_context(Tenant.objects.get(slug="democluster")):
        democluster_open = {call.reference for call in Call.objects.all() if call.is_open()}

    assert socialtech_open == {"OC2", "V1"}
    assert democluster_open == {"MG1"}


def test_open_call_form_uses_every_field_type(seeded: str) -> None:
    with tenant_context(socialtech()):
        call = Call.objects.get(slug=OPEN_CALL_SLUG)
        types = set(call.fields.values_list("type", flat=True))
        budget = call.fields.get(type=FieldType.BUDGET_TABLE)
        criteria = list(call.criteria.all())

    assert types == set(FieldType.values)
    assert budget.is_requested_amount and budget.max_value == Decimal("60000.00")
    assert {option["value"] for option in budget.options} == {
        "staff",
        "equipment",
        "external_services",
        "travel",
        "other",
    }
    assert [criterion.name["en"] for criterion in criteria] == [
        "Excellence",
        "Impact",
        "Implementation",
    ]
    assert all(criterion.threshold == Decimal("3") for criterion in criteria)
    assert call.total_threshold == Decimal("10")
    assert call.budget == Decimal("600000.00") and call.max_award_per_applicant == Decimal(
        "60000.00"
    )


def test_open_call_closes_at_five_pm_brussels_about_three_weeks_ahead(seeded: str) -> None:
    from django.utils import timezone

    with tenant_context(socialtech()):
        call = Call.objects.get(slug=OPEN_CALL_SLUG)

    local = call.deadline_local()
    assert (local.hour, local.minute) == (17, 0)
    assert 20 <= (call.deadline - timezone.now()).days <= 21
    assert call.is_open()


def test_open_call_labels_are_translated_into_every_language(seeded: str) -> None:
    with tenant_context(socialtech()):
        call = Call.objects.get(slug=OPEN_CALL_SLUG)
        labels = list(call.fields.values_list("label", flat=True))

    languages = {"en", "it", "es", "de", "ro", "sv", "fr"}
    assert set(call.title) == languages
    assert all(set(label) == languages for label in labels)


def test_closed_call_has_forty_submitted_applications_from_six_countries(seeded: str) -> None:
    with tenant_context(socialtech()):
        call = Call.objects.get(slug=CLOSED_CALL_SLUG)
        applications = list(Application.objects.filter(call=call).select_related("organisation"))
        fields = list(call.fields.all())
        attachments = {
            application.pk: list(application.attachments.all()) for application in applications
        }

    assert call.status == CallStatus.EVALUATION and not call.is_open()
    assert len(applications) == 40
    # Submitted, then moved on by the evaluation demo: none is a draft any more.
    assert all(
        application.submitted_at and application.receipt_number for application in applications
    )
    assert ApplicationStatus.DRAFT not in {application.status for application in applications}
    assert len({application.organisation_id for application in applications}) == 40
    assert len({str(application.organisation.country) for application in applications}) >= 6
    assert len({application.title for application in applications}) == 40
    assert len({application.requested_amount for application in applications}) >= 20
    for application in applications:
        assert application.submitted_at < call.deadline
        assert application.requested_amount <= call.max_award_per_applicant
        keys = {attachment.field_key for attachment in attachments[application.pk]}
        assert check_for_submission(fields, application.answers, keys) == []
        assert application.content_sha256 == content_hash(
            application=application, attachments=attachments[application.pk]
        )


def test_closed_call_receipts_are_unique_and_follow_arrival(seeded: str) -> None:
    with tenant_context(socialtech()):
        call = Call.objects.get(slug=CLOSED_CALL_SLUG)
        receipts = list(
            Application.objects.filter(call=call)
            .order_by("submitted_at")
            .values_list("receipt_number", flat=True)
        )

    year = call.deadline_local().year
    assert receipts == [f"ST4EU-{year}-OC1-{number:06d}" for number in range(1, 41)]
    assert call.submission_counter == 40


def test_applicant_has_a_nearly_complete_draft_and_two_early_ones(seeded: str) -> None:
    applicant = User.objects.get(email="applicant@example.org")
    with tenant_context(socialtech()):
        drafts = list(
            Application.objects.filter(created_by=applicant, status=ApplicationStatus.DRAFT)
            .select_related("call")
            .prefetch_related("attachments")
        )
        nearly = next(
            draft
            for draft in drafts
            if draft.call.slug == OPEN_CALL_SLUG and draft.organisation.short_name == "Filo Verde"
        )
        fields = list(nearly.call.fields.all())
        missing = check_for_submission(
            fields,
            nearly.answers,
            {attachment.field_key for attachment in nearly.attachments.all()},
        )

    assert len(drafts) == 3
    assert {draft.call.slug for draft in drafts} == {OPEN_CALL_SLUG, VOUCHER_CALL_SLUG}
    assert sorted(error.key for error in missing) == [
        "declaration_data_protection",
        "declaration_honour",
        "declaration_no_double_funding",
        "work_plan",
    ]
    assert Decimal("50000") < nearly.requested_amount <= Decimal("60000")


def test_applicant_owns_two_demo_organisations(seeded: str) -> None:
    owned = Organisation.objects.filter(
        members__user__email="applicant@example.org", members__role="owner"
    )

    assert owned.count() == 2


def test_demo_organisations_are_valid_and_span_countries_and_legal_forms(seeded: str) -> None:
    organisations = list(
        Organisation.objects.filter(legal_name__in=[o.legal_name for o in ORGANISATIONS])
    )

    assert len(organisations) == len(ORGANISATIONS) >= 12
    assert len({str(organisation.country) for organisation in organisations}) >= 7
    assert {organisation.legal_form for organisation in organisations} >= {
        "social_cooperative",
        "cooperative",
        "association",
        "foundation",
        "limited_profit_company",
        "mutual",
    }
    for organisation in organisations:
        organisation.full_clean()
        if organisation.vat_number:
            assert vat.is_valid(organisation.vat_number), organisation.vat_number


@pytest.mark.parametrize(
    "email",
    [
        "applicant@example.org",
        "staff@example.org",
        "coordinator@example.org",
        "evaluator1@example.org",
        "provider@example.org",
    ],
)
def test_demo_users_can_sign_in_with_the_demo_password(seeded: str, client, email: str) -> None:
    assert client.login(email=email, password=DEMO_PASSWORD)
    assert not client.login(email=email, password="wrong-password")


def test_organisation_contacts_cannot_sign_in(seeded: str, client) -> None:
    contact = User.objects.get(email="nathalie.dubois@recup-mobilier.example.org")

    assert not contact.has_usable_password()
