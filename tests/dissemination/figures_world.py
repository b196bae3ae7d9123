"""A small programme for the figures tests: grants in several states with paid tranches,
vouchers in several states with a reimbursed claim, certificates, badges and survey
responses, made as rows (their services are tested in their own apps)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from grants.models import Award, Tranche
from mapping.surveys import services as survey_services
from mooc.models import Certificate, Enrolment
from tests.calls.factories import CallFactory
from tests.factories import OrganisationFactory, UserFactory
from tests.grants.factories import AwardFactory
from tests.mapping.factories import small_survey, submitted_response
from tests.mooc.factories import course_with_lessons
from tests.upskilling.factories import badge_for
from tests.vouchers.factories import VoucherFactory
from vouchers.models import Claim, Voucher


@dataclass
class FiguresWorld:
    awards: list[Award]
    vouchers: list[Voucher]


def organisation(country: str, name: str) -> Any:
    return OrganisationFactory(country=country, legal_name=name)


def award(status: str, amount: str, country: str, name: str, **extra: Any) -> Award:
    org = extra.pop("organisation", None) or organisation(country, name)
    return AwardFactory(
        application__organisation=org, status=status, amount=Decimal(amount), **extra
    )


def tranche(award_row: Award, position: int, amount: str, status: str) -> Tranche:
    return Tranche.objects.create(
        award=award_row,
        position=position,
        percent=Decimal("50"),
        amount=Decimal(amount),
        trigger="signature",
        status=status,
        paid_on=date.today() if status == "paid" else None,
    )


def voucher(tenant: Any, status: str, country: str, name: str, *, org: Any = None) -> Voucher:
    return VoucherFactory(
        tenant=tenant, application__organisation=org or organisation(country, name), status=status
    )


def claim(voucher_row: Voucher, amount: str, status: str) -> Claim:
    return Claim.objects.create(
        voucher=voucher_row,
        status=status,
        submitted_by=UserFactory(),
        amount=Decimal(amount),
        invoice_number="INV-1",
        invoice_date=date.today(),
        invoice="claims/invoice.pdf",
        delivery_proof="claims/delivery.pdf",
    )


def build_figures_world(tenant: Any, *, scale: int = 1) -> FiguresWorld:
    """Programme ``tenant``'s world (call inside ``tenant_context``); ``scale`` repeats it."""
    awards: list[Award] = []
    vouchers: list[Voucher] = []
    for round_ in range(scale):
        # The signed grant's call published its results: it is on the list of beneficiaries.
        results_call = CallFactory(tenant=tenant, status="results")
        signed = award(
            "signed",
            "10000.00",
            "IT",
            f"Signed {round_}",
            application__call=results_call,
            decided_at=timezone.now(),
        )
        active = award("active", "20000.50", "DE", f"Active {round_}")
        completed = award("completed", "5000.00", "IT", f"Completed {round_}")
        awards += [
            signed,
            active,
            completed,
            award("accepted", "7000.00", "FR", f"Accepted {round_}"),
            award("terminated", "1000.00", "NL", f"Terminated {round_}"),
            award("offered", "3000.00", "ES", f"Offered {round_}"),
            award("declined", "4000.00", "PT", f"Declined {round_}"),
        ]
        tranche(signed, 1, "4000.00", "paid")
        tranche(signed, 2, "6000.00", "approved")
        tranche(active, 1, "6000.25", "paid")
        tranche(completed, 1, "5000.00", "cancelled")
        # A voucher to an organisation that also holds a grant: counted once.
        vouchers.append(voucher(tenant, "issued", "IT", "", org=signed.organisation))
        vouchers.append(voucher(tenant, "in_delivery", "PL", f"Delivery {round_}"))
        reimbursed = voucher(tenant, "reimbursed", "AT", f"Reimbursed {round_}")
        claim(reimbursed, "2500.00", "reimbursed")
        verified = voucher(tenant, "verified", "AT", f"Verified {round_}")
        claim(verified, "900.00", "verified")
        vouchers += [
            reimbursed,
            verified,
            voucher(tenant, "cancelled", "SE", f"Cancelled {round_}"),
            voucher(tenant, "expired", "FI", f"Expired {round_}"),
        ]
        course = course_with_lessons(tenant)
        for number in range(2):
            learner = UserFactory()
            enrolment = Enrolment.objects.create(
                course=course, user=learner, completed_at=timezone.now() if number == 0 else None
            )
            if number == 0:
                Certificate.objects.create(enrolment=enrolment, language="en")
        badge_for(tenant, UserFactory())
        revoked = badge_for(tenant, UserFactory())
        revoked.revoked_at = revoked.awarded_at
        revoked.save(update_fields=["revoked_at"])
        survey = small_survey(tenant)
        submitted_response(tenant, survey, user=UserFactory())
        submitted_response(tenant, survey)
        survey_services.response_start(survey=survey, user=UserFactory())
    return FiguresWorld(awards=awards, vouchers=vouchers)
