from __future__ import annotations

from socialtech.tenancy.links import tenant_absolute_url, tenant_base_url


def test_links_use_the_tenants_primary_host_and_the_public_port(tenant_a, tenant_b, settings):
    settings.DEBUG = True
    settings.PUBLIC_PORT = "8000"
    assert tenant_base_url(tenant_b) == "http://b.localhost:8000"
    settings.DEBUG = False
    settings.PUBLIC_PORT = ""
    assert tenant_absolute_url(tenant_b, "/calls/") == "https://b.localhost/calls/"


def test_links_without_a_tenant_use_a_primary_host(tenant_a, settings):
    settings.PUBLIC_PORT = ""
    settings.DEBUG = False
    assert tenant_base_url(None) in {"https://testserver", "https://a.localhost"}
