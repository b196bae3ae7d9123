from __future__ import annotations

import pytest

from applications.models import Application
from evaluations.conflicts import ConflictRules, conflict_reasons
from evaluations.models import ConflictDeclaration, EvaluatorProfile
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def setting(tenant_a, applicant):
    applicant.email = "ana@aurora-coop.eu"
    applicant.save()
    aurora = OrganisationFactory(
        owner=applicant, legal_name="Aurora", vat_number="IT00743110157", country="IT"
    )
    other = OrganisationFactory(
        legal_name="Other", vat_number="", country="RO", registration_number="J40/1/2020"
    )
    with tenant_context(tenant_a):
        call = CallFactory(tenant=tenant_a)
        aurora_application = Application.objects.create(
            call=call, organisation=aurora, created_by=applicant, status="submitted"
        )
        other_application = Application.objects.create(
            call=call, organisation=other, created_by=applicant, status="submitted"
        )
    return aurora, other, aurora_application, other_application


def profile(email, **fields):
    return EvaluatorProfile.objects.create(user=UserFactory(email=email), **fields)


def reasons_for(evaluator, applications, **kwargs):
    found = conflict_reasons([evaluator], applications, **kwargs)
    return {
        application.pk: found.get((evaluator.pk, application.pk), [])
        for application in applications
    }


def test_member_of_the_applicant_is_conflicted(setting, applicant):
    _aurora, _other, aurora_app, other_app = setting
    evaluator = EvaluatorProfile.objects.create(user=applicant)
    found = reasons_for(evaluator, [aurora_app, other_app])
    assert "member of the applicant organisation" in found[aurora_app.pk]
    assert found[other_app.pk] == []


def test_same_vat_number_of_the_employer_is_conflicted(setting):
    _aurora, _other, aurora_app, other_app = setting
    employer = OrganisationFactory(legal_name="Aurora Holding", vat_number="IT00743110157")
    evaluator = profile("expert@independent.example.net", employer=employer)
    assert reasons_for(evaluator, [aurora_app, other_app]) == {
        aurora_app.pk: ["works for the applicant organisation"],
        other_app.pk: [],
    }


def test_same_email_domain_is_conflicted_but_webmail_is_not(setting):
    _aurora, _other, aurora_app, _other_app = setting
    colleague = profile("luca@aurora-coop.eu")
    assert reasons_for(colleague, [aurora_app])[aurora_app.pk] == [
        "same e-mail domain as the applicant (aurora-coop.eu)"
    ]
    stranger = profile("someone@gmail.com")
    assert reasons_for(stranger, [aurora_app])[aurora_app.pk] == []


def test_partner_employee_only_where_the_call_forbids_it(setting):
    _aurora, _other, aurora_app, _other_app = setting
    partner = profile("staff@partner.example.net")
    assert (
        reasons_for(partner, [aurora_app], partner_evaluator_ids=frozenset({partner.pk}))[
            aurora_app.pk
        ]
        == []
    )
    found = reasons_for(
        partner,
        [aurora_app],
        rules=ConflictRules(partners_forbidden=True),
        partner_evaluator_ids=frozenset({partner.pk}),
    )
    assert found[aurora_app.pk] == ["employee of a consortium partner"]


def test_same_country_only_when_the_rule_is_on(setting):
    _aurora, _other, aurora_app, other_app = setting
    italian = profile("esperta@studio.example.net", country="IT")
    assert reasons_for(italian, [aurora_app])[aurora_app.pk] == []
    found = reasons_for(italian, [aurora_app, other_app], rules=ConflictRules(same_country=True))
    assert found == {aurora_app.pk: ["from the applicant's country"], other_app.pk: []}


def test_a_conflict_declared_in_another_programme_counts_here(setting, tenant_b, applicant):
    aurora, _other, aurora_app, _other_app = setting
    evaluator = profile("expert@independent.example.net")
    with tenant_context(tenant_b):
        call_b = CallFactory(tenant=tenant_b)
        application_b = Application.objects.create(
            call=call_b, organisation=aurora, created_by=applicant, status="submitted"
        )
        ConflictDeclaration.objects.create(
            application=application_b,
            evaluator=evaluator,
            has_conflict=True,
            reason="Former employer",
        )
    assert reasons_for(evaluator, [aurora_app])[aurora_app.pk] == [
        "declared a conflict with this organisation"
    ]


def test_conflict_check_runs_a_fixed_number_of_queries(setting, django_assert_max_num_queries):
    _aurora, _other, aurora_app, other_app = setting
    evaluators = [profile(f"expert{n}@firm{n}.example.net") for n in range(10)]
    evaluators = list(
        EvaluatorProfile.objects.select_related("user", "employer").filter(
            pk__in=[e.pk for e in evaluators]
        )
    )
    applications = list(
        Application.unscoped.select_related("organisation").filter(
            pk__in=[aurora_app.pk, other_app.pk]
        )
    )
    with django_assert_max_num_queries(2):
        conflict_reasons(evaluators, applications)
