"""Admins whose rows a service saves: a refusal is shown on the form, next to its field."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

import calls.work_packages.admin as work_package_admin
from calls.models import WorkPackage
from socialtech.tenancy.context import tenant_context
from tests.conftest import login

pytestmark = pytest.mark.django_db


def test_a_refusal_while_saving_shows_the_form_again_as_typed_with_the_reason_by_its_field(
    tenant_a, bob, monkeypatch
):
    def refuse(**values):
        raise ValidationError({"code": "Another member of staff took wp7 a moment ago."})

    monkeypatch.setattr(work_package_admin, "work_package_save", refuse)
    staff = login(Client(), bob, mfa=True)

    response = staff.post(
        reverse("admin:calls_workpackage_add"),
        {"order": "7", "code": "wp7", "name_en": "WP7 Outreach", "name_it": ""},
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors == {"code": ["Another member of staff took wp7 a moment ago."]}
    assert 'value="WP7 Outreach"' in response.content.decode()
    with tenant_context(tenant_a):
        assert not WorkPackage.objects.exists()
