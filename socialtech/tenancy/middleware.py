from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.template.loader import render_to_string

from socialtech.tenancy.context import activate, deactivate
from socialtech.tenancy.models import Domain, Tenant, host_cache_key


def resolve_tenant(host: str) -> Tenant | None:
    """Find the tenant serving ``host`` (port stripped); cached briefly per host."""
    host = host.split(":")[0].strip().lower().rstrip(".")
    key = host_cache_key(host)
    tenant_id = cache.get(key)
    if tenant_id is None:
        domain = (
            Domain.objects.select_related("tenant")
            .filter(host=host, tenant__is_active=True)
            .first()
        )
        tenant_id = domain.tenant_id if domain else 0
        cache.set(key, tenant_id, 60)
    if not tenant_id:
        return None
    return Tenant.objects.filter(pk=tenant_id, is_active=True).first()


class TenantMiddleware:
    """Resolve the tenant once per request from the host and keep it active while it runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = resolve_tenant(request.get_host())
        if tenant is None:
            body = render_to_string("tenancy/unknown_host.html", {"host": request.get_host()})
            return HttpResponseNotFound(body)
        request.tenant = tenant  # type: ignore[attr-defined]
        token = activate(tenant)
        try:
            return self.get_response(request)
        finally:
            deactivate(token)
