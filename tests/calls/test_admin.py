"""The call builder in the back office: build, preview, publish, freeze, amend, run."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from calls.guidance.models import CallDocument
from calls.models import Call, CallAmendment, CallStatus, Criterion, FormField
from calls.services import call_publish, call_transition
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.applications.conftest import MINIMAL_PDF
from tests.calls.factories import CallFactory, CriterionFactory, FormFieldFactory
from tests.conftest import HOST_B, login

LANGUAGES = ["en", "it", "ro", "sv", "de", "es", "fr"]
INLINE_PREFIXES = ("fields", "criteria", "documents", "faq")


def translated(name: str, **texts: str) -> dict[str, str]:
    return {f"{name}_{code}": texts.get(code, "") for code in LANGUAGES}


def management(prefix: str, total: int, initial: int = 0) -> dict[str, int]:
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def call_data(**overrides) -> dict:
    data = {
        "slug": "digital-care",
        "reference": "OC9",
        "kind": "grant",
        "work_package": "",
        **translated("title", en="Digital care", it="Cura digitale"),
        **translated("summary", en="Grants for care cooperatives."),
        **translated("body", en="## Who can apply\n\nCooperatives."),
        "topics": "care, robotics",
        "timezone": "Europe/Brussels",
        "opens_at_0": "2030-05-01",
        "opens_at_1": "09:00",
        "deadline_0": "2030-06-12",
        "deadline_1": "17:00",
        "budget": "300000.00",
        "max_award_per_applicant": "60000.00",
        "expected_awards": "5",
        "evaluators_per_application": "3",
        "evaluation_deadline_0": "",
        "evaluation_deadline_1": "",
        "total_threshold": "10",
        "reserve_list_length": "5",
        "tie_break_chain": "criterion:1\nearlier_submission",
        "redress_days": "15",
        "eligible_countries": ["IT", "RO"],
        "eligible_legal_forms": ["social_cooperative", "cooperative"],
        "sme_only": "on",
        "max_applications_per_organisation": "1",
        "check_funding_cap": "on",
        "_save": "Save",
    }
    for prefix in INLINE_PREFIXES:
        data.update(management(prefix, 0))
    data.update(overrides)
    return data


def field_row(index: int, **values) -> dict:
    row = {
        "order": index,
        **translated("section"),
        "key": "",
        "type": "text",
        **translated("label"),
        **translated("help"),
        "required": "on",
        "options_text": "",
        "max_words": "",
        "min_value": "",
        "max_value": "",
        "max_megabytes": "",
    }
    for name, value in values.items():
        if name in ("label", "help", "section"):
            row.update(translated(name, **value))
        else:
            row[name] = value
    if values.get("required") is False:
        row.pop("required")
    return {f"fields-{index}-{name}": value for name, value in row.items()}


def criterion_row(index: int, *, name: str, weight: str = "1", threshold: str = "3") -> dict:
    row = {
        "order": index,
        **translated("name", en=name),
        **translated("description"),
        "weight": weight,
        "threshold": threshold,
    }
    return {f"criteria-{index}-{key}": value for key, value in row.items()}


def errors_of(response) -> list:
    """The form and inline errors of an admin page, to show why a save failed."""
    if response.context is None:
        return []
    found = [response.context["adminform"].form.errors]
    found += [formset.formset.errors for formset in response.context["inline_admin_formsets"]]
    found += [
        formset.formset.non_form_errors() for formset in response.context["inline_admin_formsets"]
    ]
    return [error for error in found if error]


@pytest.fixture
def staff_client(tenant_a, bob) -> Client:
    return login(Client(), bob, mfa=True)


def in_a(tenant):
    return tenant_context(tenant)


def publish(call, by):
    with in_a(call.tenant):
        return call_publish(call=call, by=by)


# --- building a call ---------------------------------------------------------------------------


def test_staff_build_a_call_with_its_form_and_criteria_in_the_admin(staff_client, tenant_a, bob):
    data = call_data(
        **management("fields", 3),
        **field_row(
            0,
            key="project_title",
            label={"en": "Project title", "it": "Titolo del progetto"},
            section={"en": "The project"},
        ),
        **field_row(
            1,
            key="sector",
            type="choice",
            label={"en": "Sector"},
            options_text="care | Care | Cura\nfood | Food",
        ),
        **field_row(
            2,
            key="requested_amount",
            type="money",
            label={"en": "Amount requested"},
            max_value="60000",
            is_requested_amount="on",
        ),
        **management("criteria", 2),
        **criterion_row(0, name="Excellence"),
        **criterion_row(1, name="Impact", weight="2", threshold="3.5"),
    )
    response = staff_client.post(reverse("admin:calls_call_add"), data)
    assert response.status_code == 302, errors_of(response)

    with in_a(tenant_a):
        call = Call.objects.get(slug="digital-care")
        assert call.status == CallStatus.DRAFT
        assert call.title == {"en": "Digital care", "it": "Cura digitale"}
        assert call.topics == ["care", "robotics"]
        assert call.eligible_countries == ["IT", "RO"]
        assert call.tie_break_chain == ["criterion:1", "earlier_submission"]
        # 17:00 typed for a Brussels call is 15:00 UTC in summer.
        assert call.deadline == datetime(2030, 6, 12, 15, 0, tzinfo=UTC)
        fields = {field.key: field for field in call.fields.all()}
        assert list(fields) == ["project_title", "sector", "requested_amount"]
        assert fields["project_title"].section == {"en": "The project"}
        assert fields["sector"].options == [
            {"value": "care", "label": {"en": "Care", "it": "Cura"}},
            {"value": "food", "label": {"en": "Food"}},
        ]
        assert fields["requested_amount"].max_value == Decimal("60000")
        assert fields["requested_amount"].is_requested_amount
        assert [(c.name_text, c.weight, c.threshold) for c in call.criteria.all()] == [
            ("Excellence", Decimal("1"), Decimal("3")),
            ("Impact", Decimal("2"), Decimal("3.5")),
        ]
        verbs = sorted(AuditEvent.objects.filter(actor=bob).values_list("verb", flat=True))
    assert verbs == sorted(
        ["call.created"] + ["call.field_added"] * 3 + ["call.criterion_added"] * 2
    )


def test_the_change_page_shows_the_dates_on_the_calls_clock(staff_client, tenant_a):
    call = CallFactory(
        tenant=tenant_a,
        status="draft",
        timezone="Europe/Bucharest",
        deadline=datetime(2030, 6, 12, 15, 0, tzinfo=UTC),
    )
    page = staff_client.get(reverse("admin:calls_call_change", args=[call.pk])).content.decode()
    assert 'name="deadline_0" value="2030-06-12"' in page
    assert 'name="deadline_1" value="18:00"' in page


def test_a_bad_options_line_is_named_and_nothing_typed_is_lost(staff_client, tenant_a):
    data = call_data(
        **management("fields", 1),
        **field_row(
            0,
            key="sector",
            type="choice",
            label={"en": "Sector"},
            options_text="care | Care\nfood\n | Nothing",
        ),
    )
    response = staff_client.post(reverse("admin:calls_call_add"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Line 2: give an English label after the value" in page
    assert "Line 3: start with the option&#x27;s value" in page
    assert "care | Care\nfood\n | Nothing" in page
    assert 'value="Digital care"' in page
    with in_a(tenant_a):
        assert not Call.objects.exists()


def test_settings_that_do_not_fit_the_type_are_refused_beside_the_input(staff_client, tenant_a):
    data = call_data(
        **management("fields", 1),
        **field_row(0, key="team", type="number", label={"en": "Team"}, max_words="50"),
    )
    response = staff_client.post(reverse("admin:calls_call_add"), data)
    assert response.status_code == 200
    field_errors = response.context["inline_admin_formsets"][0].formset.errors[0]
    assert field_errors["max_words"] == ["A word limit applies to text fields only."]


def test_a_slug_already_used_is_refused_by_name(staff_client, tenant_a):
    CallFactory(tenant=tenant_a, slug="digital-care")
    response = staff_client.post(reverse("admin:calls_call_add"), call_data())
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "Another call of this programme already uses the slug digital-care."
    ]


def test_two_questions_with_one_key_are_refused(staff_client, tenant_a):
    data = call_data(
        **management("fields", 2),
        **field_row(0, key="title", label={"en": "Title"}),
        **field_row(1, key="title", label={"en": "Title again"}),
    )
    response = staff_client.post(reverse("admin:calls_call_add"), data)
    assert response.status_code == 200
    with in_a(tenant_a):
        assert not Call.objects.exists()


def test_a_call_document_is_checked_and_stored(staff_client, tenant_a):
    call = CallFactory(tenant=tenant_a, status="draft", slug="digital-care", reference="OC9")
    url = reverse("admin:calls_call_change", args=[call.pk])
    base = call_data(
        **{
            **management("documents", 1),
            "documents-0-order": "0",
            **{
                f"documents-0-{key}": value
                for key, value in translated("title", en="Guide").items()
            },
        }
    )
    fake = SimpleUploadedFile("guide.pdf", b"MZ\x90\x00" * 50, content_type="application/pdf")
    refused = staff_client.post(url, {**base, "documents-0-file": fake})
    assert refused.status_code == 200
    assert "File: the file looks like" in refused.content.decode()

    real = SimpleUploadedFile("guide.pdf", MINIMAL_PDF, content_type="application/pdf")
    accepted = staff_client.post(url, {**base, "documents-0-file": real})
    assert accepted.status_code == 302, errors_of(accepted)
    with in_a(tenant_a):
        document = CallDocument.objects.get(call=call)
    assert document.original_name == "guide.pdf"
    assert len(document.sha256) == 64
    assert document.title == {"en": "Guide"}


# --- preview and publication -------------------------------------------------------------------


@pytest.fixture
def draft_call(tenant_a):
    call = CallFactory(
        tenant=tenant_a,
        status="draft",
        slug="digital-care",
        reference="OC9",
        opens_at=timezone.now() - timedelta(days=1),
        deadline=timezone.now() + timedelta(days=20),
    )
    FormFieldFactory(call=call, key="project_title", label={"en": "Project title"}, order=1)
    FormFieldFactory(
        call=call,
        key="sector",
        type="choice",
        label={"en": "Sector"},
        order=2,
        options=[
            {"value": "care", "label": {"en": "Care"}},
            {"value": "food", "label": {"en": "Food"}},
        ],
    )
    CriterionFactory(call=call, name={"en": "Excellence"})
    return call


def test_the_preview_shows_the_form_as_applicants_see_it(staff_client, draft_call):
    response = staff_client.get(reverse("admin:calls_call_preview", args=[draft_call.pk]))
    page = response.content.decode()
    assert '<label for="preview-project_title">Project title' in page
    assert '<legend>Sector <span class="required" aria-hidden="true">*</span></legend>' in page
    assert '<label for="preview-sector-2">Food</label>' in page
    assert page.count(" disabled") >= 3


def test_publishing_an_incomplete_call_is_refused_with_the_reasons(staff_client, tenant_a):
    call = CallFactory(tenant=tenant_a, status="draft")
    response = staff_client.post(
        reverse("admin:calls_call_lifecycle", args=[call.pk]), {"action": "publish"}, follow=True
    )
    shown = [str(message) for message in response.context["messages"]]
    assert "The application form has no fields." in shown
    assert "The call has no award criteria." in shown
    call.refresh_from_db()
    assert call.status == CallStatus.DRAFT


def test_the_change_page_of_a_draft_says_what_is_missing(staff_client, tenant_a):
    call = CallFactory(tenant=tenant_a, status="draft")
    page = staff_client.get(reverse("admin:calls_call_change", args=[call.pk])).content.decode()
    assert "<li>The application form has no fields.</li>" in page
    assert 'value="publish"' in page


def test_publishing_freezes_the_form_and_criteria(staff_client, draft_call, tenant_a):
    response = staff_client.post(
        reverse("admin:calls_call_lifecycle", args=[draft_call.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.OPEN  # its opening has already come

    page = staff_client.get(reverse("admin:calls_call_change", args=[draft_call.pk]))
    inlines = {inline.formset.model: inline for inline in page.context["inline_admin_formsets"]}
    for model in (FormField, Criterion):
        assert inlines[model].has_change_permission is False
        assert inlines[model].has_add_permission is False
        assert inlines[model].has_delete_permission is False
    html = page.content.decode()
    assert 'name="fields-0-label_en"' not in html
    assert "Amend form" in html
    assert CallAmendment in inlines


def test_a_posted_change_to_a_frozen_form_is_ignored(staff_client, draft_call, bob):
    publish(draft_call, bob)
    with in_a(draft_call.tenant):
        field = FormField.objects.get(call=draft_call, key="project_title")
    data = call_data(
        slug=draft_call.slug,
        reference=draft_call.reference,
        opens_at_0=timezone.localtime(draft_call.opens_at, draft_call.zone).strftime("%Y-%m-%d"),
        opens_at_1=timezone.localtime(draft_call.opens_at, draft_call.zone).strftime("%H:%M"),
        deadline_0=timezone.localtime(draft_call.deadline, draft_call.zone).strftime("%Y-%m-%d"),
        deadline_1=timezone.localtime(draft_call.deadline, draft_call.zone).strftime("%H:%M"),
        **management("amendments", 0),
        **management("fields", 1, 1),
        **field_row(0, key="project_title", label={"en": "Sneaky change"}),
        **{"fields-0-id": field.pk, "fields-0-call": draft_call.pk},
    )
    response = staff_client.post(reverse("admin:calls_call_change", args=[draft_call.pk]), data)
    assert response.status_code == 302, errors_of(response)  # the call's settings saved
    field.refresh_from_db()
    assert field.label == {"en": "Project title"}
    assert not AuditEvent.objects.filter(verb="call.field_changed").exists()


def test_a_published_call_cannot_be_deleted_in_the_admin(staff_client, draft_call, bob):
    publish(draft_call, bob)
    response = staff_client.post(
        reverse("admin:calls_call_delete", args=[draft_call.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Call.unscoped.filter(pk=draft_call.pk).exists()


def test_close_early_then_evaluation_results_and_archive(staff_client, draft_call, bob):
    publish(draft_call, bob)
    url = reverse("admin:calls_call_lifecycle", args=[draft_call.pk])
    for action, status in [("close", CallStatus.CLOSED), ("evaluation", CallStatus.EVALUATION)]:
        response = staff_client.post(url, {"action": action}, follow=True)
        draft_call.refresh_from_db()
        assert draft_call.status == status, [str(m) for m in response.context["messages"]]
    # "Publish results" leads to the ranking's confirmation page: only the publication of
    # results (which tells each applicant their outcome) moves the call to results.
    response = staff_client.post(url, {"action": "results"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:evaluations_rankingrun_publish", args=[draft_call.pk]
    )
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.EVALUATION
    assert not AuditEvent.objects.filter(verb="call.results").exists()
    Call.unscoped.filter(pk=draft_call.pk).update(status=CallStatus.RESULTS)
    response = staff_client.post(url, {"action": "archive"}, follow=True)
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.ARCHIVED
    assert AuditEvent.objects.filter(verb="call.closed", actor=bob).count() == 1


def test_a_call_moves_to_results_only_through_the_publication_of_results(draft_call, bob):
    publish(draft_call, bob)
    Call.unscoped.filter(pk=draft_call.pk).update(status=CallStatus.EVALUATION)
    draft_call.refresh_from_db()
    with in_a(draft_call.tenant), pytest.raises(ValidationError) as refused:
        call_transition(call=draft_call, to=CallStatus.RESULTS, by=bob)
    assert refused.value.code == "publish_from_ranking"
    draft_call.refresh_from_db()
    assert draft_call.status == CallStatus.EVALUATION


def test_a_step_out_of_order_is_refused_with_the_current_status(staff_client, draft_call, bob):
    publish(draft_call, bob)
    response = staff_client.post(
        reverse("admin:calls_call_lifecycle", args=[draft_call.pk]),
        {"action": "archive"},
        follow=True,
    )
    shown = [str(message) for message in response.context["messages"]]
    assert "A call in the status “Open” cannot move to “Archived”." in shown


def test_the_lifecycle_page_only_takes_posts(staff_client, draft_call):
    response = staff_client.get(reverse("admin:calls_call_lifecycle", args=[draft_call.pk]))
    assert response.status_code == 405


# --- amendments --------------------------------------------------------------------------------


@pytest.fixture
def published_call(draft_call, bob):
    return publish(draft_call, bob)


def amend_data(call, **overrides) -> dict:
    with in_a(call.tenant):
        fields = list(FormField.objects.filter(call=call).order_by("order", "pk"))
        criteria = list(call.criteria.order_by("order", "pk"))
    data = {**translated("amendment-summary", en="The sector list now includes housing.")}
    data.update(management("fields", len(fields) + 1, len(fields)))
    for index, field in enumerate(fields):
        data.update(
            field_row(
                index,
                order=field.order,
                key=field.key,
                type=field.type,
                label=field.label,
                options_text="\n".join(f"{o['value']} | {o['label']['en']}" for o in field.options),
            )
        )
        data[f"fields-{index}-id"] = field.pk
        data[f"fields-{index}-call"] = call.pk
    data.update(field_row(len(fields), order=0, type=""))
    data.update(management("criteria", len(criteria) + 1, len(criteria)))
    for index, criterion in enumerate(criteria):
        data.update(criterion_row(index, name=criterion.name["en"]))
        data[f"criteria-{index}-id"] = criterion.pk
        data[f"criteria-{index}-call"] = call.pk
    data.update(
        {
            f"criteria-{len(criteria)}-{key}": value
            for key, value in {
                "order": 0,
                **translated("name"),
                **translated("description"),
                "weight": "1",
                "threshold": "3",
            }.items()
        }
    )
    data.update(overrides)
    return data


def test_amending_the_form_records_a_version_and_shows_it_on_the_call(
    staff_client, published_call, bob
):
    url = reverse("admin:calls_call_amend", args=[published_call.pk])
    assert staff_client.get(url).status_code == 200
    data = amend_data(
        published_call,
        **{"fields-1-options_text": "care | Care\nfood | Food\nhousing | Housing"},
        **field_row(2, key="team", type="textarea", label={"en": "Team"}, max_words="200"),
    )
    data["fields-0-DELETE"] = "on"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and [
        response.context["field_formset"].errors,
        response.context["summary_form"].errors,
        response.context["service_errors"],
    ]
    published_call.refresh_from_db()
    assert published_call.form_version == 2
    with in_a(published_call.tenant):
        amendment = CallAmendment.objects.get(call=published_call)
        keys = sorted(FormField.objects.filter(call=published_call).values_list("key", flat=True))
        sector = FormField.objects.get(call=published_call, key="sector")
    assert amendment.version == 2
    assert amendment.created_by == bob
    assert amendment.summary == {"en": "The sector list now includes housing."}
    assert amendment.changes["fields"] == {
        "added": ["team"],
        "changed": {"sector": ["options"]},
        "removed": ["project_title"],
    }
    assert keys == ["sector", "team"]
    assert [value for value, _text in sector.option_pairs()] == ["care", "food", "housing"]

    page = staff_client.get(reverse("admin:calls_call_change", args=[published_call.pk]))
    assert "The sector list now includes housing." in page.content.decode()


def test_an_amendment_without_an_english_summary_is_refused_and_the_input_kept(
    staff_client, published_call
):
    url = reverse("admin:calls_call_amend", args=[published_call.pk])
    data = amend_data(
        published_call,
        **translated("amendment-summary", it="Aggiunto un settore"),
        **{"fields-1-options_text": "care | Care\nfood | Food\nhousing | Housing"},
    )
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert response.context["summary_form"].errors["summary"]
    page = response.content.decode()
    assert "Aggiunto un settore" in page
    assert "housing | Housing" in page
    published_call.refresh_from_db()
    assert published_call.form_version == 1
    with in_a(published_call.tenant):
        assert not CallAmendment.objects.exists()


def test_an_amendment_cannot_change_a_published_key(staff_client, published_call):
    url = reverse("admin:calls_call_amend", args=[published_call.pk])
    data = amend_data(published_call, **{"fields-0-key": "renamed"})
    data["fields-0-label_en"] = "A new label"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and [
        response.context["field_formset"].errors,
        response.context["service_errors"],
    ]
    with in_a(published_call.tenant):
        field = FormField.objects.get(call=published_call, order=1)
    # A disabled input keeps its saved value whatever is posted.
    assert field.key == "project_title"
    assert field.label["en"] == "A new label"


def test_the_amend_page_of_a_draft_sends_staff_to_the_change_page(staff_client, draft_call):
    response = staff_client.get(reverse("admin:calls_call_amend", args=[draft_call.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:calls_call_change", args=[draft_call.pk])


# --- another programme's staff -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "method"),
    [("preview", "get"), ("amend", "get"), ("amend", "post"), ("lifecycle", "post")],
)
def test_the_extra_admin_pages_are_404_to_another_programmes_staff(
    published_call, charlie, name, method
):
    client = login(Client(HTTP_HOST=HOST_B), charlie, mfa=True)
    url = reverse(f"admin:calls_call_{name}", args=[published_call.pk])
    response = getattr(client, method)(url, {"action": "close"} if method == "post" else None)
    assert response.status_code == 404
    published_call.refresh_from_db()
    assert published_call.status == CallStatus.OPEN


def test_a_closed_calls_evaluation_deadline_is_typed_on_the_calls_clock(staff_client, tenant_a):
    call = CallFactory(
        tenant=tenant_a,
        status="closed",
        slug="closed-call",
        reference="OC5",
        timezone="Europe/Bucharest",
        opens_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        deadline=datetime(2026, 3, 1, 15, 0, tzinfo=UTC),
    )
    data = call_data(
        slug=call.slug,
        reference=call.reference,
        evaluation_deadline_0="2030-07-01",
        evaluation_deadline_1="12:00",
        **management("amendments", 0),
    )
    for name in ("slug", "reference", "timezone", "opens_at_0", "opens_at_1"):
        data.pop(name)
    data.pop("deadline_0")
    data.pop("deadline_1")
    response = staff_client.post(reverse("admin:calls_call_change", args=[call.pk]), data)
    assert response.status_code == 302, errors_of(response)
    call.refresh_from_db()
    # Noon in Bucharest (UTC+3 in summer); the dates of the closed call did not move.
    assert call.evaluation_deadline == datetime(2030, 7, 1, 9, 0, tzinfo=UTC)
    assert call.deadline == datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
