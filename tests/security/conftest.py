"""Fixtures for the hostile-input tests: an applicant with a draft of a call of every field type."""

from __future__ import annotations

import pytest

from applications.services import application_start
from tests.calls.factories import CallFactory, CriterionFactory, full_form
from tests.conftest import login
from tests.factories import OrganisationFactory


@pytest.fixture
def call_a(in_tenant_a):
    call = CallFactory(tenant=in_tenant_a, reference="SEC1")
    full_form(call)
    CriterionFactory(call=call)
    return call


@pytest.fixture
def organisation(applicant):
    return OrganisationFactory(owner=applicant, legal_name="Cooperativa Sicura")


@pytest.fixture
def draft(call_a, organisation, applicant):
    return application_start(call=call_a, organisation=organisation, user=applicant)


@pytest.fixture
def applicant_client(client, applicant):
    return login(client, applicant)
