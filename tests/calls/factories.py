"""Factories for calls and their forms; used by the calls and applications tests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from calls.models import Call, Criterion, FormField, WorkPackage
from socialtech.tenancy.context import get_active_tenant
from tests.factories import TenantOwnedFactory


class WorkPackageFactory(TenantOwnedFactory):
    class Meta:
        model = WorkPackage
        django_get_or_create = ("tenant", "code")

    code = factory.Sequence(lambda n: f"wp{n}")
    name = factory.LazyAttribute(lambda work_package: {"en": work_package.code.upper()})
    order = 0


class CallFactory(TenantOwnedFactory):
    class Meta:
        model = Call

    slug = factory.Sequence(lambda n: f"open-call-{n}")
    reference = factory.Sequence(lambda n: f"OC{n}")
    kind = "grant"
    work_package = "wp5"
    title = factory.LazyAttribute(
        lambda call: {"en": f"Open call {call.reference}", "it": f"Bando {call.reference}"}
    )
    summary = {"en": "Grants for the digital transition of social enterprises."}
    body = {"en": "## Who can apply\n\nSocial enterprises established in the EU."}
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=10))
    timezone = "Europe/Brussels"
    budget = Decimal("300000.00")
    max_award_per_applicant = Decimal("60000.00")
    expected_awards = 5
    status = "open"

    @classmethod
    def _adjust_kwargs(cls, **kwargs: object) -> dict[str, object]:
        # Tests name a work package by its code ("wp5"): it is the programme's own row.
        code = kwargs.get("work_package")
        if isinstance(code, str):
            tenant = kwargs.get("tenant") or get_active_tenant()
            kwargs["work_package"] = WorkPackageFactory(tenant=tenant, code=code)
        return kwargs


class FormFieldFactory(TenantOwnedFactory):
    class Meta:
        model = FormField

    call = factory.SubFactory(CallFactory)
    tenant = factory.SelfAttribute("call.tenant")
    key = factory.Sequence(lambda n: f"field_{n}")
    order = factory.Sequence(lambda n: n)
    type = "text"
    label = factory.LazyAttribute(lambda field: {"en": field.key.replace("_", " ").capitalize()})
    required = True


class CriterionFactory(TenantOwnedFactory):
    class Meta:
        model = Criterion

    call = factory.SubFactory(CallFactory)
    tenant = factory.SelfAttribute("call.tenant")
    name = {"en": "Excellence"}
    order = factory.Sequence(lambda n: n)


def full_form(call: Call) -> dict[str, FormField]:
    """One field of every type, as the demo call has them."""
    specs = [
        ("project_title", "text", {}),
        ("social_challenge", "textarea", {"max_words": 20}),
        ("team_size", "number", {"min_value": Decimal("1"), "max_value": Decimal("500")}),
        ("requested_amount", "money", {"max_value": Decimal("60000"), "is_requested_amount": True}),
        ("start_date", "date", {}),
        (
            "sector",
            "choice",
            {
                "options": [
                    {"value": "care", "label": {"en": "Care"}},
                    {"value": "food", "label": {"en": "Food"}},
                ]
            },
        ),
        (
            "transitions",
            "multiple_choice",
            {
                "options": [
                    {"value": "digital", "label": {"en": "Digital"}},
                    {"value": "green", "label": {"en": "Green"}},
                ]
            },
        ),
        ("country_of_activity", "country", {}),
        ("work_plan", "file", {"allowed_types": ["pdf"], "max_bytes": 1024 * 1024}),
        ("honour", "declaration", {}),
        (
            "budget",
            "budget_table",
            {
                "options": [
                    {"value": "staff", "label": {"en": "Staff"}},
                    {"value": "equipment", "label": {"en": "Equipment"}},
                ],
                "required": False,
            },
        ),
    ]
    fields = {}
    for key, field_type, extra in specs:
        fields[key] = FormFieldFactory(call=call, key=key, type=field_type, **extra)
    return fields


VALID_ANSWERS = {
    "project_title": "Care robots for rural elders",
    "social_challenge": "Older people in rural areas lack daily support.",
    "team_size": "12",
    "requested_amount": "45000.00",
    "start_date": "2027-01-15",
    "sector": "care",
    "transitions": ["digital", "green"],
    "country_of_activity": "RO",
    "honour": True,
    "budget": [
        {"category": "staff", "description": "Developer", "amount": "30000.00"},
        {"category": "equipment", "description": "Sensors", "amount": "15000.00"},
    ],
}
