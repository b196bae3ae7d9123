"""Absolute links to a tenant's site, for e-mails and documents made outside a request."""

from __future__ import annotations

from django.conf import settings

from socialtech.tenancy.models import Domain, Tenant


def public_origin(host: str) -> str:
    """``scheme://host[:port]`` of the public site at ``host``.

    The scheme is http in DEBUG and https otherwise; ``PUBLIC_PORT`` adds a port, which
    `make run PORT=…` sets to the development server's.
    """
    scheme = "http" if settings.DEBUG else "https"
    port = settings.PUBLIC_PORT
    return f"{scheme}://{host}:{port}" if port else f"{scheme}://{host}"


def tenant_base_url(tenant: Tenant | None) -> str:
    """``scheme://host[:port]`` of the tenant's primary host (any of its hosts if none is).

    The scheme is http in DEBUG and https otherwise; ``PUBLIC_PORT`` adds a port, which
    `make run` sets to the development server's.
    """
    domains = Domain.objects.filter(tenant__is_active=True).order_by("-is_primary", "host")
    domain = domains.filter(tenant=tenant).first() if tenant is not None else None
    if domain is None:
        domain = domains.filter(is_primary=True).order_by("tenant_id", "host").first()
    return public_origin(domain.host if domain else "localhost")


def tenant_absolute_url(tenant: Tenant | None, path: str) -> str:
    return f"{tenant_base_url(tenant)}{path}"
