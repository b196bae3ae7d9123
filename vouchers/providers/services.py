"""Writes of the service providers: an organisation applies for accreditation per service
category; the programme's staff accredit, refuse, suspend, withdraw or reinstate it.

Each write is one transaction with its audit rows; the provider's members are e-mailed
about a decision after it commits.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.selectors import format_money
from organisations.models import Organisation
from organisations.permissions import member_role, role_can_edit
from socialtech.audit.services import audit_log
from socialtech.tasks import enqueue_on_commit
from socialtech.tenancy.context import require_active_tenant
from vouchers.access import is_programme_staff
from vouchers.errors import VoucherError
from vouchers.models import (
    ACCREDITATION_TRANSITIONS,
    Accreditation,
    ProviderStatus,
    ServiceCategory,
    ServiceProvider,
)
from vouchers.providers import selectors
from vouchers.providers.tasks import send_accreditation_decision

P = ProviderStatus
CENT = Decimal("0.01")
MAX_PRICE = Decimal("1000000000")
MAX_TEXT = 4000
MAX_SERVICE = 300
# A decision needs a reason when it takes an accreditation away or refuses it.
REASON_REQUIRED = frozenset({P.REFUSED, P.SUSPENDED, P.WITHDRAWN})
# The states staff decide on (an application is made by the provider, never by staff).
DECIDED_STATES = frozenset({P.ACCREDITED, P.REFUSED, P.SUSPENDED, P.WITHDRAWN})
# The categories whose services a new application replaces without a new decision.
KEEPS_STATUS = frozenset({P.APPLIED, P.ACCREDITED, P.SUSPENDED})


def decision_name(*, current: str, to: str) -> str:
    """The decision that moves an accreditation from ``current`` to ``to``:
    accredited, refused, suspended, withdrawn or reinstated."""
    if current == P.SUSPENDED and to == P.ACCREDITED:
        return "reinstated"
    return str(to)


def _category_label(category: str) -> str:
    return str(ServiceCategory(category).label)


def _clean_rows(category: str, rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The filled rows of ``category`` as ``{"service", "price"}`` with the price a decimal
    string of two places; refuses a row without a service or a price, or a price that is
    not an amount, not positive, or too large, naming the row."""
    cleaned = []
    label = _category_label(category)
    for number, row in enumerate(rows, start=1):
        service = str(row.get("service") or "").strip()
        price_text = str(row.get("price") or "").strip().replace(" ", "")
        if not service and not price_text:
            continue  # a blank row is no row
        where = {"category": label, "row": number}
        extra = {"category": category, "row": number}
        if not service:
            raise VoucherError(
                _("%(category)s, row %(row)s: name the service priced %(price)s.")
                % {**where, "price": price_text},
                "service_missing",
                field="service",
                **extra,
            )
        if len(service) > MAX_SERVICE:
            raise VoucherError(
                _(
                    "%(category)s, row %(row)s: the service's name has %(length)s characters; "
                    "at most %(max)s are allowed."
                )
                % {**where, "length": len(service), "max": MAX_SERVICE},
                "service_too_long",
                field="service",
                **extra,
            )
        if not price_text:
            raise VoucherError(
                _("%(category)s, row %(row)s: give the price of “%(service)s” in euros.")
                % {**where, "service": service},
                "price_missing",
                field="price",
                **extra,
            )
        try:
            price = Decimal(price_text)
        except (InvalidOperation, ValueError):
            price = Decimal("NaN")
        if not price.is_finite():
            raise VoucherError(
                _(
                    "%(category)s, row %(row)s: the price “%(price)s” is not an amount in euros "
                    "(write it like 1500.00)."
                )
                % {**where, "price": price_text},
                "price_invalid",
                field="price",
                **extra,
            )
        if price <= 0:
            raise VoucherError(
                _("%(category)s, row %(row)s: the price must be more than zero; it is %(price)s.")
                % {**where, "price": price_text},
                "price_not_positive",
                field="price",
                **extra,
            )
        if price >= MAX_PRICE:
            raise VoucherError(
                _("%(category)s, row %(row)s: the price %(price)s must be less than %(max)s.")
                % {**where, "price": format_money(price), "max": format_money(MAX_PRICE)},
                "price_too_large",
                field="price",
                **extra,
            )
        if price != price.quantize(CENT):
            raise VoucherError(
                _("%(category)s, row %(row)s: the price %(price)s has more than two decimals.")
                % {**where, "price": price_text},
                "price_invalid",
                field="price",
                **extra,
            )
        cleaned.append({"service": service, "price": str(price.quantize(CENT))})
    return cleaned


def _clean_categories(
    categories: dict[str, list[dict[str, Any]]],
) -> dict[str, list[dict[str, str]]]:
    valid = {choice.value for choice in ServiceCategory}
    cleaned: dict[str, list[dict[str, str]]] = {}
    for category, rows in categories.items():
        if category not in valid:
            raise VoucherError(
                _("“%(category)s” is not a service category of the programme.")
                % {"category": category},
                "category_unknown",
                field="categories",
            )
        filled = _clean_rows(category, list(rows or []))
        if filled:
            cleaned[category] = filled
    if not cleaned:
        raise VoucherError(
            _("Apply for at least one category: list at least one service with its price."),
            "no_category",
            field="categories",
        )
    return cleaned


def _clean_languages(languages: list[str]) -> list[str]:
    codes = selectors.language_codes()
    chosen = [code for code in dict.fromkeys(languages) if code]
    unknown = [code for code in chosen if code not in codes]
    if unknown:
        raise VoucherError(
            _(
                "Languages of service: “%(codes)s” is not one of the platform's languages (%(known)s)."
            )
            % {"codes": ", ".join(unknown), "known": ", ".join(codes)},
            "language_unknown",
            field="languages",
        )
    if not chosen:
        raise VoucherError(
            _("Languages of service: choose at least one language you serve in."),
            "language_missing",
            field="languages",
        )
    return chosen


def _clean_countries(countries_served: list[str]) -> list[str]:
    chosen = [code.strip().upper() for code in dict.fromkeys(countries_served) if code.strip()]
    unknown = [code for code in chosen if not selectors.is_country_code(code)]
    if unknown:
        raise VoucherError(
            _("Countries served: “%(codes)s” is not a two-letter ISO country code.")
            % {"codes": ", ".join(unknown)},
            "country_unknown",
            field="countries_served",
        )
    return chosen


def _refuse_invalid(error: ValidationError) -> VoucherError:
    """The model's own refusal (an e-mail address, a web address) as a VoucherError naming
    the first field it is about."""
    if hasattr(error, "error_dict"):
        field, problems = next(iter(error.message_dict.items()))
        return VoucherError(" ".join(problems), "invalid", field=field)
    return VoucherError(" ".join(error.messages), "invalid")


def _text(value: str, *, field: str, label: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise VoucherError(
            _("%(field)s: this field is required.") % {"field": label}, "required", field=field
        )
    if len(value) > MAX_TEXT:
        raise VoucherError(
            _("%(field)s has %(length)s characters; at most %(max)s are allowed.")
            % {"field": label, "length": len(value), "max": MAX_TEXT},
            "too_long",
            field=field,
        )
    return value


@transaction.atomic
def provider_apply(
    *,
    organisation: Organisation,
    by: Any,
    profile: str,
    languages: list[str],
    countries_served: list[str],
    contact_email: str,
    website: str,
    references: str,
    declarations: bool,
    categories: dict[str, list[dict[str, Any]]],
) -> ServiceProvider:
    """Apply for accreditation as a service provider of ``organisation``, for each category
    of ``categories`` (rows ``{"service", "price"}``; blank rows are ignored).

    Creates the organisation's provider or updates its profile. A new category, or one
    refused or withdrawn before, is applied for (status applied); a category applied for,
    accredited or suspended keeps its status and takes the new services and prices.

    Refuses anyone but the organisation's owners and editors; unaccepted declarations; no
    category with a service; a row without a service or a price; a price that is not an
    amount in euros, not above zero, not below one billion or with more than two decimals;
    a language not of the platform; a country code not ISO 3166 alpha-2; an invalid
    e-mail or web address.
    """
    tenant = require_active_tenant()
    if not role_can_edit(member_role(by, organisation)):
        raise VoucherError(
            _("Only the owners and editors of %(organisation)s may apply for it.")
            % {"organisation": organisation.legal_name},
            "not_allowed",
            field="organisation",
        )
    if declarations is not True:
        raise VoucherError(
            _("Declarations: accept the declarations to apply for accreditation."),
            "declarations_missing",
            field="declarations",
        )
    profile = _text(profile, field="profile", label=_("Profile"))
    references = _text(references, field="references", label=_("References"))
    chosen_languages = _clean_languages(list(languages or []))
    chosen_countries = _clean_countries(list(countries_served or []))
    rows = _clean_categories(dict(categories or {}))

    # The organisation's row serialises two applications for it (one provider each).
    list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk"))
    provider = ServiceProvider.objects.select_for_update().filter(organisation=organisation).first()
    created = provider is None
    if provider is None:
        provider = ServiceProvider(tenant=tenant, organisation=organisation)
    now = timezone.now()
    provider.profile = profile
    provider.languages = chosen_languages
    provider.countries_served = chosen_countries
    provider.contact_email = (contact_email or "").strip()
    provider.website = (website or "").strip()
    provider.references = references
    provider.declarations_accepted_at = now
    provider.declarations_accepted_by = by
    try:
        provider.full_clean(exclude=["tenant", "organisation", "declarations_accepted_by"])
    except ValidationError as error:
        raise _refuse_invalid(error) from error
    provider.save()

    existing = {
        accreditation.category: accreditation
        for accreditation in Accreditation.objects.select_for_update().filter(provider=provider)
    }
    outcome: dict[str, str] = {}
    for category, services in rows.items():
        accreditation = existing.get(category)
        if accreditation is None:
            accreditation = Accreditation(
                tenant=tenant, provider=provider, category=category, applied_at=now
            )
            verb, before = "accreditation.applied", ""
        elif accreditation.status in KEEPS_STATUS:
            if accreditation.services == services:
                outcome[category] = accreditation.status
                continue
            verb, before = "accreditation.services_updated", accreditation.status
        else:
            # Refused or withdrawn: the table lets the category be applied for again.
            if P.APPLIED not in ACCREDITATION_TRANSITIONS[accreditation.status]:
                raise VoucherError(
                    _("%(category)s is %(status)s and cannot be applied for again.")
                    % {
                        "category": accreditation.get_category_display(),
                        "status": accreditation.get_status_display(),
                    },
                    "wrong_state",
                    field="categories",
                    status=accreditation.status,
                )
            before = accreditation.status
            accreditation.status = P.APPLIED
            accreditation.applied_at = now
            accreditation.reason = ""
            accreditation.decided_at = None
            accreditation.decided_by = None
            verb = "accreditation.applied"
        accreditation.services = services
        accreditation.full_clean(exclude=["tenant", "provider", "decided_by"])
        accreditation.save()
        audit_log(
            actor=by,
            verb=verb,
            target=accreditation,
            data={"from": before, "to": accreditation.status, "services": services},
        )
        outcome[category] = accreditation.status
    audit_log(
        actor=by,
        verb="voucher_provider.applied" if created else "voucher_provider.updated",
        target=provider,
        data={
            "organisation": organisation.pk,
            "categories": outcome,
            "languages": chosen_languages,
            "countries_served": chosen_countries,
            "declarations_accepted_at": now.isoformat(),
        },
    )
    return provider


@transaction.atomic
def accreditation_decide(
    *, accreditation: Accreditation, to: str, by: Any, reason: str
) -> Accreditation:
    """Staff's decision on an accreditation: accredit or refuse an application, suspend or
    withdraw an accreditation, reinstate a suspended one (``to`` is the new status). The
    provider's members are e-mailed after commit, each once.

    Refuses anyone but the programme's staff and coordinators; a move the table of
    accreditation states does not allow, naming the current state; a refusal, suspension
    or withdrawal without a reason.
    """
    if not is_programme_staff(by):
        raise VoucherError(
            _("Only the programme's staff and coordinators decide on accreditations."),
            "not_staff",
        )
    locked = selectors.lock_accreditation(accreditation)
    current = ProviderStatus(locked.status)
    if to not in DECIDED_STATES or to not in ACCREDITATION_TRANSITIONS[current]:
        target = ProviderStatus(to).label if to in ProviderStatus.values else to
        raise VoucherError(
            _(
                "The accreditation of %(provider)s for %(category)s is %(status)s and cannot "
                "become %(to)s."
            )
            % {
                "provider": locked.provider.organisation.legal_name,
                "category": locked.get_category_display(),
                "status": current.label,
                "to": target,
            },
            "wrong_state",
            field="status",
            status=current.value,
        )
    reason = (reason or "").strip()
    if to in REASON_REQUIRED and not reason:
        raise VoucherError(
            _("Reason: say why the accreditation is %(to)s; the provider reads it.")
            % {"to": ProviderStatus(to).label},
            "reason_missing",
            field="reason",
        )
    if len(reason) > MAX_TEXT:
        raise VoucherError(
            _("Reason has %(length)s characters; at most %(max)s are allowed.")
            % {"length": len(reason), "max": MAX_TEXT},
            "too_long",
            field="reason",
        )
    decision = decision_name(current=current, to=to)
    locked.status = to
    locked.reason = reason
    locked.decided_at = timezone.now()
    locked.decided_by = by
    locked.full_clean(exclude=["tenant", "provider", "decided_by"])
    locked.save(update_fields=["status", "reason", "decided_at", "decided_by"])
    event = audit_log(
        actor=by,
        verb=f"accreditation.{decision}",
        target=locked,
        data={"from": current.value, "to": to, "reason": reason, "category": locked.category},
    )
    enqueue_on_commit(
        send_accreditation_decision,
        tenant_id=locked.tenant_id,
        accreditation_id=locked.pk,
        event_id=event.pk,
    )
    return locked
