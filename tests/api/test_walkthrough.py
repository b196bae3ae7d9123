"""The walkthrough script, run over real HTTP against the live test server."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core import mail

from applications.models import Application, Attachment
from calls.answers import check_for_submission
from calls.models import FormField
from tests.api.factories import ApplicationFactory
from tests.calls.factories import CallFactory, FormFieldFactory
from tests.conftest import PASSWORD
from tests.factories import DomainFactory, OrganisationFactory

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "api_walkthrough.py"


def load_script():
    spec = importlib.util.spec_from_file_location("api_walkthrough", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


walkthrough = load_script()


@pytest.fixture
def served(live_server, tenant_a):
    """Programme A answers on the live server's host (tasks run in place, as in every test)."""
    DomainFactory(tenant=tenant_a, host="localhost", is_primary=False)


def run(live_server, *extra):
    return walkthrough.main(
        [live_server.url, "--email", "applicant@example.org", "--password", PASSWORD, *extra]
    )


def test_walkthrough_creates_an_organisation_and_submits_over_http(
    served, live_server, open_call, applicant, capsys
):
    assert run(live_server) == 0

    output = capsys.readouterr().out
    application = Application.unscoped.get()
    assert application.status == "submitted"
    assert application.organisation.legal_name == "Cooperativa Sociale Walkthrough"
    assert application.organisation.members.get().user == applicant
    assert Attachment.unscoped.get(application=application).field_key == "work_plan"
    assert f"receipt:         {application.receipt_number}" in output
    assert "(created)" in output
    for check in (
        "ok  token issued",
        "ok  stale save refused with 409 stale_version",
        "ok  second submission gave the same receipt",
        "ok  submitted application locked (not_a_draft)",
    ):
        assert check in output
    receipts = [
        message
        for message in mail.outbox
        if application.receipt_number in message.subject + message.body
    ]
    assert len(receipts) == 1
    assert receipts[0].attachments[0][2] == "application/pdf"


def test_walkthrough_resumes_the_draft_of_the_users_organisation(
    served, live_server, open_call, applicant, capsys
):
    organisation = OrganisationFactory(owner=applicant, legal_name="Fondazione Esistente")
    draft = ApplicationFactory(
        call=open_call, organisation=organisation, created_by=applicant, version=4
    )

    assert run(live_server, "--call", open_call.slug) == 0

    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert draft.receipt_number
    assert Application.unscoped.count() == 1
    output = capsys.readouterr().out
    assert "version 4 -> 5" in output
    assert "(resumed draft)" in output


def test_walkthrough_fails_with_a_message_when_no_call_is_open(
    served, live_server, applicant, capsys
):
    assert run(live_server) == 1
    assert "FAILED: no open call in this programme" in capsys.readouterr().err


def test_answers_built_from_the_form_definition_pass_every_rule(client, open_call):
    FormFieldFactory(call=open_call, key="motivation", type="textarea", max_words=3)
    FormFieldFactory(
        call=open_call,
        key="costs",
        type="budget_table",
        options=[{"value": "travel", "label": {"en": "Travel"}}],
    )
    definition = client.get(f"/api/v1/calls/{open_call.slug}/").json()

    answers = walkthrough.build_answers(
        definition["fields"], budget=Decimal(definition["budget"]), today=date(2026, 3, 1)
    )

    fields = list(FormField.unscoped.filter(call=open_call).order_by("order", "pk"))
    assert check_for_submission(fields, answers, {"work_plan"}) == []
    assert answers["motivation"] == "Our cooperative will"
    assert answers["team_size"] == 1
    assert answers["start_date"] == "2026-03-31"
    assert answers["sector"] == "care"
    assert answers["transitions"] == ["digital"]
    assert answers["country_of_activity"] == "IT"
    assert answers["honour"] is True
    assert answers["costs"] == [
        {"category": "travel", "description": "Walkthrough costs", "amount": "1000.00"}
    ]
    assert "budget" not in answers  # optional in this form
    assert "work_plan" not in answers  # files are uploaded, not answered


def test_money_stays_within_a_small_calls_budget(tenant_a):
    call = CallFactory(tenant=tenant_a, budget=Decimal("500.00"), max_award_per_applicant=0)
    FormFieldFactory(call=call, key="amount", type="money")
    fields = [{"key": "amount", "type": "money", "required": True, "options": []}]

    assert walkthrough.build_answers(fields, budget=call.budget) == {"amount": "500.00"}
