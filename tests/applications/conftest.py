from __future__ import annotations

from io import BytesIO

import pytest

from tests.calls.factories import VALID_ANSWERS, CallFactory, CriterionFactory, full_form
from tests.factories import OrganisationFactory

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_upload(name: str = "work-plan.pdf") -> BytesIO:
    upload = BytesIO(MINIMAL_PDF)
    upload.name = name
    return upload


@pytest.fixture
def call_a(in_tenant_a):
    call = CallFactory(tenant=in_tenant_a, reference="OC1")
    full_form(call)
    CriterionFactory(call=call)
    return call


@pytest.fixture
def organisation(applicant):
    return OrganisationFactory(owner=applicant, legal_name="Cooperativa Sociale Aurora")


@pytest.fixture
def answers():
    return dict(VALID_ANSWERS)
