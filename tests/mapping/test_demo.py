"""The surveys' demo: the self-assessment open, the applicant's submitted result, 20+
responses across several countries, and nothing new on a second run."""

from __future__ import annotations

from demo.mapping import seed
from mapping.assessment.services import SELF_ASSESSMENT_SLUG
from mapping.models import Response, ResponseStatus, Survey, SurveyStatus
from socialtech.tenancy.context import tenant_context
from tests.factories import OrganisationFactory, UserFactory


def test_the_demo_submits_the_applicants_and_twenty_more_responses_once(tenant_a, applicant):
    for number in range(3):
        OrganisationFactory(owner=UserFactory(), legal_name=f"Coop {number}")
    tenants = {"socialtech4eu": tenant_a}
    users = {applicant.email: applicant}
    first = seed(tenants=tenants, users=users)
    assert "nothing new" not in first
    with tenant_context(tenant_a):
        survey = Survey.objects.get(slug=SELF_ASSESSMENT_SLUG)
        assert survey.status == SurveyStatus.OPEN
        own = Response.objects.get(survey=survey, user=applicant)
        assert own.status == ResponseStatus.SUBMITTED
        assert own.scores["green"] == 17 and own.scores["digital"] == 75
        submitted = Response.objects.filter(survey=survey, status=ResponseStatus.SUBMITTED)
        assert submitted.count() >= 20
        assert len({row.answers["country"] for row in submitted}) >= 5
        count = Response.objects.count()
    second = seed(tenants=tenants, users=users)
    assert second.endswith("(nothing new)")
    with tenant_context(tenant_a):
        assert Response.objects.count() == count
