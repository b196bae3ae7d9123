"""The survey pages: answering anonymously or signed in, saving as one types, resuming by
token, submitting, and the result page with its radar chart, table and recommendations,
each only to its respondent."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from mapping.models import Response, ResponseStatus, SurveyStatus
from socialtech.tenancy.context import tenant_context
from tests.conftest import HOST_A, login
from tests.mapping.factories import small_survey, submitted_response
from tests.mooc.factories import CourseFactory

FULL = {"name": "Coop Alfa", "d1": "1", "d2": "2", "g1": "4", "g2": "5"}


@pytest.fixture
def survey(tenant_a):
    with tenant_context(tenant_a):
        return small_survey(tenant_a, title="Readiness check")


def _autosave(client: Client, survey, data: dict[str, str]):
    return client.post(reverse("mapping_survey_autosave", args=[survey.slug]), data)


def _response(tenant, **filters) -> Response:
    with tenant_context(tenant):
        return Response.objects.get(**filters)


def test_the_list_shows_open_surveys_only(tenant_a, client):
    with tenant_context(tenant_a):
        small_survey(tenant_a, title="Open readiness check")
        small_survey(tenant_a, title="Draft questionnaire", status=SurveyStatus.DRAFT)
    page = client.get(reverse("mapping_surveys")).content.decode()
    assert "Open readiness check" in page
    assert "Draft questionnaire" not in page


def test_the_list_has_an_empty_state(tenant_a, client):
    page = client.get(reverse("mapping_surveys")).content.decode()
    assert "No survey is open at the moment" in page


def test_the_survey_page_shows_questions_grouped_by_dimension(survey, client):
    page = client.get(reverse("mapping_survey", args=[survey.slug])).content.decode()
    assert '<h2 id="section-2">Digital maturity</h2>' in page
    assert "<legend>Digital maturity statement 1" in page
    assert "1 – Not at all" in page and "5 – Fully" in page
    assert 'for="input-name"' in page  # the text question keeps the applicant form's label


def test_a_draft_survey_is_not_found(tenant_a, client):
    with tenant_context(tenant_a):
        draft = small_survey(tenant_a, status=SurveyStatus.DRAFT)
    assert client.get(reverse("mapping_survey", args=[draft.slug])).status_code == 404


def test_autosave_keeps_what_was_typed_for_an_anonymous_person(survey, client):
    answer = _autosave(client, survey, {"name": "Coop Al", "d1": "3"})
    assert answer.status_code == 200
    assert answer.json()["status"] == "saved"
    _autosave(client, survey, {"name": "Coop Alfa", "d1": "3", "g1": "2"})
    response = _response(survey.tenant, survey=survey)
    assert response.user_id is None
    assert response.answers == {"name": "Coop Alfa", "d1": 3, "g1": 2}
    # The page shows the saved answers on the next visit.
    page = client.get(reverse("mapping_survey", args=[survey.slug])).content.decode()
    assert 'value="Coop Alfa"' in page
    assert 'value="3" class="scale-option" id="input-d1_2" checked' in page


def test_autosave_answers_bad_input_with_messages_naming_the_question(survey, client):
    answer = _autosave(client, survey, {"d1": "9"})
    assert answer.status_code == 400
    assert "d1" in answer.json()["errors"]


def test_an_anonymous_person_resumes_by_their_token_on_another_device(survey, client):
    _autosave(client, survey, {"name": "Coop Alfa"})
    token = _response(survey.tenant, survey=survey).anonymous_token
    other_device = Client(HTTP_HOST=HOST_A)
    page = other_device.get(reverse("mapping_survey", args=[survey.slug])).content.decode()
    assert "Coop Alfa" not in page
    resumed = other_device.get(reverse("mapping_survey", args=[survey.slug]), {"resume": token})
    assert resumed.status_code == 302
    page = other_device.get(reverse("mapping_survey", args=[survey.slug])).content.decode()
    assert 'value="Coop Alfa"' in page
    wrong = Client(HTTP_HOST=HOST_A)
    wrong.get(reverse("mapping_survey", args=[survey.slug]), {"resume": "not-a-token"})
    page = wrong.get(reverse("mapping_survey", args=[survey.slug])).content.decode()
    assert "no unfinished response of this survey has it" in page
    assert "Coop Alfa" not in page


def test_submit_refuses_missing_answers_naming_each_and_keeps_the_rest(survey, client):
    answer = client.post(
        reverse("mapping_survey", args=[survey.slug]), {"d1": "2", "g1": "5", "submit": "1"}
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert '<a href="#field-name">Organisation name: this field is required.</a>' in page
    assert "Digital maturity statement 2: this question is required." in page
    assert "Green maturity statement 2: this question is required." in page
    response = _response(survey.tenant, survey=survey)
    assert response.status == ResponseStatus.DRAFT
    assert response.answers == {"d1": 2, "g1": 5}


def test_an_invalid_choice_is_a_400_naming_the_field_not_a_500(survey, client):
    answer = client.post(reverse("mapping_survey", args=[survey.slug]), {"d1": "banana"})
    assert answer.status_code == 400
    assert "Select a valid choice" in answer.content.decode()


def test_submitting_shows_the_result_with_the_chart_the_table_and_recommendations(survey, client):
    with tenant_context(survey.tenant):
        CourseFactory(tenant=survey.tenant, title="Shared calendars", topics=["digital_tools"])
    answer = client.post(reverse("mapping_survey", args=[survey.slug]), {**FULL, "submit": "1"})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("mapping_survey_result", args=[survey.slug])
    page = client.get(answer["Location"]).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="radar-chart"' in page
    assert '<title id="result-radar-title">Your scores per dimension, from 0 to 100</title>' in page
    assert "Digital maturity: 13 of 100; Green maturity: 88 of 100; Skills: no answer." in page
    assert (
        '<tr data-dimension="digital"><th scope="row">Digital maturity</th><td>13</td></tr>' in page
    )
    assert '<tr data-dimension="skills"><th scope="row">Skills</th><td>no answer</td></tr>' in page
    assert 'data-recommendation="digital"' in page and 'data-recommendation="green"' in page
    assert ">Shared calendars</a>" in page
    # The survey page now leads to the result: the response is submitted.
    again = client.get(reverse("mapping_survey", args=[survey.slug]))
    assert again.status_code == 302


def test_a_person_cannot_read_another_anonymous_persons_result(survey, client):
    client.post(reverse("mapping_survey", args=[survey.slug]), {**FULL, "submit": "1"})
    stranger = Client(HTTP_HOST=HOST_A)
    answer = stranger.get(reverse("mapping_survey_result", args=[survey.slug]))
    assert answer.status_code == 302
    assert answer["Location"] == reverse("mapping_survey", args=[survey.slug])
    # Nor with the submitted response's token as a resume link.
    token = _response(survey.tenant, survey=survey).anonymous_token
    stranger.get(reverse("mapping_survey", args=[survey.slug]), {"resume": token})
    assert stranger.get(reverse("mapping_survey_result", args=[survey.slug])).status_code == 302


def test_signed_in_respondents_see_only_their_own_result(survey, applicant, alice):
    submitted_response(survey.tenant, survey, user=applicant, answers={**FULL, "d1": 5, "d2": 5})
    own = login(Client(HTTP_HOST=HOST_A), applicant)
    page = own.get(reverse("mapping_survey_result", args=[survey.slug])).content.decode()
    assert "<td>100</td>" in page
    other = login(Client(HTTP_HOST=HOST_A), alice)
    answer = other.get(reverse("mapping_survey_result", args=[survey.slug]))
    assert answer.status_code == 302
    # Alice's own answers start a response of her own.
    _autosave(other, survey, {"d1": "1"})
    assert _response(survey.tenant, survey=survey, user=alice).answers == {"d1": 1}
    assert _response(survey.tenant, survey=survey, user=applicant).answers["d1"] == 5


def test_a_closed_survey_refuses_answers(survey, client, alice):
    _autosave(client, survey, {"name": "Coop"})
    with tenant_context(survey.tenant):
        survey.status = SurveyStatus.CLOSED
        survey.save()
    answer = _autosave(client, survey, {"name": "Coop Alfa"})
    assert answer.status_code == 409
    assert answer.json()["code"] == "survey_closed"
    posted = client.post(reverse("mapping_survey", args=[survey.slug]), {**FULL, "submit": "1"})
    assert posted.status_code == 409
    assert "This survey is closed" in posted.content.decode()
    assert _response(survey.tenant, survey=survey).answers == {"name": "Coop"}


def test_a_survey_for_accounts_sends_anonymous_people_to_sign_in(tenant_a, client):
    with tenant_context(tenant_a):
        survey = small_survey(tenant_a, allows_anonymous=False)
    answer = client.get(reverse("mapping_survey", args=[survey.slug]))
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
    assert _autosave(client, survey, {"d1": "2"}).status_code == 403


def test_anonymous_responses_keep_no_personal_data(survey, client):
    client.post(reverse("mapping_survey", args=[survey.slug]), {**FULL, "submit": "1"})
    response = _response(survey.tenant, survey=survey)
    assert response.user_id is None
    stored = json.dumps(response.answers)
    assert "@" not in stored
    with tenant_context(survey.tenant):
        from socialtech.audit.models import AuditEvent

        assert set(AuditEvent.objects.values_list("actor_id", flat=True)) == {None}


def _queries(client: Client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_survey_and_result_pages_read_a_fixed_number_of_queries(tenant_a, applicant):
    from mapping.assessment.services import self_assessment_install

    with tenant_context(tenant_a):
        small = small_survey(tenant_a)
    large = self_assessment_install(tenant_a)
    client = login(Client(HTTP_HOST=HOST_A), applicant)
    client.get(reverse("mapping_surveys"))  # the host's programme is cached from here on
    small_count = _queries(client, reverse("mapping_survey", args=[small.slug]))
    large_count = _queries(client, reverse("mapping_survey", args=[large.slug]))
    assert large_count == small_count
    submitted_response(tenant_a, small, user=applicant)
    with tenant_context(tenant_a):
        for number in range(8):
            CourseFactory(
                tenant=tenant_a,
                topics=["digital_tools", "green_transition"],
                title=f"Course {number}",
            )
    assert _queries(client, reverse("mapping_survey_result", args=[small.slug])) <= 20
    assert (
        'id="field-legal_form"'
        in client.get(reverse("mapping_survey", args=[large.slug])).content.decode()
    )
