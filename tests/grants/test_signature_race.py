"""Two people signing the same agreement version at once on PostgreSQL: one signature.

Runs where row locks are real (``DATABASE_URL`` on PostgreSQL); SQLite serialises every
writer on the whole file, so there the race cannot happen and the test is skipped.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from grants.agreements import jobs as agreement_jobs
from grants.models import Agreement, Award, AwardStatus, Signature
from grants.signature import services
from grants.signature.errors import SignatureError
from grants.signature.selectors import DECLARATIONS
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.grants.factories import AwardFactory
from tests.grants.test_promotion_race import race

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks of PostgreSQL"),
]


def test_two_signers_at_once_make_one_signature(tenant_a: Any) -> None:
    with tenant_context(tenant_a):
        owner, editor = UserFactory(), UserFactory()
        organisation = OrganisationFactory(
            owner=owner, editors=[editor], legal_representative_name="Giulia Bianchi"
        )
        call = CallFactory(tenant=tenant_a, status="results", budget=Decimal("500000"))
        award = AwardFactory(
            application__call=call,
            application__organisation=organisation,
            application__created_by=owner,
            application__status="accepted",
            status=AwardStatus.ACCEPTED,
        )
        agreement_jobs.agreement_generate(award_id=award.pk, notify=False)
        sha256 = Agreement.objects.select_related("document").get(award=award).document.sha256

    def sign(user: Any) -> Any:
        def run() -> Any:
            try:
                return services.agreement_sign_online(
                    award=Award.objects.get(pk=award.pk),
                    by=user,
                    version=1,
                    agreement_sha256=sha256,
                    typed_name="Giulia Bianchi",
                    declarations=list(DECLARATIONS),
                    ip_address="192.0.2.1",
                )
            except SignatureError as error:
                return error.refusal_code

        return run

    results = race(tenant_a, sign(owner), sign(editor))
    assert sorted(isinstance(result, Signature) for result in results) == [False, True]
    assert [result for result in results if not isinstance(result, Signature)] == ["already_signed"]
    with tenant_context(tenant_a):
        assert Signature.objects.count() == 1
        assert Award.objects.get(pk=award.pk).status == AwardStatus.SIGNED
