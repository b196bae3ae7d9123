"""What the schemes' and issuing tests share: a voucher call with published results and a
scheme, main-list applications in ranking order, and reading a stored PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from pypdf import PdfReader

from applications.models import Application
from evaluations.models import RankingRun
from tests.api.factories import ApplicationFactory
from tests.factories import UserFactory
from tests.vouchers.factories import OwnVatOrganisationFactory, SchemeFactory


@dataclass
class VoucherCall:
    """A voucher call with published results and its scheme; ``add`` puts an application
    on a list (published unless told), owned by a new member of a new organisation."""

    scheme: Any
    rows: list[Application] = field(default_factory=list)

    @property
    def call(self) -> Any:
        return self.scheme.call

    def add(
        self,
        status: str = "main_list",
        *,
        published: bool = True,
        organisation: Any = None,
        de_minimis: str | None = None,
        owner: Any = None,
        requested: str | None = None,
    ) -> Application:
        owner = owner or UserFactory()
        if organisation is None:
            organisation = OwnVatOrganisationFactory(owner=owner)
        answers: dict[str, Any] = {"project_title": "Digital audit of the workshop"}
        if de_minimis is not None:
            answers["de_minimis_aid"] = de_minimis
        application = ApplicationFactory(
            call=self.call,
            tenant=self.call.tenant,
            organisation=organisation,
            created_by=owner,
            status=status,
            published_outcome=status if published else "",
            answers=answers,
            submitted_answers=answers,
            submitted_at=timezone.now() - timedelta(days=30),
            receipt_number=f"ALPHA-{self.call.reference}-{len(self.rows) + 1:06d}",
            requested_amount=Decimal(requested) if requested is not None else None,
        )
        self.rows.append(application)
        return application

    def rank(self, order: list[Application], by: Any) -> RankingRun:
        return RankingRun.unscoped.create(
            tenant=self.call.tenant,
            call=self.call,
            seed=1,
            budget=self.call.budget,
            created_by=by,
            results=[
                {"application": row.pk, "rank": place, "outcome": row.status}
                for place, row in enumerate(order, start=1)
            ],
        )


def voucher_call(tenant: Any, **scheme: Any) -> VoucherCall:
    values = {"value": Decimal("5000.00"), "budget": Decimal("50000.00"), **scheme}
    return VoucherCall(scheme=SchemeFactory(tenant=tenant, **values))


def pdf_bytes(document: Any) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
