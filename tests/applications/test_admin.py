from __future__ import annotations

import csv
import io
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, EligibilityCheck
from applications.submission.services import application_submit
from calls.models import FormField
from socialtech.audit.models import AuditEvent
from tests.applications.test_services import ready_draft
from tests.applications.test_staff import all_rules, submitted
from tests.calls.factories import CallFactory
from tests.conftest import HOST_A, HOST_B, login
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

CHANGELIST = "admin:applications_application_changelist"
BULK = "admin:applications_application_bulk"


def listed(response):
    return [application.pk for application in response.context["cl"].result_list]


@pytest.fixture
def staff_client(client, alice):
    return login(client, alice, mfa=True)


@pytest.fixture
def real_submission(call_a, organisation, applicant, answers):
    """A submission made through the applicant's services, with its file."""
    application = ready_draft(call_a, organisation, applicant, answers)
    return application_submit(application=application, user=applicant)


# --- list -----------------------------------------------------------------------------------


def test_list_hides_drafts_by_default_and_shows_them_on_request(
    staff_client, call_a, organisation, applicant
):
    sent = submitted(call_a, organisation, applicant)
    draft = submitted(
        call_a,
        OrganisationFactory(legal_name="Bozza Coop"),
        applicant,
        status="draft",
        title="Secret draft idea",
    )
    url = reverse(CHANGELIST)

    assert listed(staff_client.get(url)) == [sent.pk]
    with_drafts = staff_client.get(url, {"status": "all"})
    assert sorted(listed(with_drafts)) == sorted([sent.pk, draft.pk])
    only_drafts = staff_client.get(url, {"status": "draft"})
    assert listed(only_drafts) == [draft.pk]
    page = only_drafts.content.decode()
    assert "Bozza Coop" in page
    assert "Secret draft idea" not in page
    assert "45,000.00" not in page


def test_list_shows_the_columns_staff_need(staff_client, call_a, applicant):
    organisation = OrganisationFactory(
        legal_name="Asociatia Alfa", country="RO", legal_form="association"
    )
    application = submitted(call_a, organisation, applicant, number=7)
    page = staff_client.get(reverse(CHANGELIST)).content.decode()
    for text in (
        application.receipt_number,
        "Asociatia Alfa",
        "Romania",
        "Association",
        "Open call OC1",
        "Submitted",
        "45,000.00",
    ):
        assert text in page, text


def test_filters_by_call_status_country_legal_form_and_sme(
    staff_client, in_tenant_a, call_a, applicant
):
    other_call = CallFactory(tenant=in_tenant_a, reference="OC9")
    romanian = submitted(
        call_a,
        OrganisationFactory(country="RO", legal_form="association"),
        applicant,
        number=1,
    )
    large_company = submitted(
        call_a,
        OrganisationFactory(legal_form="limited_company", staff_headcount=900),
        applicant,
        number=2,
        status="eligible",
    )
    in_other_call = submitted(other_call, OrganisationFactory(), applicant, number=3)
    url = reverse(CHANGELIST)

    assert sorted(listed(staff_client.get(url, {"call__id__exact": call_a.pk}))) == sorted(
        [romanian.pk, large_company.pk]
    )
    assert listed(staff_client.get(url, {"status": "eligible"})) == [large_company.pk]
    assert listed(staff_client.get(url, {"organisation__country__exact": "RO"})) == [romanian.pk]
    assert listed(
        staff_client.get(url, {"organisation__legal_form__exact": "limited_company"})
    ) == [large_company.pk]
    assert sorted(listed(staff_client.get(url, {"sme": "yes"}))) == sorted(
        [romanian.pk, in_other_call.pk]
    )
    assert listed(staff_client.get(url, {"sme": "no"})) == [large_company.pk]


def test_search_finds_organisation_receipt_title_and_words_of_the_answers(
    staff_client, call_a, applicant
):
    by_name = submitted(
        call_a, OrganisationFactory(legal_name="Fondazione Luce"), applicant, number=1
    )
    by_answer = submitted(
        call_a,
        OrganisationFactory(),
        applicant,
        number=2,
        title="Solar kitchens",
        search_text="Solar kitchens community canteen for refugees",
    )
    submitted(
        call_a,
        OrganisationFactory(),
        applicant,
        status="draft",
        title="Refugees draft",
        search_text="Refugees draft canteen",
    )
    url = reverse(CHANGELIST)

    assert listed(staff_client.get(url, {"q": "luce"})) == [by_name.pk]
    assert listed(staff_client.get(url, {"q": by_answer.receipt_number})) == [by_answer.pk]
    assert listed(staff_client.get(url, {"q": "solar kitchens"})) == [by_answer.pk]
    # A draft's words are never searched, even when drafts are listed.
    assert listed(staff_client.get(url, {"q": "canteen", "status": "all"})) == [by_answer.pk]


def test_people_without_a_staff_role_cannot_open_the_list(client, tenant_a, call_a, applicant):
    evaluator = UserFactory()
    MembershipFactory(tenant=tenant_a, user=evaluator, role="evaluator")
    login(client, evaluator, mfa=True)
    assert client.get(reverse(CHANGELIST)).status_code == 403


# --- detail ---------------------------------------------------------------------------------


def test_detail_shows_answers_with_labels_in_the_staff_language_budget_and_files(
    client, alice, real_submission
):
    FormField.unscoped.filter(call=real_submission.call, key="sector").update(
        label={"en": "Sector", "it": "Settore di attività"}
    )
    alice.language = "it"
    alice.save(update_fields=["language"])
    login(client, alice, mfa=True)

    response = client.get(
        reverse("admin:applications_application_change", args=[real_submission.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Settore di attività" in page
    assert "Care robots for rural elders" in page
    assert "Developer" in page and "Sensors" in page
    # Budget table total, formatted in the staff member's language.
    assert response.context["budget_total"] == 45000
    assert 'class="amount budget-total">45.000,00<' in page
    attachment = real_submission.attachments.get()
    download = reverse(
        "admin:applications_application_attachment", args=[real_submission.pk, attachment.pk]
    )
    assert download in page
    assert "application.submitted" not in page  # events are shown with readable labels


def test_detail_lists_submission_attempts_audit_events_and_eligibility_checks(
    staff_client, alice, bob, real_submission
):
    from applications.staff import eligibility_checks_record
    from socialtech.tenancy.context import tenant_context

    with tenant_context(real_submission.tenant):
        eligibility_checks_record(
            application=real_submission, checked_by=bob, answers=all_rules(real_submission.call)
        )
    response = staff_client.get(
        reverse("admin:applications_application_change", args=[real_submission.pk])
    )
    assert [attempt.outcome for attempt in response.context["attempts"]] == ["submitted"]
    verbs = [item["event"].verb for item in response.context["events"]]
    assert "application.submitted" in verbs and "application.eligibility_checked" in verbs
    page = response.content.decode()
    assert "Bob Ionescu" in page
    assert "Answers: 1 of 2" in page


def test_attachment_download_is_served_after_the_permission_check(staff_client, real_submission):
    attachment = real_submission.attachments.get()
    response = staff_client.get(
        reverse(
            "admin:applications_application_attachment", args=[real_submission.pk, attachment.pk]
        )
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_drafts_content_and_files_stay_hidden_from_staff(
    staff_client, call_a, organisation, applicant, answers
):
    draft = ready_draft(call_a, organisation, applicant, answers)
    response = staff_client.get(reverse("admin:applications_application_change", args=[draft.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Care robots for rural elders" not in page
    assert "Developer" not in page
    assert "private to the applicant" in page
    attachment = draft.attachments.get()
    assert (
        staff_client.get(
            reverse("admin:applications_application_attachment", args=[draft.pk, attachment.pk])
        ).status_code
        == 404
    )


def test_applications_cannot_be_edited_or_deleted_in_the_admin(staff_client, real_submission):
    url = reverse("admin:applications_application_change", args=[real_submission.pk])
    assert staff_client.post(url, {"status": "eligible"}).status_code == 403
    delete = reverse("admin:applications_application_delete", args=[real_submission.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    real_submission.refresh_from_db()
    assert real_submission.status == "submitted"


# --- screening pages ------------------------------------------------------------------------


def screening_post(call, *, no=None, note="", replace=False):
    from applications.screening.selectors import screening_rules

    data = {}
    for rule in screening_rules(call):
        data[f"rule_{rule.key}"] = "no" if rule.key == no else "yes"
        data[f"note_{rule.key}"] = note if rule.key == no else ""
    if replace:
        data["replace"] = "1"
    return data


def test_screening_page_keeps_the_answers_and_ties_the_error_to_the_note(
    staff_client, real_submission
):
    url = reverse("admin:applications_application_screening", args=[real_submission.pk])
    data = screening_post(real_submission.call, no="countries")
    data["note_declarations_signed"] = "Signed by the president."

    response = staff_client.post(url, data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "say why the rule is not met" in page
    assert 'aria-describedby="id_note_countries_error id_note_countries_helptext"' in page
    assert 'id="id_note_countries_error"' in page
    assert "Signed by the president." in page
    assert not EligibilityCheck.objects.filter(application=real_submission).exists()


def test_two_screeners_then_the_decision_through_the_pages(
    client, alice, bob, real_submission, django_capture_on_commit_callbacks
):
    url = reverse("admin:applications_application_screening", args=[real_submission.pk])
    decide = reverse("admin:applications_application_screening_decide", args=[real_submission.pk])
    login(client, alice, mfa=True)
    assert client.post(url, screening_post(real_submission.call)).status_code == 302
    again = client.post(url, screening_post(real_submission.call))
    assert "different staff member" in again.content.decode()
    refused = client.post(decide, follow=True)
    assert "Two different people must still answer" in refused.content.decode()

    bob_client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)
    assert bob_client.post(url, screening_post(real_submission.call)).status_code == 302
    assert "Record the decision: eligible" in bob_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = bob_client.post(decide)

    assert response.status_code == 302
    real_submission.refresh_from_db()
    assert real_submission.status == "eligible"
    (letter,) = mail.outbox
    assert "is eligible" in letter.subject


def test_a_screener_may_change_their_answers_to_resolve_a_disagreement(
    client, alice, bob, real_submission
):
    url = reverse("admin:applications_application_screening", args=[real_submission.pk])
    login(client, alice, mfa=True)
    client.post(url, screening_post(real_submission.call))
    bob_client = login(Client(HTTP_HOST=HOST_A), bob, mfa=True)
    bob_client.post(url, screening_post(real_submission.call, no="countries", note="Swiss"))
    assert "Disagreement: the screeners must agree" in bob_client.get(url).content.decode()

    bob_client.post(url, screening_post(real_submission.call, replace=True))

    assert not EligibilityCheck.objects.filter(application=real_submission, is_met=False).exists()
    assert "Record the decision: eligible" in bob_client.get(url).content.decode()


# --- extension ------------------------------------------------------------------------------


def test_staff_grant_an_extension_in_the_calls_time_zone_and_see_it_on_the_detail(
    staff_client, call_a, organisation, applicant
):
    draft = submitted(call_a, organisation, applicant, status="draft")
    url = reverse("admin:applications_application_extension", args=[draft.pk])
    local = (call_a.deadline + timedelta(days=2)).astimezone(ZoneInfo("Europe/Brussels"))
    typed = local.strftime("%Y-%m-%dT%H:%M")

    response = staff_client.post(url, {"until": typed, "reason": "Platform outage on 3 March"})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert (
        timezone.localtime(draft.extended_until, ZoneInfo("Europe/Brussels")).strftime(
            "%Y-%m-%dT%H:%M"
        )
        == typed
    )
    assert draft.extension_reason == "Platform outage on 3 March"
    assert AuditEvent.objects.filter(
        verb="application.extension_granted",
        object_id=str(draft.pk),
        actor__email="alice@example.org",
    ).exists()
    detail = staff_client.get(reverse("admin:applications_application_change", args=[draft.pk]))
    page = detail.content.decode()
    assert "Individual extension granted." in page
    assert "Platform outage on 3 March" in page


def test_an_extension_before_the_deadline_is_refused_at_the_field_and_the_input_kept(
    staff_client, call_a, organisation, applicant
):
    draft = submitted(call_a, organisation, applicant, status="draft")
    url = reverse("admin:applications_application_extension", args=[draft.pk])
    early = (call_a.deadline - timedelta(days=1)).astimezone(ZoneInfo("Europe/Brussels"))

    response = staff_client.post(
        url, {"until": early.strftime("%Y-%m-%dT%H:%M"), "reason": "Asked nicely"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "must end after the call" in page
    assert 'id="id_until_error"' in page and 'aria-describedby="id_until_error"' in page
    assert "Asked nicely" in page
    draft.refresh_from_db()
    assert draft.extended_until is None


# --- bulk actions ---------------------------------------------------------------------------


@pytest.fixture
def many_eligible(in_tenant_a, call_a, applicant):
    """120 eligible applications of call A (three pages of 50), and one of another call."""
    organisations = OrganisationFactory.create_batch(3)
    rows = [
        Application(
            tenant=in_tenant_a,
            call=call_a,
            organisation=organisations[n % 3],
            created_by=applicant,
            status="eligible",
            receipt_number=f"ALPHA-2026-OC1-{n:06d}",
            submitted_at=timezone.now(),
            title=f"Project {n}",
        )
        for n in range(1, 121)
    ]
    Application.unscoped.bulk_create(rows)
    other_call = CallFactory(tenant=in_tenant_a, reference="OC2")
    other = submitted(other_call, organisations[0], applicant, number=999, status="eligible")
    return other


def test_bulk_move_to_evaluation_covers_every_page_of_the_filtered_list(
    staff_client, call_a, many_eligible
):
    query = f"call__id__exact={call_a.pk}&status=eligible"
    first_page = staff_client.get(f"{reverse(CHANGELIST)}?{query}")
    assert len(listed(first_page)) == 50
    assert first_page.context["cl"].result_count == 120

    confirm = staff_client.post(reverse(BULK), {"action": "start_evaluation", "query": query})
    assert confirm.status_code == 200
    assert confirm.context["total"] == 120
    assert "This applies to 120 applications" in confirm.content.decode()
    assert Application.objects.filter(status="in_evaluation").count() == 0  # not before confirming

    done = staff_client.post(
        reverse(BULK), {"action": "start_evaluation", "query": query, "confirm": "yes"}
    )

    assert done.status_code == 302
    assert Application.objects.filter(call=call_a, status="in_evaluation").count() == 120
    many_eligible.refresh_from_db()
    assert many_eligible.status == "eligible"  # outside the filter


def test_bulk_move_reports_the_applications_it_left_out(staff_client, call_a, applicant):
    submitted(call_a, OrganisationFactory(), applicant, number=1, status="eligible")
    submitted(call_a, OrganisationFactory(), applicant, number=2, status="submitted")
    response = staff_client.post(
        reverse(BULK), {"action": "start_evaluation", "query": "", "confirm": "yes"}, follow=True
    )
    page = response.content.decode()
    assert "1 application moved to evaluation." in page
    assert "Not moved, because only eligible applications can: 1 Submitted." in page


def test_bulk_csv_export_streams_every_filtered_row(staff_client, call_a, applicant):
    organisation = OrganisationFactory(legal_name="=HYPERLINK(evil)", country="RO")
    application = submitted(call_a, organisation, applicant, number=5, title="Care robots, phase 2")
    submitted(call_a, OrganisationFactory(), applicant, status="draft", title="Hidden draft")
    submitted(call_a, OrganisationFactory(), applicant, number=6, status="ineligible")

    response = staff_client.post(
        reverse(BULK), {"action": "export", "query": "status=submitted", "confirm": "yes"}
    )

    assert response.status_code == 200
    assert response.streaming is True
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "Receipt number",
        "Call",
        "Organisation",
        "Country",
        "Legal form",
        "SME",
        "Status",
        "Requested amount (EUR)",
        "Submitted at (UTC)",
        "Title",
    ]
    assert len(rows) == 2
    row = rows[1]
    assert row[0] == application.receipt_number
    assert row[1] == "Open call OC1"
    assert row[2] == "'=HYPERLINK(evil)"  # a formula is never written as one
    assert row[3:8] == ["RO", "Social cooperative", "yes", "Submitted", "45000.00"]
    assert row[8] == application.submitted_at.astimezone(ZoneInfo("UTC")).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    assert row[9] == "Care robots, phase 2"


def test_csv_export_of_drafts_leaves_their_content_out(staff_client, call_a, applicant):
    submitted(call_a, OrganisationFactory(legal_name="Draft Coop"), applicant, status="draft")
    response = staff_client.post(
        reverse(BULK), {"action": "export", "query": "status=draft", "confirm": "yes"}
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][2] == "Draft Coop"
    assert rows[1][6] == "Draft"
    assert rows[1][7] == "" and rows[1][9] == ""


def test_bulk_actions_refuse_people_of_another_programme(call_a, applicant, charlie):
    submitted(call_a, OrganisationFactory(), applicant, status="eligible")
    client_on_a = login(Client(HTTP_HOST=HOST_A), charlie, mfa=True)
    response = client_on_a.post(
        reverse(BULK), {"action": "start_evaluation", "query": "", "confirm": "yes"}, follow=True
    )
    assert response.status_code == 403
    client_on_b = login(Client(HTTP_HOST=HOST_B), charlie)
    client_on_b.post(reverse(BULK), {"action": "start_evaluation", "query": "", "confirm": "yes"})
    assert Application.unscoped.get().status == "eligible"


def test_csv_export_reads_the_rows_while_streaming_not_before(staff_client, call_a, applicant):
    submitted(call_a, OrganisationFactory(), applicant, number=1)
    response = staff_client.post(reverse(BULK), {"action": "export", "query": "", "confirm": "yes"})
    # A row added after the view returned still appears: nothing was loaded up front.
    late = submitted(call_a, OrganisationFactory(), applicant, number=2)

    text = b"".join(response.streaming_content).decode("utf-8-sig")

    assert late.receipt_number in text
    assert len(list(csv.reader(io.StringIO(text)))) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL")
def test_search_matches_answer_words_in_any_order_on_postgresql(staff_client, call_a, applicant):
    application = submitted(
        call_a,
        OrganisationFactory(),
        applicant,
        search_text="A community canteen run by and for refugees",
    )
    response = staff_client.get(reverse(CHANGELIST), {"q": "refugees canteen"})
    assert listed(response) == [application.pk]


@pytest.mark.parametrize("query", ["call__id__exact=nonsense", "status=bogus", "sme=maybe"])
def test_bulk_action_with_filters_that_do_not_apply_says_so_and_changes_nothing(
    staff_client, call_a, applicant, query
):
    submitted(call_a, OrganisationFactory(), applicant, status="eligible")
    response = staff_client.post(
        reverse(BULK), {"action": "start_evaluation", "query": query, "confirm": "yes"}, follow=True
    )
    assert "These filters are not valid any more" in response.content.decode()
    assert Application.objects.get().status == "eligible"


def test_unknown_bulk_action_changes_nothing(staff_client, call_a, applicant):
    submitted(call_a, OrganisationFactory(), applicant, status="eligible")
    response = staff_client.post(
        reverse(BULK), {"action": "delete_everything", "query": "", "confirm": "yes"}, follow=True
    )
    assert "Choose one of the bulk actions." in response.content.decode()
    assert Application.objects.get().status == "eligible"


def test_bulk_action_on_a_call_without_applications_moves_nothing(staff_client, call_a, applicant):
    submitted(call_a, OrganisationFactory(), applicant, status="eligible")
    staff_client.post(
        reverse(BULK),
        {"action": "start_evaluation", "query": "call__id__exact=999999", "confirm": "yes"},
    )
    assert Application.objects.get().status == "eligible"
