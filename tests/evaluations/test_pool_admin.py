"""Back office of the evaluator pool: profiles and invitations, scoped to the programme."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from evaluations.models import Assignment, CallEvaluator, EvaluatorProfile
from socialtech.accounts.models import Membership
from tests.applications.conftest import MINIMAL_PDF
from tests.conftest import HOST_B, login
from tests.evaluations.test_assignment_services import (
    AssignableApplicationFactory,
    CallEvaluatorFactory,
    EvaluatorProfileFactory,
    evaluation_call,
)
from tests.factories import MembershipFactory, UserFactory

PROFILES = "admin:evaluations_evaluatorprofile_changelist"
PROFILE_ADD = "admin:evaluations_evaluatorprofile_add"
INVITATIONS = "admin:evaluations_callevaluator_changelist"
INVITATION_ADD = "admin:evaluations_callevaluator_add"


@pytest.fixture
def staff_client(client, alice):
    return login(client, alice, mfa=True)


@pytest.fixture
def call(tenant_a):
    return evaluation_call(tenant_a)


def listed(response):
    return [row.pk for row in response.context["cl"].result_list]


def pdf(name="cv.pdf"):
    upload = BytesIO(MINIMAL_PDF)
    upload.name = name
    return upload


def profile_form(**changes):
    data = {
        "email": "marta@research.example.net",
        "expertise": ["care", "labour_inclusion"],
        "keywords": "social economy, WISE",
        "languages": ["en", "pl"],
        "country": "PL",
        "employer_name": "Uniwersytet Warszawski",
        "employer": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- Profiles ---------------------------------------------------------------------------------


def test_the_pool_shows_invited_experts_and_the_programmes_evaluators_only(
    staff_client, call, tenant_a, tenant_b, charlie
):
    invited = CallEvaluatorFactory(call=call).evaluator
    member = EvaluatorProfileFactory()
    MembershipFactory(tenant=tenant_a, user=member.user, role="evaluator")
    elsewhere = CallEvaluatorFactory(call=evaluation_call(tenant_b)).evaluator

    assert sorted(listed(staff_client.get(reverse(PROFILES)))) == sorted([invited.pk, member.pk])

    charlie_client = login(Client(HTTP_HOST=HOST_B), charlie, mfa=True)
    assert listed(charlie_client.get(reverse(PROFILES))) == [elsewhere.pk]
    assert (
        staff_client.get(
            reverse("admin:evaluations_evaluatorprofile_change", args=[elsewhere.pk])
        ).status_code
        == 404
    )


def test_adding_an_expert_stores_checkboxes_keywords_and_the_pdf_cv(staff_client, tenant_a):
    expert = UserFactory(email="marta@research.example.net")

    response = staff_client.post(reverse(PROFILE_ADD), {**profile_form(), "cv_upload": pdf()})

    assert response.status_code == 302, response.context["adminform"].form.errors
    profile = EvaluatorProfile.objects.get(user=expert)
    assert profile.expertise == ["care", "labour_inclusion"]
    assert profile.keywords == ["social economy", "WISE"]
    assert (profile.languages, profile.country) == (["en", "pl"], "PL")
    with profile.cv.open("rb") as stored:
        assert stored.read() == MINIMAL_PDF
    assert Membership.unscoped.get(user=expert, tenant=tenant_a).role == "evaluator"
    page = staff_client.get(reverse(PROFILES)).content.decode()
    assert "Care, health and social services" in page


def test_a_cv_that_is_not_a_pdf_is_refused_next_to_the_field_and_the_typed_text_stays(
    staff_client,
):
    UserFactory(email="marta@research.example.net")
    fake = BytesIO(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    fake.name = "cv.pdf"

    response = staff_client.post(reverse(PROFILE_ADD), {**profile_form(), "cv_upload": fake})

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["cv_upload"]
    assert errors["cv_upload"][0].startswith("CV (PDF):")
    page = response.content.decode()
    assert 'value="social economy, WISE"' in page
    assert not EvaluatorProfile.objects.exists()


def test_an_email_without_an_account_is_refused_next_to_the_field(staff_client):
    response = staff_client.post(reverse(PROFILE_ADD), profile_form(email="nobody@example.net"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "register first" in errors["email"][0]


def test_editing_a_profile_keeps_the_cv_and_changes_the_lists(staff_client, call):
    profile = CallEvaluatorFactory(call=call).evaluator
    profile.cv.save("cv.pdf", BytesIO(MINIMAL_PDF))
    stored_cv = profile.cv.name
    url = reverse("admin:evaluations_evaluatorprofile_change", args=[profile.pk])

    page = staff_client.get(url).content.decode()
    assert 'id="id_expertise_0"' in page
    assert reverse("admin:evaluations_evaluatorprofile_cv", args=[profile.pk]) in page

    response = staff_client.post(
        url, {**profile_form(email=None), "expertise": ["energy"], "keywords": "heat pumps"}
    )

    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.expertise, profile.keywords, profile.cv.name) == (
        ["energy"],
        ["heat pumps"],
        stored_cv,
    )


def test_the_cv_is_served_to_staff_only(staff_client, call, tenant_a):
    profile = CallEvaluatorFactory(call=call).evaluator
    profile.cv.save("cv.pdf", BytesIO(MINIMAL_PDF))
    url = reverse("admin:evaluations_evaluatorprofile_cv", args=[profile.pk])

    response = staff_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == MINIMAL_PDF

    evaluator = UserFactory()
    MembershipFactory(tenant=tenant_a, user=evaluator, role="evaluator")
    evaluator_client = login(Client(), evaluator, mfa=True)
    assert evaluator_client.get(url).status_code == 403
    assert evaluator_client.get(reverse(PROFILES)).status_code == 403


def test_the_profile_list_runs_the_same_queries_for_few_and_many_experts(staff_client, call):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(reverse(PROFILES)).status_code == 200
        return len(captured.captured_queries)

    CallEvaluatorFactory.create_batch(3, call=call)
    queries()  # the first request of a session also writes the session
    few = queries()
    CallEvaluatorFactory.create_batch(20, call=call)
    assert queries() == few


# --- Invitations ------------------------------------------------------------------------------


def invitation_form(call, evaluator, **changes):
    data = {
        "call": call.pk,
        "evaluator": evaluator.pk,
        "status": "invited",
        "min_load": 1,
        "max_load": 6,
        "is_consortium_partner": "",
        "standing_declaration_at_0": "",
        "standing_declaration_at_1": "",
    }
    data.update(changes)
    return data


def test_inviting_an_expert_of_the_pool_to_a_call(staff_client, call, tenant_a):
    expert = EvaluatorProfileFactory()
    MembershipFactory(tenant=tenant_a, user=expert.user, role="evaluator")

    response = staff_client.post(
        reverse(INVITATION_ADD), invitation_form(call, expert, is_consortium_partner="on")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    row = CallEvaluator.unscoped.get(call=call, evaluator=expert)
    assert (row.min_load, row.max_load, row.is_consortium_partner) == (1, 6, True)


def test_the_invitation_form_names_the_field_and_the_rule(staff_client, call):
    invited = CallEvaluatorFactory(call=call).evaluator

    response = staff_client.post(
        reverse(INVITATION_ADD), invitation_form(call, invited, min_load=9)
    )

    errors = response.context["adminform"].form.errors
    assert "cannot be above the maximum (6)" in errors["min_load"][0]
    assert "already invited to this call" in errors["evaluator"][0]
    assert CallEvaluator.unscoped.filter(call=call).count() == 1


def test_the_invitation_form_offers_only_the_programmes_pool(staff_client, call, tenant_b):
    mine = CallEvaluatorFactory(call=call).evaluator
    theirs = CallEvaluatorFactory(call=evaluation_call(tenant_b)).evaluator

    form = staff_client.get(reverse(INVITATION_ADD)).context["adminform"].form

    offered = {profile.pk for profile in form.fields["evaluator"].queryset}
    assert mine.pk in offered
    assert theirs.pk not in offered
    assert set(form.fields["call"].queryset) == {call}


def test_removing_an_invitation_with_assignments_is_refused_with_the_reason(staff_client, call):
    row = CallEvaluatorFactory(call=call)
    Assignment.unscoped.create(
        tenant=call.tenant,
        application=AssignableApplicationFactory(call=call),
        evaluator=row.evaluator,
    )
    url = reverse("admin:evaluations_callevaluator_delete", args=[row.pk])

    response = staff_client.post(url, {"post": "yes"}, follow=True)

    assert CallEvaluator.unscoped.filter(pk=row.pk).exists()
    assert "has assignments in this call" in response.content.decode()


def test_the_invitation_list_counts_assignments_in_the_same_queries_for_any_size(
    staff_client, call
):
    first = CallEvaluatorFactory(call=call)
    application = AssignableApplicationFactory(call=call)
    Assignment.unscoped.create(
        tenant=call.tenant, application=application, evaluator=first.evaluator
    )

    def queries():
        with CaptureQueriesContext(connection) as captured:
            response = staff_client.get(reverse(INVITATIONS))
        assert response.status_code == 200
        return len(captured.captured_queries), response

    queries()  # the first request of a session also writes the session
    few, response = queries()
    assigned = {row.pk: row.assigned for row in response.context["cl"].result_list}
    assert assigned[first.pk] == 1
    CallEvaluatorFactory.create_batch(20, call=call)
    many, response = queries()
    assert many == few
    assert "Evaluator assignment" in response.content.decode()


def test_a_shared_profiles_history_shows_no_edits_of_another_programme(
    staff_client, call, tenant_b, charlie
):
    profile = CallEvaluatorFactory(call=call).evaluator
    CallEvaluatorFactory(call=evaluation_call(tenant_b), evaluator=profile)
    url = reverse("admin:evaluations_evaluatorprofile_change", args=[profile.pk])
    assert staff_client.post(url, profile_form(email=None)).status_code == 302

    charlie_client = login(Client(HTTP_HOST=HOST_B), charlie, mfa=True)
    history = charlie_client.get(
        reverse("admin:evaluations_evaluatorprofile_history", args=[profile.pk])
    )

    assert history.status_code == 200
    assert "Alice" not in history.content.decode()
    assert list(history.context["action_list"]) == []
