"""The service providers' pages: the public directory and a provider's public page (anyone,
no sign-in), and the application for accreditation with the organisation's statuses.

A provider with no accredited category (applied only, suspended, withdrawn, refused) is
not found on the public pages.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from applications.selectors import ZonedTime, format_money, valid_timezone
from socialtech.tenancy.context import require_active_tenant
from vouchers.errors import VoucherError
from vouchers.models import ProviderStatus, ServiceProvider
from vouchers.providers import selectors, services
from vouchers.providers.forms import ApplyForm, DirectoryFilterForm, initial_from_provider

PAGE_SIZE = 20
TIMEZONE_COOKIE = "tz"


def _zone(request: HttpRequest) -> str | None:
    return valid_timezone(getattr(request.user, "timezone", "")) or valid_timezone(
        request.COOKIES.get(TIMEZONE_COOKIE)
    )


def _programme_zone() -> str:
    return require_active_tenant().default_timezone or "Europe/Brussels"


def _entry(provider: ServiceProvider) -> dict[str, Any]:
    """A provider as the public pages show it."""
    country = provider.organisation.country
    return {
        "provider": provider,
        "name": provider.organisation.legal_name,
        "country": selectors.country_name(str(country)) if country else "",
        "languages": [selectors.language_name(code) for code in provider.languages or []],
        "countries_served": [
            selectors.country_name(code) for code in provider.countries_served or []
        ],
        "categories": [
            {
                "label": accreditation.get_category_display(),
                "services": [
                    {
                        "service": row.service,
                        "price": format_money(row.price) if row.price is not None else "",
                    }
                    for row in selectors.service_rows(accreditation)
                ],
            }
            for accreditation in getattr(provider, "accredited", [])
        ],
    }


@require_GET
def provider_directory(request: HttpRequest) -> HttpResponse:
    """The providers accredited for at least one category, filtered and paginated."""
    form = DirectoryFilterForm(request.GET or None, countries=selectors.directory_countries())
    status = 200
    page = None
    entries: list[dict[str, Any]] = []
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        filters = form.filters()
        paginator = Paginator(selectors.directory_providers(**filters), PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        entries = [_entry(provider) for provider in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    is_filtered = any(request.GET.get(key) for key in ("q", "category", "country", "language"))
    return render(
        request,
        "vouchers/providers/directory.html",
        {
            "form": form,
            "page": page,
            "entries": entries,
            "filter_query": query.urlencode(),
            "is_filtered": is_filtered,
        },
        status=status,
    )


@require_GET
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One provider's public page: its accredited categories with services and prices."""
    try:
        provider = selectors.public_provider(pk=pk)
    except ServiceProvider.DoesNotExist:
        raise Http404(_("No accredited provider has this page.")) from None
    return render(request, "vouchers/providers/detail.html", {"entry": _entry(provider)})


def _statuses(request: HttpRequest, organisations: list[Any]) -> list[dict[str, Any]]:
    """The providers of the user's organisations with each accreditation's status, and the
    last decision with its reason and time."""
    zone = _programme_zone()
    viewer = _zone(request)
    providers = [
        (provider, list(provider.accreditations.all()))
        for provider in selectors.providers_of_organisations(organisations)
    ]
    return [
        {
            "provider": provider,
            "is_listed": any(
                accreditation.status == ProviderStatus.ACCREDITED
                for accreditation in accreditations
            ),
            "accreditations": [
                {
                    "accreditation": accreditation,
                    "services": [
                        {
                            "service": row.service,
                            "price": format_money(row.price) if row.price is not None else "",
                        }
                        for row in selectors.service_rows(accreditation)
                    ],
                    "applied": ZonedTime(
                        utc=accreditation.applied_at, call_zone=zone, viewer_zone=viewer
                    ),
                    "decided": ZonedTime(
                        utc=accreditation.decided_at, call_zone=zone, viewer_zone=viewer
                    )
                    if accreditation.decided_at
                    else None,
                }
                for accreditation in accreditations
            ],
        }
        for provider, accreditations in providers
    ]


def _apply_page(
    request: HttpRequest,
    form: ApplyForm | None,
    organisations: list[Any],
    *,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "vouchers/providers/apply.html",
        {
            "form": form,
            "category_rows": form.category_rows() if form is not None else [],
            "statuses": _statuses(request, organisations),
            "refusal": refusal,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def provider_apply(request: HttpRequest) -> HttpResponse:
    """Apply, or apply again, for accreditation for one of the user's organisations; the
    page also shows the organisations' accreditations and the last decisions."""
    queryset = selectors.editable_organisations(request.user)
    organisations = list(queryset)
    if not organisations:
        return _apply_page(request, None, organisations)
    if request.method == "POST":
        form = ApplyForm(request.POST, organisations=queryset)
        if not form.is_valid():
            return _apply_page(request, form, organisations, status=400)
        try:
            provider = services.provider_apply(by=request.user, **form.service_values())
        except VoucherError as error:
            field = form.field_of(error)
            form.add_error(field, error.message)
            return _apply_page(
                request,
                form,
                organisations,
                refusal=error.message if field is None else "",
                status=400,
            )
        messages.success(
            request,
            _(
                "The application of %(organisation)s is recorded. The programme's staff "
                "decide on each category; you are e-mailed their decision."
            )
            % {"organisation": provider.organisation.legal_name},
        )
        return redirect(
            reverse("vouchers_provider_apply") + f"?organisation={provider.organisation_id}"
        )
    chosen = _chosen_organisation(request, organisations)
    earlier = selectors.provider_of(chosen)
    initial = initial_from_provider(earlier) if earlier is not None else {"organisation": chosen.pk}
    return _apply_page(request, ApplyForm(initial=initial, organisations=queryset), organisations)


def _chosen_organisation(request: HttpRequest, organisations: list[Any]) -> Any:
    wanted = request.GET.get("organisation", "")
    for organisation in organisations:
        if str(organisation.pk) == wanted:
            return organisation
    return organisations[0]
