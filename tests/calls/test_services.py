"""The call builder's services and the clock-driven lifecycle (calls.sync_statuses)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from calls.amendments.services import call_form_amend
from calls.builder.services import (
    ItemChange,
    call_create,
    call_delete,
    call_update,
    criterion_save,
    form_field_delete,
    form_field_problems,
    form_field_save,
)
from calls.guidance.models import CallDocument, CallQuestion
from calls.guidance.services import call_document_save, call_question_save
from calls.models import Call, CallAmendment, CallStatus, Criterion, FormField
from calls.services import call_publish
from calls.tasks import sync_statuses
from socialtech.audit.models import AuditEvent
from tests.applications.conftest import MINIMAL_PDF
from tests.calls.factories import CallFactory, CriterionFactory, FormFieldFactory


def call_values(**overrides):
    now = timezone.now()
    values = {
        "slug": "digital-care",
        "reference": "OC7",
        "kind": "grant",
        "title": {"en": "Digital care", "it": "Cura digitale"},
        "summary": {"en": "Grants for care cooperatives."},
        "opens_at": now + timedelta(days=1),
        "deadline": now + timedelta(days=30),
        "timezone": "Europe/Brussels",
        "budget": Decimal("100000.00"),
        "max_award_per_applicant": Decimal("20000.00"),
    }
    values.update(overrides)
    return values


def upload(data: bytes, name: str) -> BytesIO:
    handle = BytesIO(data)
    handle.name = name
    return handle


# --- building a draft --------------------------------------------------------------------------


def test_call_create_makes_a_draft_with_the_default_tie_break_chain_and_an_audit_event(
    in_tenant_a, alice
):
    call = call_create(by=alice, **call_values())
    assert call.status == CallStatus.DRAFT
    assert call.tenant == in_tenant_a
    assert call.tie_break_chain[0] == "criterion:1"
    assert AuditEvent.objects.get(verb="call.created").actor == alice


def test_call_create_refuses_a_slug_the_programme_already_uses(in_tenant_a, alice):
    CallFactory(tenant=in_tenant_a, slug="digital-care")
    with pytest.raises(ValidationError) as refused:
        call_create(by=alice, **call_values())
    assert "digital-care" in refused.value.message_dict["slug"][0]
    assert not AuditEvent.objects.filter(verb="call.created").exists()


def test_the_same_slug_is_fine_in_another_programme(in_tenant_a, tenant_b, alice):
    CallFactory(tenant=tenant_b, slug="digital-care", reference="OC7")
    assert call_create(by=alice, **call_values()).slug == "digital-care"


def test_call_create_refuses_a_deadline_before_the_opening(in_tenant_a, alice):
    now = timezone.now()
    with pytest.raises(ValidationError) as refused:
        call_create(
            by=alice,
            **call_values(opens_at=now + timedelta(days=5), deadline=now + timedelta(days=1)),
        )
    assert "deadline" in refused.value.message_dict


def test_call_update_records_the_old_and_new_deadline(in_tenant_a, alice):
    call = call_create(by=alice, **call_values())
    old_deadline = call.deadline
    new_deadline = old_deadline + timedelta(days=7)
    call_update(call=call, by=alice, deadline=new_deadline)
    event = AuditEvent.objects.get(verb="call.updated")
    assert event.data["fields"] == ["deadline"]
    assert event.data["deadline"] == {
        "from": old_deadline.isoformat(),
        "to": new_deadline.isoformat(),
    }


def test_call_update_refuses_a_new_slug_once_published(in_tenant_a, alice):
    call = CallFactory(tenant=in_tenant_a, status="open")
    with pytest.raises(ValidationError) as refused:
        call_update(call=call, by=alice, slug="another-slug")
    assert "slug" in refused.value.message_dict


def test_call_update_refuses_moving_the_dates_of_a_closed_call(in_tenant_a, alice):
    call = CallFactory(tenant=in_tenant_a, status="closed")
    with pytest.raises(ValidationError) as refused:
        call_update(call=call, by=alice, deadline=call.deadline + timedelta(days=3))
    assert "extension" in refused.value.message_dict["deadline"][0]


def test_call_update_with_nothing_changed_writes_no_event(in_tenant_a, alice):
    call = call_create(by=alice, **call_values())
    call_update(call=call, by=alice, slug=call.slug, title=dict(call.title))
    assert not AuditEvent.objects.filter(verb="call.updated").exists()


def test_a_published_call_cannot_be_deleted(in_tenant_a, alice):
    call = CallFactory(tenant=in_tenant_a, status="published")
    with pytest.raises(ValidationError):
        call_delete(call=call, by=alice)
    assert Call.objects.filter(pk=call.pk).exists()


def test_a_draft_call_is_deleted_with_its_form(in_tenant_a, alice):
    call = CallFactory(tenant=in_tenant_a, status="draft")
    FormFieldFactory(call=call)
    call_delete(call=call, by=alice)
    assert not Call.objects.filter(pk=call.pk).exists()
    assert not FormField.objects.filter(call_id=call.pk).exists()
    assert AuditEvent.objects.get(verb="call.deleted").object_id == str(call.pk)


# --- questions and criteria --------------------------------------------------------------------


def test_form_field_save_adds_a_question_with_its_options(in_tenant_a, alice):
    call = CallFactory(tenant=in_tenant_a, status="draft")
    field = form_field_save(
        call=call,
        by=alice,
        key="sector",
        type="choice",
        label={"en": "Sector"},
        options=[
            {"value": "care", "label": {"en": "Care"}},
            {"value": "food", "label": {"en": "Food", "it": "Cibo"}},
        ],
    )
    with translation.override("it"):
        assert field.option_pairs() == [("care", "Care"), ("food", "Cibo")]
    event = AuditEvent.objects.get(verb="call.field_added")
    assert event.data["key"] == "sector"


@pytest.mark.parametrize(
    ("values", "attribute", "fragment"),
    [
        ({"type": "choice", "options": [{"value": "a", "label": {"en": "A"}}]}, "options", "two"),
        ({"type": "text", "is_requested_amount": True}, "is_requested_amount", "EUR"),
        ({"type": "number", "max_words": 10}, "max_words", "text fields"),
        ({"type": "text", "max_bytes": 1000}, "max_bytes", "file fields"),
        ({"type": "file", "allowed_types": ["exe"]}, "allowed_types", "exe"),
        (
            {"type": "number", "min_value": Decimal("5"), "max_value": Decimal("1")},
            "max_value",
            "below the minimum",
        ),
        (
            {
                "type": "choice",
                "options": [
                    {"value": "a", "label": {"en": "A"}},
                    {"value": "a", "label": {"en": "B"}},
                ],
            },
            "options",
            "twice",
        ),
    ],
)
def test_form_field_problems_name_the_setting_and_the_rule(values, attribute, fragment):
    problems = form_field_problems({"label": {"en": "Question"}, **values})
    assert fragment in problems[attribute]


def test_a_well_formed_question_has_no_problems():
    assert (
        form_field_problems(
            {"type": "money", "label": {"en": "Amount"}, "is_requested_amount": True}
        )
        == {}
    )


def test_the_form_of_a_published_call_cannot_be_edited_directly(in_tenant_a, alice):
    call = CallFactory(tenant=in_tenant_a, status="open")
    field = FormFieldFactory(call=call, key="project_title")
    with pytest.raises(ValidationError) as refused:
        form_field_save(call=call, by=alice, field=field, label={"en": "Changed"})
    assert refused.value.code == "frozen"
    with pytest.raises(ValidationError):
        form_field_delete(field=field, by=alice)
    with pytest.raises(ValidationError):
        criterion_save(call=call, by=alice, name={"en": "Impact"})
    field.refresh_from_db()
    assert field.label == {"en": "Project title"}


def test_criterion_threshold_goes_in_half_points(in_tenant_a, alice):
    call = CallFactory(tenant=in_tenant_a, status="draft")
    with pytest.raises(ValidationError) as refused:
        criterion_save(call=call, by=alice, name={"en": "Impact"}, threshold=Decimal("3.2"))
    assert "half points" in refused.value.message_dict["threshold"][0]
    criterion = criterion_save(call=call, by=alice, name={"en": "Impact"}, threshold=Decimal("3.5"))
    assert criterion.threshold == Decimal("3.5")


# --- documents ---------------------------------------------------------------------------------


def test_call_document_keeps_the_original_name_and_hash_under_a_random_storage_name(
    in_tenant_a, alice
):
    call = CallFactory(tenant=in_tenant_a)
    document = call_document_save(
        call=call,
        by=alice,
        title={"en": "Guide for applicants"},
        upload=upload(MINIMAL_PDF, "Guide 2026.pdf"),
    )
    assert document.original_name == "Guide 2026.pdf"
    assert document.size == len(MINIMAL_PDF)
    assert len(document.sha256) == 64
    assert "Guide" not in document.file.name
    assert in_tenant_a.slug in document.file.name
    assert document.file.read() == MINIMAL_PDF


def test_call_document_refuses_a_file_that_is_not_what_its_name_says(in_tenant_a, alice):
    call = CallFactory(tenant=in_tenant_a)
    with pytest.raises(ValidationError) as refused:
        call_document_save(
            call=call,
            by=alice,
            title={"en": "Guide"},
            upload=upload(b"MZ\x90\x00" * 20, "guide.pdf"),
        )
    assert "File:" in refused.value.message_dict["file"][0]
    assert not CallDocument.objects.exists()


# --- publication and amendments ----------------------------------------------------------------


def test_publishing_an_incomplete_call_is_refused_with_every_reason(in_tenant_a, alice):
    call = call_create(by=alice, **call_values())
    with pytest.raises(ValidationError) as refused:
        call_publish(call=call, by=alice)
    assert refused.value.messages == [
        "The application form has no fields.",
        "The call has no award criteria.",
    ]
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT


@pytest.fixture
def published_call(in_tenant_a, alice):
    call = CallFactory(tenant=in_tenant_a, status="draft", reference="AM1")
    FormFieldFactory(call=call, key="project_title", label={"en": "Project title"})
    FormFieldFactory(call=call, key="old_question", label={"en": "Old question"})
    CriterionFactory(call=call, name={"en": "Excellence"})
    return call_publish(call=call, by=alice)


def test_amending_changes_the_form_and_records_one_versioned_amendment(
    published_call, alice, django_capture_on_commit_callbacks
):
    fields = {field.key: field for field in published_call.fields.all()}
    criterion = published_call.criteria.get()
    with django_capture_on_commit_callbacks() as callbacks:
        amendment = call_form_amend(
            call=published_call,
            by=alice,
            summary={"en": "A question on the team was added; the old question is gone."},
            field_changes=[
                ItemChange(
                    pk=fields["project_title"].pk,
                    values={"label": {"en": "Title of the project"}},
                ),
                ItemChange(pk=fields["old_question"].pk, delete=True),
                ItemChange(values={"key": "team", "type": "textarea", "label": {"en": "Team"}}),
            ],
            criterion_changes=[ItemChange(pk=criterion.pk, values={"weight": Decimal("2")})],
        )
    published_call.refresh_from_db()
    assert published_call.form_version == 2
    assert amendment.version == 2
    assert amendment.changes == {
        "fields": {
            "added": ["team"],
            "changed": {"project_title": ["label"]},
            "removed": ["old_question"],
        },
        "criteria": {"added": [], "changed": {"Excellence": ["weight"]}, "removed": []},
    }
    assert sorted(published_call.fields.values_list("key", flat=True)) == ["project_title", "team"]
    assert AuditEvent.objects.get(verb="call.amended").data["version"] == 2
    assert len(callbacks) == 1  # the notice to draft holders, queued after commit


def test_an_amendment_that_fails_changes_nothing(published_call, alice):
    field = published_call.fields.get(key="project_title")
    with pytest.raises(ValidationError):
        call_form_amend(
            call=published_call,
            by=alice,
            summary={"en": "Two changes"},
            field_changes=[
                ItemChange(pk=field.pk, values={"label": {"en": "Changed label"}}),
                # A choice with one option is refused, so the whole amendment is.
                ItemChange(
                    values={
                        "key": "sector",
                        "type": "choice",
                        "label": {"en": "Sector"},
                        "options": [{"value": "care", "label": {"en": "Care"}}],
                    }
                ),
            ],
        )
    field.refresh_from_db()
    published_call.refresh_from_db()
    assert field.label == {"en": "Project title"}
    assert published_call.form_version == 1
    assert not CallAmendment.objects.exists()


def test_an_amendment_needs_an_english_summary(published_call, alice):
    field = published_call.fields.get(key="project_title")
    with pytest.raises(ValidationError) as refused:
        call_form_amend(
            call=published_call,
            by=alice,
            summary={"it": "Cambiato"},
            field_changes=[ItemChange(pk=field.pk, values={"label": {"en": "New"}})],
        )
    assert "summary" in refused.value.message_dict


def test_an_amendment_that_changes_nothing_is_refused(published_call, alice):
    field = published_call.fields.get(key="project_title")
    with pytest.raises(ValidationError) as refused:
        call_form_amend(
            call=published_call,
            by=alice,
            summary={"en": "Nothing"},
            field_changes=[ItemChange(pk=field.pk, values={"label": dict(field.label)})],
        )
    assert refused.value.code == "no_changes"


def test_an_amendment_cannot_rename_a_key(published_call, alice):
    field = published_call.fields.get(key="project_title")
    with pytest.raises(ValidationError) as refused:
        call_form_amend(
            call=published_call,
            by=alice,
            summary={"en": "Renamed"},
            field_changes=[ItemChange(pk=field.pk, values={"key": "title"})],
        )
    assert "project_title" in refused.value.message_dict["key"][0]


def test_a_draft_is_not_amended(in_tenant_a, alice):
    call = CallFactory(tenant=in_tenant_a, status="draft")
    with pytest.raises(ValidationError) as refused:
        call_form_amend(call=call, by=alice, summary={"en": "x"})
    assert refused.value.code == "not_published"


def test_criteria_of_another_call_cannot_be_amended_through_this_one(published_call, alice):
    other = CriterionFactory(call=CallFactory(tenant=published_call.tenant, status="open"))
    with pytest.raises(ValidationError):
        call_form_amend(
            call=published_call,
            by=alice,
            summary={"en": "Sneaky"},
            criterion_changes=[ItemChange(pk=other.pk, values={"weight": Decimal("3")})],
        )
    other.refresh_from_db()
    assert other.weight == Decimal("1")
    assert Criterion.objects.filter(call=published_call).count() == 1


# --- the schedule: calls.sync_statuses ---------------------------------------------------------


def run_schedule(tenant):
    return sync_statuses.apply(kwargs={"tenant_id": tenant.pk}).get()


def test_the_schedule_opens_an_announced_call_once_its_opening_has_come(in_tenant_a):
    call = CallFactory(
        tenant=in_tenant_a,
        status="published",
        opens_at=timezone.now() - timedelta(seconds=5),
    )
    assert run_schedule(in_tenant_a) == 1
    call.refresh_from_db()
    assert call.status == CallStatus.OPEN
    event = AuditEvent.objects.get(verb="call.open")
    assert event.actor is None
    assert event.data == {"from": "published", "by": "clock"}


def test_the_schedule_leaves_an_announced_call_closed_to_applicants_until_it_opens(in_tenant_a):
    call = CallFactory(
        tenant=in_tenant_a, status="published", opens_at=timezone.now() + timedelta(hours=1)
    )
    assert run_schedule(in_tenant_a) == 0
    call.refresh_from_db()
    assert call.status == CallStatus.PUBLISHED


def test_the_schedule_closes_an_open_call_at_its_deadline(in_tenant_a):
    call = CallFactory(
        tenant=in_tenant_a,
        status="open",
        opens_at=timezone.now() - timedelta(days=3),
        deadline=timezone.now() - timedelta(seconds=1),
    )
    run_schedule(in_tenant_a)
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    assert AuditEvent.objects.filter(verb="call.closed", object_id=str(call.pk)).count() == 1


def test_running_the_schedule_twice_changes_and_records_once(in_tenant_a):
    call = CallFactory(
        tenant=in_tenant_a,
        status="open",
        opens_at=timezone.now() - timedelta(days=3),
        deadline=timezone.now() - timedelta(seconds=1),
    )
    assert run_schedule(in_tenant_a) == 1
    assert run_schedule(in_tenant_a) == 0
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED
    assert AuditEvent.objects.filter(verb="call.closed").count() == 1


def test_the_schedule_touches_only_its_own_programme(in_tenant_a, tenant_b):
    other = CallFactory(
        tenant=tenant_b,
        status="open",
        opens_at=timezone.now() - timedelta(days=3),
        deadline=timezone.now() - timedelta(seconds=1),
    )
    run_schedule(in_tenant_a)
    other.refresh_from_db()
    assert other.status == CallStatus.OPEN


def test_the_schedule_never_opens_a_draft(in_tenant_a):
    call = CallFactory(
        tenant=in_tenant_a, status="draft", opens_at=timezone.now() - timedelta(days=1)
    )
    run_schedule(in_tenant_a)
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT


def test_a_frequently_asked_question_is_added_and_changed_with_its_text(in_tenant_a, alice):
    """The row being changed and the question's text are two arguments, not one name."""
    call = CallFactory()
    added = call_question_save(
        call=call, by=alice, question={"en": "Who may apply?"}, answer={"en": "Anyone."}, order=1
    )
    changed = call_question_save(
        call=call,
        by=alice,
        existing=added,
        question={"en": "Who can apply?"},
        answer={"en": "All."},
    )
    assert changed.pk == added.pk
    assert CallQuestion.objects.get(pk=added.pk).question == {"en": "Who can apply?"}
    assert AuditEvent.objects.filter(verb="call.question_changed").count() == 1
