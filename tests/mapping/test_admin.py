"""The surveys' back office: the list counts responses, the change page edits dimensions and
questions through the services, open and close actions, responses read-only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from mapping.models import Dimension, Question, Survey, SurveyStatus
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.conftest import HOST_A, login
from tests.mapping.factories import small_survey, submitted_response


@pytest.fixture
def staff(alice) -> Client:
    return login(Client(HTTP_HOST=HOST_A), alice, mfa=True)


@pytest.fixture
def survey(tenant_a):
    with tenant_context(tenant_a):
        return small_survey(tenant_a, title="Readiness check")


def test_the_list_counts_submitted_and_unfinished_responses(survey, staff, applicant):
    submitted_response(survey.tenant, survey, user=applicant)
    submitted_response(survey.tenant, survey)
    page = staff.get(reverse("admin:mapping_survey_changelist")).content.decode()
    assert '<td class="field-submitted">2</td>' in page
    assert '<td class="field-drafts">0</td>' in page


def _management(prefix: str, total: int, initial: int) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_staff_create_a_survey_with_a_dimension_through_the_services(tenant_a, staff):
    data = {
        "slug": "cluster-needs",
        "title": "Cluster needs",
        "intro": "",
        "kind": "general",
        "allows_anonymous": "on",
        **_management("dimensions", 1, 0),
        "dimensions-0-key": "digital",
        "dimensions-0-title": "Digital maturity",
        "dimensions-0-order": "1",
        "dimensions-0-course_topics": ["digital_tools"],
        "dimensions-0-service_categories": ["digital_audit"],
        "dimensions-0-call_keywords": "wp4, digital",
        **_management("questions", 0, 0),
    }
    answer = staff.post(reverse("admin:mapping_survey_add"), data)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    with tenant_context(tenant_a):
        survey = Survey.objects.get(slug="cluster-needs")
        dimension = Dimension.objects.get(survey=survey)
        assert dimension.course_topics == ["digital_tools"]
        assert dimension.call_keywords == ["wp4", "digital"]
        assert survey.status == SurveyStatus.DRAFT
        assert AuditEvent.objects.filter(verb="mapping.dimension_saved").count() == 1


def test_a_scale_question_without_end_labels_is_refused_by_name(survey, staff):
    with tenant_context(survey.tenant):
        dimensions = list(Dimension.objects.filter(survey=survey).order_by("order"))
        questions = list(
            Question.objects.filter(survey=survey).order_by("dimension__order", "order", "pk")
        )
    page = staff.get(reverse("admin:mapping_survey_change", args=[survey.pk]))
    assert page.status_code == 200
    data = {
        "slug": survey.slug,
        "title": survey.title,
        "intro": survey.intro,
        "kind": survey.kind,
        "allows_anonymous": "on",
        **_management("dimensions", len(dimensions), len(dimensions)),
        **_management("questions", len(questions) + 1, len(questions)),
    }
    for index, dimension in enumerate(dimensions):
        data.update(
            {
                f"dimensions-{index}-id": str(dimension.pk),
                f"dimensions-{index}-survey": str(survey.pk),
                f"dimensions-{index}-key": dimension.key,
                f"dimensions-{index}-title": dimension.title,
                f"dimensions-{index}-order": str(dimension.order),
            }
        )
    for index, question in enumerate(questions):
        data.update(
            {
                f"questions-{index}-id": str(question.pk),
                f"questions-{index}-survey": str(survey.pk),
                f"questions-{index}-key": question.key,
                f"questions-{index}-label": question.label,
                f"questions-{index}-type": question.type,
                f"questions-{index}-order": str(question.order),
                f"questions-{index}-dimension": str(question.dimension_id or ""),
                f"questions-{index}-required": "on" if question.required else "",
                f"questions-{index}-scale_low_label": question.scale_low_label,
                f"questions-{index}-scale_high_label": question.scale_high_label,
            }
        )
    new = len(questions)
    data.update(
        {
            f"questions-{new}-survey": str(survey.pk),
            f"questions-{new}-key": "d3",
            f"questions-{new}-label": "We sell online",
            f"questions-{new}-type": "scale",
            f"questions-{new}-order": "3",
            f"questions-{new}-dimension": str(dimensions[0].pk),
        }
    )
    # A refused inline row: nothing is saved, the page comes back with the reason on top.
    answer = staff.post(reverse("admin:mapping_survey_change", args=[survey.pk]), data, follow=True)
    assert "a scale question names what both ends mean" in answer.content.decode()
    with tenant_context(survey.tenant):
        assert not Question.objects.filter(survey=survey, key="d3").exists()


def test_staff_close_and_reopen_surveys(survey, staff):
    url = reverse("admin:mapping_survey_changelist")
    staff.post(url, {"action": "close_surveys", "_selected_action": [survey.pk]})
    with tenant_context(survey.tenant):
        assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.CLOSED
    staff.post(url, {"action": "open_surveys", "_selected_action": [survey.pk]})
    with tenant_context(survey.tenant):
        assert Survey.objects.get(pk=survey.pk).status == SurveyStatus.OPEN


def test_responses_are_read_only_and_anonymous_ones_name_nobody(survey, staff):
    response = submitted_response(survey.tenant, survey)
    page = staff.get(reverse("admin:mapping_response_change", args=[response.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "anonymous" in body
    assert 'name="_save"' not in body
    listing = staff.get(reverse("admin:mapping_response_changelist")).content.decode()
    assert "Readiness check" in listing
