"""Query budgets of the back-office application pages: a fixed number, whatever the rows."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Attachment, EligibilityCheck
from organisations.models import Organisation
from tests.calls.factories import CallFactory, full_form
from tests.conftest import login
from tests.factories import OrganisationFactory, UserFactory

LIST_BUDGET = 12
CHANGELIST = "admin:applications_application_changelist"


def add_applications(*, tenant, call, user, count: int, start: int) -> None:
    """``count`` submitted applications, each of its own organisation (an N+1 would show)."""
    template = OrganisationFactory.build()
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                **{
                    field.attname: getattr(template, field.attname)
                    for field in Organisation._meta.concrete_fields
                    if not field.primary_key
                },
            )
            for _ in range(count)
        ]
    )
    for offset, organisation in enumerate(organisations):
        organisation.legal_name = f"Cooperativa Numero {start + offset}"
    Organisation.objects.bulk_update(organisations, ["legal_name"])
    Application.unscoped.bulk_create(
        [
            Application(
                tenant=tenant,
                call=call,
                organisation=organisation,
                created_by=user,
                status="submitted" if n % 5 else "eligible",
                title=f"Project {start + n}",
                requested_amount=Decimal("10000.00"),
                receipt_number=f"ALPHA-2026-{call.reference}-{start + n:06d}",
                submitted_at=timezone.now(),
            )
            for n, organisation in enumerate(organisations)
        ]
    )


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def staff_client(client, alice):
    return login(client, alice, mfa=True)


def test_application_list_needs_the_same_few_queries_for_5_and_500_rows_on_any_page(
    staff_client, tenant_a, applicant, django_assert_max_num_queries
):
    call = CallFactory(tenant=tenant_a, reference="OC1")
    CallFactory(tenant=tenant_a, reference="OC2")
    url = reverse(CHANGELIST)
    add_applications(tenant=tenant_a, call=call, user=applicant, count=5, start=1)
    staff_client.get(url)  # the host's programme is cached after the first request

    with django_assert_max_num_queries(LIST_BUDGET):
        response = staff_client.get(url)
    assert len(response.context["cl"].result_list) == 5
    with_5 = count_queries(staff_client, url)

    add_applications(tenant=tenant_a, call=call, user=applicant, count=495, start=6)
    with django_assert_max_num_queries(LIST_BUDGET):
        first_page = staff_client.get(url)
    assert len(first_page.context["cl"].result_list) == 50
    last_page_number = first_page.context["cl"].paginator.num_pages
    assert last_page_number == 10
    with django_assert_max_num_queries(LIST_BUDGET):
        last_page = staff_client.get(url, {"p": last_page_number})
    assert len(last_page.context["cl"].result_list) == 50

    with_500 = count_queries(staff_client, url)
    on_last_page = count_queries(staff_client, url, {"p": last_page_number})
    filtered = count_queries(
        staff_client, url, {"call__id__exact": call.pk, "sme": "yes", "q": "Numero"}
    )
    assert with_5 == with_500 == on_last_page == filtered


def test_application_detail_needs_the_same_queries_however_much_it_holds(
    staff_client, tenant_a, applicant, alice, bob
):
    call = CallFactory(tenant=tenant_a, reference="OC1")
    full_form(call)
    quiet, busy = (
        Application.unscoped.create(
            tenant=tenant_a,
            call=call,
            organisation=OrganisationFactory(),
            created_by=applicant,
            status="submitted",
            receipt_number=f"ALPHA-2026-OC1-00000{n}",
            submitted_at=timezone.now(),
            submitted_answers={"project_title": "A project"},
        )
        for n in (1, 2)
    )
    for rule in ("countries", "max_applications", "funding_cap", "documents_complete"):
        for person in (alice, bob, UserFactory()):
            EligibilityCheck.unscoped.create(
                tenant=tenant_a, application=busy, rule=rule, is_met=True, checked_by=person
            )
    for key in ("work_plan", "annex_one", "annex_two"):
        Attachment.unscoped.create(
            tenant=tenant_a,
            application=busy,
            field_key=key,
            file=f"applications/alpha/{key}.pdf",
            original_name=f"{key}.pdf",
            size=10,
            sha256="0" * 64,
            content_type="application/pdf",
            uploaded_by=applicant,
        )

    def detail(application):
        return count_queries(
            staff_client, reverse("admin:applications_application_change", args=[application.pk])
        )

    detail(quiet)  # warm the host cache
    assert detail(quiet) == detail(busy)
    assert detail(busy) <= 25
