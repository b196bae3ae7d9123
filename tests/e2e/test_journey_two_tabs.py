"""One person, one draft, two tabs: the tab that saved second is told, and overwrites nothing."""

from __future__ import annotations

from playwright.sync_api import expect

from applications.models import Application
from applications.services import application_start
from socialtech.tenancy.context import tenant_context
from tests.e2e.conftest import assert_accessible, shot
from tests.e2e.helpers import label, open_call, sign_in, wait_for_autosave
from tests.factories import OrganisationFactory, UserFactory


def stored_title(tenant, pk):
    with tenant_context(tenant):
        return Application.objects.get(pk=pk).answers.get("project_title")


def test_second_tab_is_warned_keeps_its_text_and_overwrites_nothing(page, live_server, e2e_tenant):
    user = UserFactory(email="two.tabs@example.org")
    with tenant_context(e2e_tenant):
        call = open_call(e2e_tenant, reference="OC9")
        organisation = OrganisationFactory(owner=user, legal_name="Cooperativa Due Schede")
        draft = application_start(call=call, organisation=organisation, user=user)

    sign_in(page, email=user.email)
    page.wait_for_url(live_server.url + "/")
    first = page
    first.goto(f"/applications/{draft.pk}/")
    second = first.context.new_page()
    second.test_name = first.test_name
    second.goto(f"/applications/{draft.pk}/")

    # Tab 1 saves first.
    first.get_by_label(label("Project title")).fill("Title typed in tab one")
    first.get_by_label(label("Project title")).press("Tab")
    wait_for_autosave(first)
    assert stored_title(e2e_tenant, draft.pk) == "Title typed in tab one"
    shot(first, "tab-one-saved")

    # Tab 2 still holds the version it loaded: its save is refused, and it says so.
    second.bring_to_front()
    second.get_by_label(label("Project title")).fill("Title typed in tab two")
    second.get_by_label(label("Project title")).press("Tab")
    wait_for_autosave(second, "conflict")
    panel = second.get_by_role("alert").filter(
        has=second.get_by_role(
            "heading", name="Newer answers were saved in another tab or by a co-applicant"
        )
    )
    expect(panel).to_be_visible()
    expect(panel.get_by_role("link", name="Project title")).to_be_visible()
    assert second.locator("#autosave-status").inner_text().startswith("Not saved: ")
    assert second.get_by_label(label("Project title")).input_value() == "Title typed in tab two"
    assert stored_title(e2e_tenant, draft.pk) == "Title typed in tab one"
    shot(second, "tab-two-conflict")
    assert_accessible(second)

    # Only an explicit choice saves tab 2's answers over the newer version.
    panel.get_by_role("button", name="Keep my answers and save them over the newer version").click()
    wait_for_autosave(second)
    expect(panel).to_be_hidden()
    assert stored_title(e2e_tenant, draft.pk) == "Title typed in tab two"
    shot(second, "tab-two-kept")
