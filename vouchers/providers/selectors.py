"""Reads of the service providers: the public directory (providers with at least one
accredited category), one provider's public page, an organisation's own accreditations, the
back office's counts and trails. Every query goes through the tenant-scoped managers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django_countries import countries

from organisations.models import Organisation, OrganisationMember
from organisations.permissions import EDITING_ROLES
from socialtech.audit.models import AuditEvent
from vouchers.models import Accreditation, ProviderStatus, ServiceCategory, ServiceProvider


def language_codes() -> list[str]:
    """The languages a provider may serve in: the platform's languages."""
    return [code for code, _name in settings.LANGUAGES]


def language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES).get(code, code))


def country_name(code: str) -> str:
    return str(countries.name(code) or code)


def is_country_code(code: str) -> bool:
    return bool(code) and code == code.upper() and len(code) == 2 and bool(countries.name(code))


def _accredited(category: str | None = None) -> QuerySet[Accreditation]:
    accreditations = Accreditation.objects.filter(
        provider=OuterRef("pk"), status=ProviderStatus.ACCREDITED
    )
    return accreditations.filter(category=category) if category else accreditations


def accredited_providers(
    *, category: str | None = None, country: str | None = None, language: str | None = None
) -> QuerySet[ServiceProvider]:
    """Providers with at least one accredited category (``category`` when given), that
    are established in or serve ``country``, and serve in ``language``."""
    providers = ServiceProvider.objects.filter(Exists(_accredited(category)))
    if country:
        code = country.upper()
        # The lists are JSON arrays of codes: match the quoted element (as pool.py does).
        providers = providers.filter(
            Q(organisation__country=code) | Q(countries_served__icontains=f'"{code}"')
        )
    if language:
        providers = providers.filter(languages__icontains=f'"{language.lower()}"')
    return providers


def directory_countries() -> list[str]:
    """The countries the accredited providers are established in or serve: what the
    directory's country filter offers (one query)."""
    codes: set[str] = set()
    for country, served in accredited_providers().values_list(
        "organisation__country", "countries_served"
    ):
        codes.update(code for code in [str(country or ""), *(served or [])] if code)
    return sorted(codes)


def directory_providers(
    *,
    category: str | None = None,
    country: str | None = None,
    language: str | None = None,
    text: str = "",
) -> QuerySet[ServiceProvider]:
    """The public directory's rows: :func:`accredited_providers` found by ``text`` in the
    name or the profile, by name, with their organisation and accredited categories
    loaded (one query each, whatever the number of rows)."""
    providers = accredited_providers(category=category, country=country, language=language)
    text = text.strip()
    if text:
        providers = providers.filter(
            Q(organisation__legal_name__icontains=text)
            | Q(organisation__short_name__icontains=text)
            | Q(profile__icontains=text)
        )
    return (
        providers.select_related("organisation")
        .prefetch_related(
            Prefetch(
                "accreditations",
                queryset=Accreditation.objects.filter(status=ProviderStatus.ACCREDITED).order_by(
                    "category"
                ),
                to_attr="accredited",
            )
        )
        .order_by("organisation__legal_name", "pk")
    )


def public_provider(*, pk: int) -> ServiceProvider:
    """One provider of the directory; ``ServiceProvider.DoesNotExist`` for a provider with
    no accredited category (applied only, suspended, withdrawn, refused)."""
    return directory_providers().get(pk=pk)


@dataclass(frozen=True)
class ServiceRow:
    service: str
    price: Decimal | None
    price_text: str


def service_rows(accreditation: Accreditation) -> list[ServiceRow]:
    """The services of an accreditation with their prices as Decimals."""
    rows = []
    for row in accreditation.services or []:
        text = str(row.get("price", "")) if isinstance(row, dict) else ""
        try:
            price: Decimal | None = Decimal(text)
        except (InvalidOperation, ValueError):
            price = None
        service = str(row.get("service", "")) if isinstance(row, dict) else ""
        rows.append(ServiceRow(service=service, price=price, price_text=text))
    return rows


def editable_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations ``user`` owns or edits: those they may apply for."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Organisation.objects.none()
    members = OrganisationMember.objects.filter(
        user=user, role__in=list(EDITING_ROLES)
    ).values_list("organisation_id", flat=True)
    return Organisation.objects.filter(pk__in=members).order_by("legal_name", "pk")


def provider_of(organisation: Organisation) -> ServiceProvider | None:
    """The provider of ``organisation`` in the active programme, with its accreditations."""
    return (
        ServiceProvider.objects.filter(organisation=organisation)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("accreditations", queryset=Accreditation.objects.order_by("category"))
        )
        .first()
    )


def providers_of_organisations(organisations: list[Organisation]) -> list[ServiceProvider]:
    """The providers of these organisations, each with every accreditation and who decided."""
    return list(
        ServiceProvider.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("accreditations", queryset=Accreditation.objects.order_by("category"))
        )
        .order_by("organisation__legal_name", "pk")
    )


def lock_accreditation(accreditation: Accreditation) -> Accreditation:
    """The accreditation's row, locked for the rest of the transaction."""
    return (
        Accreditation.objects.select_for_update(of=("self",))
        .select_related("provider__organisation")
        .get(pk=accreditation.pk)
    )


def accreditation_for_notice(accreditation_id: int) -> Accreditation | None:
    return (
        Accreditation.objects.select_related("tenant", "provider__organisation")
        .filter(pk=accreditation_id)
        .first()
    )


def decision_event(*, accreditation: Accreditation, event_id: int) -> AuditEvent | None:
    """The audit row of one decision on ``accreditation``."""
    return AuditEvent.objects.filter(
        pk=event_id,
        object_type=ContentType.objects.get_for_model(Accreditation),
        object_id=str(accreditation.pk),
    ).first()


def audit_trail(target: Accreditation | ServiceProvider) -> QuerySet[AuditEvent]:
    """Every audit row of ``target``, oldest first."""
    return (
        AuditEvent.objects.filter(
            tenant_id=target.tenant_id,
            object_type=ContentType.objects.get_for_model(type(target)),
            object_id=str(target.pk),
        )
        .select_related("actor")
        .order_by("at", "pk")
    )


def accreditations_awaiting_decision_count() -> int:
    """Applications for accreditation of the active programme that wait for staff."""
    return Accreditation.objects.filter(status=ProviderStatus.APPLIED).count()


def category_choices() -> list[tuple[str, Any]]:
    return list(ServiceCategory.choices)
