"""The claims' card on the back office's dashboard: claims waiting for staff and finance."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from socialtech.admin_dashboard import Card, CardLine, register_card
from vouchers.claims.selectors import claims_waiting_counts
from vouchers.models import Claim, ClaimStatus


def waiting() -> list[CardLine]:
    counts = claims_waiting_counts()
    return [
        CardLine(
            label=_("submitted, to verify"),
            count=counts[ClaimStatus.SUBMITTED],
            query={"status__exact": ClaimStatus.SUBMITTED},
        ),
        CardLine(
            label=_("verified, to reimburse"),
            count=counts[ClaimStatus.VERIFIED],
            query={"status__exact": ClaimStatus.VERIFIED},
        ),
    ]


def register() -> None:
    register_card(
        Card(
            name="vouchers-claims-waiting",
            model=Claim,
            title=_("Voucher claims waiting"),
            empty_text=_("No voucher claim waits for verification or reimbursement."),
            read=waiting,
            order=55,
        )
    )
