"""The shape of a demo organisation's profile, shared by the lists of profiles."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from organisations.sme import BalanceSheetBand, TurnoverBand

APPLICANT_EMAIL = "applicant@example.org"
SMALL = (TurnoverBand.UP_TO_2M, BalanceSheetBand.UP_TO_2M)
MEDIUM_TURNOVER = (TurnoverBand.FROM_2M_TO_10M, BalanceSheetBand.UP_TO_2M)


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    legal_name: str
    country: str
    legal_form: str
    national_legal_form: str
    social_economy_type: str
    founding_year: int
    staff_headcount: int
    address_line1: str
    postcode: str
    city: str
    legal_representative_name: str
    legal_representative_role: str
    registration_number: str = ""
    vat_number: str = ""
    short_name: str = ""
    bands: tuple[str, str] = SMALL
    owned_by_applicant: bool = False

    @property
    def domain(self) -> str:
        return f"{self.key}.example.org"

    @property
    def representative_email(self) -> str:
        first, *rest = self.legal_representative_name.split(" ")
        return f"{slugify(first)}.{slugify(rest[-1] if rest else 'office')}@{self.domain}"
