"""Answering a survey through the services: drafts keep what was typed, submission names
each missing answer and scores the dimensions, a closed survey takes nothing, recommendations
follow the two weakest dimensions, and the built-in self-assessment installs once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from mapping.assessment.selectors import recommendations
from mapping.assessment.services import SELF_ASSESSMENT_SLUG, self_assessment_install
from mapping.errors import MappingError
from mapping.models import Dimension, Question, Response, ResponseStatus, Survey, SurveyStatus
from mapping.surveys import services
from socialtech.audit.models import AuditEvent
from tests.calls.factories import CallFactory
from tests.mapping.factories import small_survey, submitted_response
from tests.mooc.factories import CourseFactory
from tests.vouchers.factories import AccreditationFactory


@pytest.fixture
def survey(in_tenant_a):
    return small_survey(in_tenant_a)


def test_a_draft_keeps_what_was_typed_and_clears_emptied_answers(survey):
    response = services.response_start(survey=survey, user=None)
    assert response.anonymous_token and response.user_id is None
    services.response_save_draft(response=response, answers={"name": "Coop Al", "d1": "2"})
    services.response_save_draft(response=response, answers={"name": "Coop Alfa", "g1": 4})
    services.response_save_draft(response=response, answers={"d1": None})
    response.refresh_from_db()
    assert response.answers == {"name": "Coop Alfa", "g1": 4}
    assert response.status == ResponseStatus.DRAFT


def test_a_draft_refuses_unknown_questions_and_bad_scale_values_by_name(survey):
    response = services.response_start(survey=survey, user=None)
    with pytest.raises(MappingError) as refused:
        services.response_save_draft(response=response, answers={"nope": "x", "d1": "7"})
    assert refused.value.errors["nope"] == ["This form has no field nope."]
    assert refused.value.errors["d1"] == [
        "Digital maturity statement 1: choose a whole number from 1 to 5."
    ]
    response.refresh_from_db()
    assert response.answers == {}


def test_submission_refuses_missing_required_answers_naming_each(survey):
    response = services.response_start(survey=survey, user=None)
    services.response_save_draft(response=response, answers={"d1": 3, "g1": 2})
    with pytest.raises(MappingError) as refused:
        services.response_submit(response=response)
    errors = refused.value.errors
    assert refused.value.code == "incomplete"
    assert errors["name"] == ["Organisation name: this field is required."]
    assert errors["d2"] == ["Digital maturity statement 2: this question is required."]
    assert errors["g2"] == ["Green maturity statement 2: this question is required."]
    assert "s1" not in errors  # optional
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT and response.scores == {}


def test_submission_scores_each_answered_dimension(survey, applicant):
    response = submitted_response(
        survey.tenant,
        survey,
        user=applicant,
        answers={"name": "Coop Alfa", "d1": 2, "d2": 3, "g1": 4, "g2": 5},
    )
    assert response.status == ResponseStatus.SUBMITTED
    assert response.submitted_at is not None
    # digital mean 2.5 -> 37.5 -> 38; green mean 4.5 -> 87.5 -> 88; skills unanswered.
    assert response.scores == {"digital": 38, "green": 88}
    event = AuditEvent.objects.get(verb="mapping.response_submitted")
    assert event.actor_id == applicant.pk


def test_a_second_submission_changes_nothing(survey):
    response = submitted_response(survey.tenant, survey)
    again = services.response_submit(response=response)
    assert again.submitted_at == response.submitted_at
    assert AuditEvent.objects.filter(verb="mapping.response_submitted").count() == 1


def test_a_submitted_response_takes_no_more_answers(survey):
    response = submitted_response(survey.tenant, survey)
    with pytest.raises(MappingError) as refused:
        services.response_save_draft(response=response, answers={"d1": 5})
    assert refused.value.code == "not_a_draft"


def test_a_closed_survey_refuses_answers_and_starts(survey, alice):
    response = services.response_start(survey=survey, user=None)
    services.survey_close(by=alice, survey=survey)
    survey.refresh_from_db()
    with pytest.raises(MappingError) as refused:
        services.response_save_draft(response=response, answers={"d1": 5})
    assert refused.value.code == "survey_closed"
    with pytest.raises(MappingError):
        services.response_start(survey=survey, user=None)
    with pytest.raises(MappingError):
        services.response_submit(response=response)


def test_a_survey_for_accounts_refuses_anonymous_people(in_tenant_a):
    survey = small_survey(in_tenant_a, allows_anonymous=False)
    with pytest.raises(MappingError) as refused:
        services.response_start(survey=survey, user=None)
    assert refused.value.code == "sign_in_required"


def test_one_response_per_signed_in_person(survey, applicant):
    first = services.response_start(survey=survey, user=applicant)
    second = services.response_start(survey=survey, user=applicant)
    assert first.pk == second.pk
    assert first.anonymous_token == ""


def test_opening_and_closing_follow_the_transitions(in_tenant_a, alice):
    survey = small_survey(in_tenant_a, status=SurveyStatus.DRAFT)
    with pytest.raises(MappingError) as refused:
        services.survey_close(by=alice, survey=survey)
    assert "is Draft and cannot become Closed" in refused.value.message
    opened = services.survey_open(by=alice, survey=survey)
    assert opened.status == SurveyStatus.OPEN and opened.opened_at is not None


def test_only_staff_build_surveys(in_tenant_a, applicant):
    with pytest.raises(PermissionDenied):
        services.survey_save(by=applicant, slug="x", title="X")


def test_question_rules_are_named(survey, alice):
    with pytest.raises(MappingError) as refused:
        services.question_save(
            by=alice,
            survey=survey,
            key="d1",
            label="Again",
            type="scale",
            scale_low_label="a",
            scale_high_label="b",
        )
    assert refused.value.field == "key"
    with pytest.raises(MappingError) as refused:
        services.question_save(by=alice, survey=survey, key="z", label="Z", type="scale")
    assert refused.value.code == "scale_labels_required"
    with pytest.raises(MappingError) as refused:
        services.dimension_save(
            by=alice, survey=survey, key="x", title="X", course_topics=["cooking"]
        )
    assert refused.value.field == "course_topics"


def test_recommendations_follow_the_two_weakest_dimensions(survey, applicant):
    tenant = survey.tenant
    CourseFactory(tenant=tenant, title="Shared calendars", topics=["digital_tools"])
    CourseFactory(tenant=tenant, title="Energy savings", topics=["green_transition"])
    CourseFactory(tenant=tenant, title="Draft course", topics=["digital_tools"], status="draft")
    AccreditationFactory(tenant=tenant, category="digital_audit")
    CallFactory(tenant=tenant, title={"en": "Acceleration places"}, summary={"en": "Scale up."})
    CallFactory(tenant=tenant, title={"en": "Digital vouchers"}, summary={"en": "Tools."})
    CallFactory(
        tenant=tenant,
        title={"en": "Closed digital call"},
        deadline=timezone.now() - timedelta(days=1),
        status="closed",
    )
    # Skills answered 5 (100), digital 1 and 2 (13), green 3 and 3 (50).
    response = submitted_response(
        tenant,
        survey,
        user=applicant,
        answers={"name": "Coop", "d1": 1, "d2": 2, "g1": 3, "g2": 3, "s1": 5},
    )
    found = recommendations(response)
    assert [(item.dimension.key, item.score) for item in found] == [("digital", 13), ("green", 50)]
    digital = found[0]
    assert [link.title for link in digital.courses] == ["Shared calendars"]
    assert digital.calls[0].title == "Digital vouchers"
    assert "Closed digital call" not in [link.title for link in digital.calls]
    assert len(digital.providers) == 1 and digital.providers[0].note == "Digital audit"
    assert [link.title for link in found[1].courses] == ["Energy savings"]
    assert found[1].providers == []


def test_the_self_assessment_installs_once_with_six_dimensions(tenant_a, alice):
    survey = self_assessment_install(tenant_a)
    again = self_assessment_install(tenant_a)
    assert again.pk == survey.pk
    from socialtech.tenancy.context import tenant_context

    with tenant_context(tenant_a):
        assert Survey.objects.filter(slug=SELF_ASSESSMENT_SLUG).count() == 1
        keys = list(Dimension.objects.filter(survey=survey).values_list("key", flat=True))
        assert keys == ["digital", "green", "skills", "finance", "market", "impact"]
        for key in keys:
            count = Question.objects.filter(survey=survey, dimension__key=key).count()
            assert 3 <= count <= 4, key
        profile = set(
            Question.objects.filter(survey=survey, dimension=None).values_list("key", flat=True)
        )
        assert profile == {"country", "legal_form", "sector"}
        assert survey.status == SurveyStatus.OPEN
        # Staff's edits stay through a second install.
        services.survey_save(
            by=alice, survey=survey, slug=survey.slug, title="Renamed", kind=survey.kind
        )
        self_assessment_install(tenant_a)
        assert Survey.objects.get(pk=survey.pk).title == "Renamed"
        assert Response.objects.count() == 0
