"""Work packages belong to their programme: its calls, filters, API and back office use its own."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from calls.models import Call, WorkPackage
from calls.work_packages.services import work_package_delete, work_package_save
from socialtech.audit.models import AuditEvent
from socialtech.tenancy.context import tenant_context
from tests.calls.factories import CallFactory, WorkPackageFactory
from tests.calls.test_admin import call_data
from tests.conftest import HOST_B, login


def filter_options(response) -> list[tuple[str, str]]:
    """The work-package filter's options on the call list, as (value, label)."""
    html = response.content.decode()
    select = re.search(r'<select name="work_package".*?</select>', html, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0))


@pytest.fixture
def two_programmes(tenant_a, tenant_b):
    WorkPackageFactory(tenant=tenant_a, code="wp5", name={"en": "WP5 Acceleration"}, order=5)
    WorkPackageFactory(tenant=tenant_a, code="wp2", name={"en": "WP2 Mapping"}, order=2)
    WorkPackageFactory(
        tenant=tenant_b, code="neighbourhoods", name={"en": "Neighbourhood innovation"}
    )
    CallFactory(tenant=tenant_a, slug="alpha-call", work_package="wp5")
    CallFactory(tenant=tenant_b, slug="beta-call", work_package="neighbourhoods")


def test_each_programmes_call_filter_offers_only_its_own_work_packages(client, two_programmes):
    assert filter_options(client.get("/calls/")) == [
        ("", "All work packages"),
        ("wp2", "WP2 Mapping"),
        ("wp5", "WP5 Acceleration"),
    ]
    assert filter_options(client.get("/calls/", HTTP_HOST=HOST_B)) == [
        ("", "All work packages"),
        ("neighbourhoods", "Neighbourhood innovation"),
    ]


def test_a_work_package_name_follows_the_readers_language(client, tenant_a):
    WorkPackageFactory(
        tenant=tenant_a, code="wp5", name={"en": "WP5 Acceleration", "it": "WP5 Accelerazione"}
    )
    CallFactory(tenant=tenant_a, slug="alpha-call", work_package="wp5")
    page = client.get("/calls/", HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert '<span class="badge">WP5 Accelerazione</span>' in page


def test_another_programmes_work_package_code_finds_nothing_and_says_so(client, two_programmes):
    api = client.get("/api/v1/calls/", {"work_package": "neighbourhoods"})
    assert api.status_code == 400
    assert api.json()["errors"] == {
        "work_package": ["neighbourhoods is not a work package of this programme."]
    }
    page = client.get("/calls/", {"work_package": "neighbourhoods"}).content.decode()
    assert "neighbourhoods is not a work package of this programme." in page


def test_the_api_gives_the_work_package_code_of_the_programme(client, two_programmes):
    response = client.get("/api/v1/calls/", {"work_package": "neighbourhoods"}, HTTP_HOST=HOST_B)
    assert [(c["slug"], c["work_package"]) for c in response.json()["results"]] == [
        ("beta-call", "neighbourhoods")
    ]


def test_a_call_refuses_another_programmes_work_package(tenant_a, tenant_b):
    foreign = WorkPackageFactory(tenant=tenant_b, code="wp5")
    call = CallFactory(tenant=tenant_a, work_package=None)
    call.work_package = foreign
    with tenant_context(tenant_a), pytest.raises(ValidationError) as refused:
        call.full_clean()
    assert refused.value.message_dict == {
        "work_package": ["Choose one of this programme's work packages."]
    }


def test_the_call_builder_offers_and_accepts_only_the_programmes_work_packages(
    tenant_a, tenant_b, bob
):
    WorkPackageFactory(tenant=tenant_a, code="wp5", name={"en": "WP5 Acceleration"})
    WorkPackageFactory(tenant=tenant_b, code="neighbourhoods")
    staff = login(Client(), bob, mfa=True)
    add_url = reverse("admin:calls_call_add")
    form = staff.get(add_url).content.decode()
    assert '<option value="wp5">WP5 Acceleration</option>' in form
    assert "neighbourhoods" not in form

    refused = staff.post(add_url, call_data(work_package="neighbourhoods"))
    assert refused.status_code == 200
    assert "neighbourhoods is not a work package of this programme." in refused.content.decode()
    accepted = staff.post(add_url, call_data(work_package="wp5"))
    assert accepted.status_code == 302
    with tenant_context(tenant_a):
        assert Call.objects.get(slug="digital-care").work_package.code == "wp5"


def test_staff_keep_their_programmes_work_packages_in_the_back_office(tenant_a, tenant_b, bob):
    staff = login(Client(), bob, mfa=True)
    response = staff.post(
        reverse("admin:calls_workpackage_add"),
        {"order": "3", "code": "wp3", "name_en": "WP3 Upskilling", "name_it": "WP3 Formazione"},
    )
    assert response.status_code == 302
    with tenant_context(tenant_a):
        created = WorkPackage.objects.get(code="wp3")
    assert (created.name, created.tenant) == (
        {"en": "WP3 Upskilling", "it": "WP3 Formazione"},
        tenant_a,
    )
    assert AuditEvent.objects.get(verb="work_package.created").actor == bob
    with tenant_context(tenant_b):
        assert not WorkPackage.objects.exists()


def test_a_code_is_unique_in_its_programme_only(tenant_a, tenant_b, bob):
    with tenant_context(tenant_a):
        work_package_save(by=bob, code="wp5", name={"en": "WP5"}, order=5)
        with pytest.raises(ValidationError) as refused:
            work_package_save(by=bob, code="wp5", name={"en": "Again"}, order=6)
    assert refused.value.message_dict == {
        "code": ["Another work package of this programme uses the code wp5."]
    }
    with tenant_context(tenant_b):
        assert work_package_save(by=bob, code="wp5", name={"en": "WP5"}, order=5).tenant == tenant_b


def test_a_work_package_with_calls_is_not_removed(tenant_a, bob):
    CallFactory(tenant=tenant_a, work_package="wp5")
    with tenant_context(tenant_a):
        used = WorkPackage.objects.get(code="wp5")
        with pytest.raises(ValidationError, match="move them to another work package first"):
            work_package_delete(work_package=used, by=bob)
        assert WorkPackage.objects.filter(code="wp5").exists()


def test_the_demo_programmes_have_their_own_work_packages(db, capsys):
    call_command("seed_demo")
    codes = {
        tenant: set(WorkPackage.unscoped.filter(tenant__slug=tenant).values_list("code", flat=True))
        for tenant in ("socialtech4eu", "democluster")
    }
    assert codes == {
        "socialtech4eu": {"wp2", "wp3", "wp4", "wp5", "wp6"},
        "democluster": {"neighbourhoods", "learning"},
    }
    for call in Call.unscoped.select_related("work_package"):
        assert call.work_package.tenant_id == call.tenant_id
