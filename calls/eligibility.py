"""Eligibility of an organisation for a call, as a list of the rules it fails.

Pure: the caller passes what it knows about earlier applications and funding, so the
rules can be checked when a draft starts and again at submission with fresh figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.models import Call
from organisations.models import LegalForm, Organisation, SocialEconomyType


@dataclass(frozen=True)
class EligibilityFailure:
    rule: str
    message: str


def check_eligibility(
    *,
    call: Call,
    organisation: Organisation,
    applications_count: int,
    funding_received: Decimal,
    funding_cap: Decimal,
) -> list[EligibilityFailure]:
    """Every rule of ``call`` that ``organisation`` fails; empty when it may apply."""
    failures: list[EligibilityFailure] = []
    country = str(organisation.country)
    if call.eligible_countries and country not in call.eligible_countries:
        failures.append(
            EligibilityFailure(
                "countries",
                _(
                    "Organisations established in %(country)s cannot apply; this call is open to: %(allowed)s."
                )
                % {
                    "country": getattr(organisation.country, "name", country),
                    "allowed": ", ".join(call.eligible_countries),
                },
            )
        )
    if call.eligible_legal_forms and organisation.legal_form not in call.eligible_legal_forms:
        names = [
            str(LegalForm(value).label)
            for value in call.eligible_legal_forms
            if value in LegalForm.values
        ]
        failures.append(
            EligibilityFailure(
                "legal_forms",
                _("The legal form %(form)s is not eligible; this call accepts: %(allowed)s.")
                % {"form": organisation.get_legal_form_display(), "allowed": "; ".join(names)},
            )
        )
    if call.sme_only and not organisation.is_sme:
        failures.append(
            EligibilityFailure(
                "sme_only",
                _(
                    "Only SMEs may apply, and the organisation's self-assessment says it is not one: %(reason)s"
                )
                % {"reason": organisation.sme_assessment.reason},
            )
        )
    if (
        call.social_economy_only
        and organisation.social_economy_type == SocialEconomyType.NOT_SOCIAL_ECONOMY
    ):
        failures.append(
            EligibilityFailure(
                "social_economy_only",
                _(
                    "Only social-economy organisations may apply; the profile says the organisation is not one."
                ),
            )
        )
    if applications_count >= call.max_applications_per_organisation:
        failures.append(
            EligibilityFailure(
                "max_applications",
                ngettext(
                    "The organisation already has %(count)s application to this call; the limit is %(limit)s.",
                    "The organisation already has %(count)s applications to this call; the limit is %(limit)s.",
                    applications_count,
                )
                % {"count": applications_count, "limit": call.max_applications_per_organisation},
            )
        )
    if call.check_funding_cap and funding_received >= funding_cap:
        failures.append(
            EligibilityFailure(
                "funding_cap",
                _(
                    "The organisation has already received EUR %(received)s in this programme, the cap per recipient is EUR %(cap)s."
                )
                % {"received": funding_received, "cap": funding_cap},
            )
        )
    return failures
