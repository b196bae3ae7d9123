"""Reads of the agreements: the template an award's agreement is made from, the values its
placeholders take, the payment plan, and the lists the pages show."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django_countries import countries

from applications.selectors import format_money, mail_language
from calls.models import Call
from grants.banking import format_iban
from grants.models import Agreement, AgreementBatch, AgreementTemplate, Award, AwardStatus
from grants.payments.selectors import PlannedTranche, planned_tranches
from socialtech.documents.pdf import static_url_for_pdf

FALLBACK_LANGUAGE = "en"
CENT = Decimal("0.01")
EMBLEM_PATH = "img/eu-emblem.svg"
FIRST_VERSION = 1


def payment_plan(amount: Decimal, call: Call | None = None) -> list[PlannedTranche]:
    """The tranches of ``amount`` under ``call``'s payment plan (the default 40 % / 60 %
    without one): each share rounded to the cent, the last one the rest, so the tranches
    always add up to the award exactly."""
    return planned_tranches(amount, call)


def payment_plan_html(amount: Decimal, call: Call | None = None) -> SafeString:
    rows = format_html_join(
        "",
        '<tr><td>{}</td><td>{}</td><td class="amount">{} %</td><td class="amount">{}</td><td>{}</td></tr>',
        (
            (
                t.number,
                t.label,
                formats.number_format(t.share, 0 if t.share == t.share.to_integral() else 2),
                format_money(t.amount),
                t.due,
            )
            for t in payment_plan(amount, call)
        ),
    )
    return format_html(
        '<table class="payment-plan"><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col" class="amount">{}</th><th scope="col" class="amount">{}</th>'
        '<th scope="col">{}</th></tr></thead><tbody>{}</tbody><tfoot><tr><th scope="row" colspan="3">{}</th>'
        '<td class="amount">{}</td><td></td></tr></tfoot></table>',
        _("Tranche"),
        _("Payment"),
        _("Share"),
        _("Amount"),
        _("Due"),
        rows,
        _("Total"),
        format_money(Decimal(amount).quantize(CENT)),
    )


def emblem_html() -> SafeString:
    return format_html(
        '<p class="eu-emblem"><img src="{}" alt="{}" width="60" height="40"> <strong>{}</strong></p>',
        static_url_for_pdf(EMBLEM_PATH),
        _("Flag of the European Union"),
        _("Funded by the European Union"),
    )


def beneficiary_language(award: Award) -> str:
    """The language of the beneficiary: the applicant's (their account's, else the
    application's), among the installation's languages, else English."""
    language = mail_language(user=award.application.created_by, application=award.application)
    return language if language in dict(settings.LANGUAGES) else FALLBACK_LANGUAGE


def template_for(*, call_kind: str, language: str) -> AgreementTemplate | None:
    """The active template of the programme for this call kind and language: the kind's own,
    else the generic one, first in ``language`` then in English."""
    candidates = [
        (call_kind, language),
        ("", language),
        (call_kind, FALLBACK_LANGUAGE),
        ("", FALLBACK_LANGUAGE),
    ]
    found = {
        (row.call_kind, row.language): row
        for row in AgreementTemplate.objects.filter(
            is_active=True,
            call_kind__in={call_kind, ""},
            language__in={language, FALLBACK_LANGUAGE},
        )
    }
    for key in candidates:
        if key in found:
            return found[key]
    return None


def placeholder_values(
    award: Award, *, iban: str = "", holder: str = "", bic: str = ""
) -> dict[str, Any]:
    """What each placeholder becomes for ``award`` (in the active language)."""
    application = award.application
    organisation = award.organisation
    return {
        "programme": award.tenant.name,
        "call_title": award.call.title_text,
        "call_reference": award.call.reference,
        "organisation_name": organisation.legal_name,
        "organisation_country": str(countries.name(str(organisation.country)) or ""),
        "project_title": application.title,
        "application_reference": application.receipt_number,
        "award_reference": f"{award.call.reference}-{award.pk:05d}",
        "amount": format_money(award.amount),
        "payment_plan": payment_plan_html(award.amount, award.call),
        "bank_account_holder": holder,
        "iban": format_iban(iban),
        "bic": bic,
        "date": formats.date_format(timezone.localdate(), "DATE_FORMAT"),
        "eu_emblem": emblem_html(),
    }


def award_for_agreement(award_id: int) -> Award | None:
    return (
        Award.objects.select_related(
            "tenant", "call", "organisation", "application", "application__created_by"
        )
        .filter(pk=award_id)
        .first()
    )


def agreement_of(award: Award, version: int = FIRST_VERSION) -> Agreement | None:
    return Agreement.objects.filter(award=award, version=version).select_related("document").first()


def latest_version_number(award: Award) -> int:
    """The highest agreement version of ``award``; 0 when it has none."""
    return (
        Agreement.objects.filter(award=award)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
        or 0
    )


def agreement_idempotency_key(award_id: int, version: int = FIRST_VERSION) -> str:
    return f"agreement:award:{award_id}:v{version}"


def accepted_awards_of_call(call_id: int) -> list[int]:
    """The accepted awards of a call still without an agreement, in award order."""
    return list(
        Award.objects.filter(call_id=call_id, status=AwardStatus.ACCEPTED, agreements__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def batch_done_count(batch: AgreementBatch) -> int:
    return Agreement.objects.filter(award_id__in=batch.award_ids, version=FIRST_VERSION).count()


def agreements_of_award(award: Award) -> QuerySet[Agreement]:
    return Agreement.objects.filter(award=award).select_related("document").order_by("-version")


def awards_for_generation() -> QuerySet[Award]:
    """Awards staff may generate an agreement for: accepted ones without an agreement."""
    return (
        Award.objects.filter(status=AwardStatus.ACCEPTED, agreements__isnull=True)
        .select_related("organisation", "application")
        .order_by("pk")
    )
